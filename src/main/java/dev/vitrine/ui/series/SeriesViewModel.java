package dev.vitrine.ui.series;

import dev.vitrine.compare.series.CheckpointSeries;
import dev.vitrine.compare.series.SeriesCompare;
import dev.vitrine.compare.series.SnapshotSource;
import dev.vitrine.compare.series.TensorSeries;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.Messages;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * State of the series compare window: the snapshots in the user's order (added, dropped, moved,
 * removed), the drift of every tensor once computed (rows of the drift map, sorted and grouped by layer
 * as asked), the colour reference (change from the previous snapshot or from the first), the selected
 * tensor for the curves, progress and cancel while the snapshots stream. Clicking a cell asks for the
 * two-snapshot compare of that step through the opener given by the caller. Lives on the FX thread.
 */
public final class SeriesViewModel {

    public enum Reference { PREVIOUS, FIRST }

    public enum Order {
        MODEL("model order"), MOST_CHANGED("largest step first"), FINAL_CHANGE("largest total change first"), NAME("name");

        private final String label;

        Order(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Async async;
    private final BiConsumer<SnapshotSource, SnapshotSource> pairOpener;
    private final ObservableList<SnapshotSource> snapshots = FXCollections.observableArrayList();
    private final ObservableList<TensorSeries> rows = FXCollections.observableArrayList();
    private final ObservableList<TensorSeries> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.EMPTY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Add two or more checkpoints (drop files here), in the order to compare");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyObjectWrapper<CheckpointSeries> result = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Reference> reference = new SimpleObjectProperty<>(Reference.PREVIOUS);
    private final ObjectProperty<Order> order = new SimpleObjectProperty<>(Order.MODEL);
    private final BooleanProperty groupByLayer = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<TensorSeries> selected = new ReadOnlyObjectWrapper<>();
    private Async.Handle work;
    private boolean disposed;

    /** @param pairOpener opens the existing two-snapshot compare for (earlier, later) */
    public SeriesViewModel(Async async, BiConsumer<SnapshotSource, SnapshotSource> pairOpener) {
        this.async = async;
        this.pairOpener = pairOpener;
        reference.addListener((o, a, b) -> resort());
        order.addListener((o, a, b) -> resort());
        groupByLayer.addListener((o, a, b) -> resort());
    }

    // ---- state ----
    public ObservableList<SnapshotSource> snapshots() { return snapshots; }
    public ObservableList<TensorSeries> rows() { return rowsView; }
    public ReadOnlyObjectProperty<LoadState> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** 0..1 while streaming, -1 when indeterminate. */
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<CheckpointSeries> resultProperty() { return result.getReadOnlyProperty(); }
    public ObjectProperty<Reference> referenceProperty() { return reference; }
    public ObjectProperty<Order> orderProperty() { return order; }
    public BooleanProperty groupByLayerProperty() { return groupByLayer; }
    public ReadOnlyObjectProperty<TensorSeries> selectedProperty() { return selected.getReadOnlyProperty(); }

    public boolean isRunning() {
        return state.get() == LoadState.LOADING;
    }

    // ---- intents ----

    public void add(SnapshotSource s) {
        snapshots.add(s);
    }

    /** Files dropped on the window, appended in the order given. */
    public void addFiles(List<Path> files) {
        for (Path p : files) snapshots.add(SnapshotSource.file(p));
    }

    public void remove(int index) {
        if (index >= 0 && index < snapshots.size()) snapshots.remove(index);
    }

    /** Moves a snapshot one place up (-1) or down (+1). */
    public void move(int index, int by) {
        int to = index + by;
        if (index < 0 || index >= snapshots.size() || to < 0 || to >= snapshots.size()) return;
        SnapshotSource s = snapshots.remove(index);
        snapshots.add(to, s);
    }

    /** Streams the snapshots in their current order in the background. */
    public void compute() {
        if (snapshots.size() < 2) {
            message.set("A series needs at least two snapshots (" + snapshots.size() + " given)");
            state.set(LoadState.EMPTY);
            return;
        }
        cancelWork();
        List<SnapshotSource> list = List.copyOf(snapshots);
        computing = list;
        int n = list.size();
        state.set(LoadState.LOADING);
        progress.set(0);
        message.set("Reading " + list.get(0).label() + " (1 of " + n + ")…");
        SeriesCompare.Progress p = (i, total, label) -> async.ui().execute(() -> {
            if (state.get() != LoadState.LOADING) return;
            progress.set((double) i / total);
            message.set("Reading " + label + " (" + (i + 1) + " of " + total + ") and comparing it with the previous and the first…");
        });
        work = async.run(() -> SeriesCompare.compute(list, p), this::show, this::failed);
    }

    /** Stops streaming; what was computed is dropped. */
    public void cancel() {
        if (!isRunning()) return;
        cancelWork();
        progress.set(-1);
        state.set(LoadState.EMPTY);
        message.set("Cancelled. Compare again when ready.");
    }

    public void select(TensorSeries t) {
        selected.set(t);
    }

    /**
     * Opens the two-snapshot compare behind a cell: snapshot {@code index} against the previous one,
     * or against the first, as the colours show. Nothing for the first column.
     */
    public void openPair(int index) {
        CheckpointSeries r = result.get();
        if (r == null || index <= 0 || index >= r.snapshots().size() || sources == null) return;
        int ref = reference.get() == Reference.PREVIOUS ? index - 1 : 0;
        pairOpener.accept(sources.get(ref), sources.get(index));
    }

    /** The colour value of a cell: the relative change in the current reference, or null. */
    public Double cell(TensorSeries t, int index) {
        return reference.get() == Reference.PREVIOUS ? t.relChangePrev(index) : t.relChangeFirst(index);
    }

    public void dispose() {
        disposed = true;
        cancelWork();
    }

    // ---- internals ----

    private List<SnapshotSource> computing;
    private List<SnapshotSource> sources;

    private void show(CheckpointSeries s) {
        if (disposed) return;
        work = null;
        sources = computing;
        result.set(s);
        progress.set(-1);
        resort();
        if (selected.get() != null) selected.set(s.tensor(selected.get().name()));
        state.set(LoadState.READY);
        long moved = s.tensors().stream().filter(t -> t.maxRelChangePrev() > 0).count();
        message.set(s.tensors().size() + " tensors over " + s.snapshots().size() + " snapshots · " + moved + " changed at some step");
    }

    private void failed(Throwable e) {
        if (disposed) return;
        work = null;
        progress.set(-1);
        if (e instanceof java.util.concurrent.CancellationException) {
            state.set(LoadState.EMPTY);
            message.set("Cancelled. Compare again when ready.");
            return;
        }
        state.set(LoadState.ERROR);
        message.set("Could not compare the series: " + Messages.of(e));
    }

    private void cancelWork() {
        if (work != null) work.cancel();
        work = null;
    }

    private void resort() {
        CheckpointSeries s = result.get();
        if (s == null) {
            rows.clear();
            return;
        }
        Comparator<TensorSeries> within = comparator();
        List<TensorSeries> out = new ArrayList<>();
        if (groupByLayer.get()) {
            Map<String, List<TensorSeries>> groups = new LinkedHashMap<>();
            for (TensorSeries t : s.tensors()) groups.computeIfAbsent(t.group(), k -> new ArrayList<>()).add(t);
            List<List<TensorSeries>> gs = new ArrayList<>(groups.values());
            if (within != null) {
                gs.forEach(g -> g.sort(within));
                // a group ranks by its first (most changed) member
                gs.sort((a, b) -> within.compare(a.get(0), b.get(0)));
            }
            gs.forEach(out::addAll);
        } else {
            out.addAll(s.tensors());
            if (within != null) out.sort(within);
        }
        rows.setAll(out);
    }

    private Comparator<TensorSeries> comparator() {
        switch (order.get()) {
            case MOST_CHANGED:
                return Comparator.comparingDouble((TensorSeries t) -> maxCell(t)).reversed();
            case FINAL_CHANGE:
                return Comparator.comparingDouble(TensorSeries::finalRelChangeFirst).reversed();
            case NAME:
                return Comparator.comparing(TensorSeries::name);
            default:
                return null;
        }
    }

    private double maxCell(TensorSeries t) {
        double m = 0;
        for (int i = 0; i < t.snapshots(); i++) {
            Double d = cell(t, i);
            if (d != null && d > m) m = d;
        }
        return m;
    }
}
