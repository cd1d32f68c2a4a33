package dev.vitrine.ui.preview.text;

import dev.vitrine.preview.text.TextContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Locale;

/** A text file's head, its facts (encoding, lines) and search hits over the whole file. FX thread only. */
public final class TextViewModel {

    private final TextContent content;
    private final Async async;
    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.LOADING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Reading…");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private final ObservableList<TextContent.Hit> hits = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper("");
    private Async.Handle searchHandle;
    private boolean truncated;

    public TextViewModel(TextContent content, Async async) {
        this.content = content;
        this.async = async;
        async.run(content::head, h -> {
            text.set(h.text());
            truncated = h.truncated();
            info.set(content.encoding() + (truncated ? " · showing the beginning" : ""));
            state.set(LoadState.READY);
            async.run(content::lineCount, n -> info.set(String.format(Locale.ROOT, "%s · %,d lines%s", content.encoding(), n,
                    truncated ? " · showing the beginning" : "")), e -> { });
        }, e -> {
            message.set(e.getMessage());
            state.set(LoadState.ERROR);
        });
    }

    public ReadOnlyObjectProperty<LoadState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ObservableList<TextContent.Hit> hits() {
        return hits;
    }

    public ReadOnlyStringProperty searchStatusProperty() {
        return searchStatus.getReadOnlyProperty();
    }

    /** Searches the whole file (streamed), up to 1000 hits. */
    public void search(String query) {
        if (searchHandle != null) searchHandle.cancel();
        hits.clear();
        if (query == null || query.isEmpty()) {
            searchStatus.set("");
            return;
        }
        searchStatus.set("Searching…");
        searchHandle = async.run(() -> content.search(query, 1000), h -> {
            hits.setAll(h);
            searchStatus.set(h.isEmpty() ? "No match" : String.format(Locale.ROOT, "%,d match%s%s", h.size(), h.size() == 1 ? "" : "es", h.size() == 1000 ? "+" : ""));
        }, e -> searchStatus.set(e.getMessage()));
    }
}
