package dev.vitrine.ui.cache;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.CacheEntry;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.Format;
import dev.vitrine.ui.common.LoadState;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Cache panel: where the cache is, how big, its entries with their source uris, and the
 * intents open, evict, clear and change the size limits. Disk work runs in the background through
 * {@link Async}; errors land in {@link #messageProperty()}.
 */
public final class CacheViewModel {

    private final ArtifactCache cache;
    private final Async async;
    private final Consumer<Path> opener;
    private final ObservableList<CacheEntryRowViewModel> entries = FXCollections.observableArrayList();
    private final ObservableList<CacheEntryRowViewModel> readOnlyEntries = FXCollections.unmodifiableObservableList(entries);
    private final ObjectProperty<LoadState> state = new SimpleObjectProperty<>(LoadState.EMPTY);
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty location = new SimpleStringProperty();
    private final LongProperty totalBytes = new SimpleLongProperty();
    private final StringProperty summary = new SimpleStringProperty("");
    private final IntegerProperty entryLimit = new SimpleIntegerProperty();
    private final LongProperty byteLimit = new SimpleLongProperty();
    private Async.Handle pending;

    /** @param opener opens a file or folder with the desktop (the app passes its host services) */
    public CacheViewModel(ArtifactCache cache, Async async, Consumer<Path> opener) {
        this.cache = cache;
        this.async = async;
        this.opener = opener;
        location.set(cache.folder().toString());
        entryLimit.set(cache.entryLimit());
        byteLimit.set(cache.byteLimit());
    }

    // ---- state

    public ObservableList<CacheEntryRowViewModel> entries() {
        return readOnlyEntries;
    }

    public ReadOnlyObjectProperty<LoadState> stateProperty() {
        return state;
    }

    /** The last error, or a short confirmation ("Removed 3 entries"). */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyStringProperty locationProperty() {
        return location;
    }

    public ReadOnlyLongProperty totalBytesProperty() {
        return totalBytes;
    }

    /** "12 entries · 1.2 GB · limit 100 entries". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    public ReadOnlyIntegerProperty entryLimitProperty() {
        return entryLimit;
    }

    /** 0 = no byte limit. */
    public ReadOnlyLongProperty byteLimitProperty() {
        return byteLimit;
    }

    // ---- intents

    /** Lists the entries again. */
    public void refresh() {
        if (pending != null) pending.cancel();
        if (entries.isEmpty()) state.set(LoadState.LOADING);
        pending = async.run(cache::entries, this::show, this::fail);
    }

    /** Opens an entry with the desktop (a file with its application, a folder in the file manager). */
    public void open(CacheEntryRowViewModel row) {
        opener.accept(row.entry().path());
    }

    public void openLocation() {
        opener.accept(cache.folder());
    }

    public void evict(CacheEntryRowViewModel row) {
        async.run(() -> {
            cache.evict(row.name());
            return cache.entries();
        }, list -> {
            message.set("Removed " + row.name());
            show(list);
        }, this::fail);
    }

    public void clear() {
        async.run(() -> {
            int n = cache.clear();
            return new Object[] {n, cache.entries()};
        }, r -> {
            @SuppressWarnings("unchecked")
            List<CacheEntry> list = (List<CacheEntry>) r[1];
            message.set("Removed " + r[0] + " entries" + (list.isEmpty() ? "" : "; " + list.size() + " in use were kept"));
            show(list);
        }, this::fail);
    }

    /** Sets the SDK's entry-count limit and an optional byte limit (0 = none), applied at once. */
    public void setLimits(int entries, long bytes) {
        async.run(() -> {
            cache.setLimits(entries, bytes);
            return cache.entries();
        }, list -> {
            entryLimit.set(cache.entryLimit());
            byteLimit.set(cache.byteLimit());
            show(list);
        }, this::fail);
    }

    private void show(List<CacheEntry> list) {
        entries.setAll(list.stream().map(CacheEntryRowViewModel::new).toList());
        long total = list.stream().mapToLong(CacheEntry::size).sum();
        totalBytes.set(total);
        summary.set(list.size() + (list.size() == 1 ? " entry · " : " entries · ") + Format.bytes(total)
                + " · limit " + cache.entryLimit() + " entries" + (cache.byteLimit() > 0 ? " / " + Format.bytes(cache.byteLimit()) : ""));
        state.set(list.isEmpty() ? LoadState.EMPTY : LoadState.READY);
    }

    private void fail(Throwable t) {
        String m = t.getMessage();
        message.set(m == null ? t.getClass().getSimpleName() : m);
        if (entries.isEmpty()) state.set(LoadState.ERROR);
    }
}
