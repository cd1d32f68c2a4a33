package dev.vitrine.ui.compare;

import dev.vitrine.compare.ArrayDiff;
import dev.vitrine.compare.Checkpoint;
import dev.vitrine.compare.Checkpoints;
import dev.vitrine.compare.Diffs;
import dev.vitrine.compare.ImageDiff;
import dev.vitrine.compare.TableDiff;
import dev.vitrine.compare.ModelDiff;
import dev.vitrine.compare.Tensor;
import dev.vitrine.compare.TensorDiff;
import dev.vitrine.compare.TextDiff;
import dev.vitrine.preview.array.Histogram;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.Slice2D;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.ModelRef;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * State of the compare view: two models/checkpoints (metadata side by side with differences, the
 * design text as a line diff, the tensor table, per-group totals, the histogram of a selected tensor
 * A vs B), or two arrays (statistics and, when the shapes match, |A−B| of the first 2-D plane), two
 * images (pixels of both, the difference image and its statistics), two tables (schema and per-column
 * statistics), or two texts. A checkpoint alone is a one-sided compare. All reading runs
 * through {@link Async}; the view model owns the opened checkpoints until {@link #dispose()}.
 * Lives on the FX thread.
 */
public final class CompareViewModel {

    /** One metadata field on both sides. */
    public record MetaRow(String field, String a, String b) {
        public boolean differs() {
            return !Objects.equals(a, b);
        }
    }

    private final Async async;
    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.EMPTY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Choose two models, checkpoints or artifacts to compare");
    private final ReadOnlyObjectWrapper<Diffs.Kind> kind = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
    private final ObservableList<MetaRow> metadata = FXCollections.observableArrayList();
    private final ObservableList<MetaRow> metadataView = FXCollections.unmodifiableObservableList(metadata);
    private final ObservableList<TextDiff.Row> designDiff = FXCollections.observableArrayList();
    private final ObservableList<TextDiff.Row> designDiffView = FXCollections.unmodifiableObservableList(designDiff);
    private final ObservableList<TensorDiff> tensors = FXCollections.observableArrayList();
    private final ObservableList<TensorDiff> tensorsView = FXCollections.unmodifiableObservableList(tensors);
    private final ObservableList<ModelDiff.GroupTotal> groups = FXCollections.observableArrayList();
    private final ObservableList<ModelDiff.GroupTotal> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ReadOnlyStringWrapper selectedTensor = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Histogram[]> histograms = new ReadOnlyObjectWrapper<>();
    private final ObservableList<MetaRow> arrayRows = FXCollections.observableArrayList();
    private final ObservableList<MetaRow> arrayRowsView = FXCollections.unmodifiableObservableList(arrayRows);
    private final ObservableList<TextDiff.Row> textRows = FXCollections.observableArrayList();
    private final ObservableList<TextDiff.Row> textRowsView = FXCollections.unmodifiableObservableList(textRows);
    private final ReadOnlyObjectWrapper<Slice2D> arrayDifference = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ImageDiff> imageDiff = new ReadOnlyObjectWrapper<>();
    private final ObservableList<TableDiff.Column> tableColumns = FXCollections.observableArrayList();
    private final ObservableList<TableDiff.Column> tableColumnsView = FXCollections.unmodifiableObservableList(tableColumns);

    /** The array difference heatmap is sampled to at most this many rows and columns. */
    static final int HEATMAP_MAX = 512;

    private Checkpoint checkpointA;
    private Checkpoint checkpointB;
    private Async.Handle work;
    private Async.Handle histWork;

    public CompareViewModel(Async async) {
        this.async = async;
    }

    /** A checkpoint alone: its tensor table as a one-sided compare (the checkpoint stays owned by its content). */
    public static CompareViewModel single(Checkpoint c, Async async) {
        CompareViewModel vm = new CompareViewModel(async);
        vm.single.set(true);
        vm.showSingle(c);
        return vm;
    }

    // ---- read-only state ----
    public ReadOnlyObjectProperty<LoadState> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Diffs.Kind> kindProperty() { return kind.getReadOnlyProperty(); }
    public ReadOnlyStringProperty headlineProperty() { return headline.getReadOnlyProperty(); }
    public ObservableList<MetaRow> metadata() { return metadataView; }
    public ObservableList<TextDiff.Row> designDiff() { return designDiffView; }
    public ObservableList<TensorDiff> tensors() { return tensorsView; }
    public ObservableList<ModelDiff.GroupTotal> groups() { return groupsView; }
    public ReadOnlyStringProperty selectedTensorProperty() { return selectedTensor.getReadOnlyProperty(); }
    /** {A, B} histograms over a shared range for the selected tensor; either may be null. */
    public ReadOnlyObjectProperty<Histogram[]> histogramsProperty() { return histograms.getReadOnlyProperty(); }
    public ObservableList<MetaRow> arrayRows() { return arrayRowsView; }
    public ObservableList<TextDiff.Row> textRows() { return textRowsView; }
    /** |A−B| of the first 2-D plane of two arrays of the same shape, else null. */
    public ReadOnlyObjectProperty<Slice2D> arrayDifferenceProperty() { return arrayDifference.getReadOnlyProperty(); }
    /** The image comparison (both images' pixels, the difference image, statistics), else null. */
    public ReadOnlyObjectProperty<ImageDiff> imageDiffProperty() { return imageDiff.getReadOnlyProperty(); }
    /** The table comparison's columns (schema status and statistics A vs B). */
    public ObservableList<TableDiff.Column> tableColumns() { return tableColumnsView; }

    // ---- intents ----

    /** Compares two models (their metadata and weights files). */
    public void compareModels(ModelRef a, Path fileA, ModelRef b, Path fileB) {
        metadata.setAll(modelRows(a, fileA, b, fileB));
        designDiff.setAll(TextDiff.of(a.design() == null ? "" : a.design(), b.design() == null ? "" : b.design()).rows());
        compareFiles(fileA, fileB, false);
    }

    /** Compares two local files of any kind (checkpoints, arrays, text, bytes). */
    public void compareFiles(Path a, Path b) {
        compareFiles(a, b, true);
    }

    private void compareFiles(Path a, Path b, boolean resetMetadata) {
        cancel();
        closeCheckpoints();
        if (resetMetadata) {
            metadata.setAll(fileRows(a, b));
            designDiff.clear();
        }
        tensors.clear();
        groups.clear();
        arrayRows.clear();
        textRows.clear();
        arrayDifference.set(null);
        imageDiff.set(null);
        tableColumns.clear();
        histograms.set(null);
        selectedTensor.set(null);
        state.set(LoadState.LOADING);
        message.set("Comparing " + a.getFileName() + " and " + b.getFileName() + "…");
        work = async.run(() -> compute(a, b), this::show, this::failed);
    }

    private record Result(Diffs.Kind kind, Checkpoint a, Checkpoint b, ModelDiff model, ArrayDiff array, Slice2D arrayDiff,
                          ImageDiff image, TableDiff table, TextDiff text, Map<String, Object> file) {
        Result(Diffs.Kind kind, Checkpoint a, Checkpoint b, ModelDiff model, ArrayDiff array, TextDiff text, Map<String, Object> file) {
            this(kind, a, b, model, array, null, null, null, text, file);
        }
    }

    private static Result compute(Path a, Path b) throws Exception {
        Diffs.Kind k = Diffs.kindOf(a, b);
        switch (k) {
            case CHECKPOINT: {
                Checkpoint ca = Checkpoints.open(a);
                try {
                    Checkpoint cb = Checkpoints.open(b);
                    return new Result(k, ca, cb, ModelDiff.compute(ca, cb), null, null, null);
                } catch (Exception e) {
                    ca.close();
                    throw e;
                }
            }
            case ARRAY:
                try (NdArray xa = Diffs.openArray(a); NdArray xb = Diffs.openArray(b)) {
                    return new Result(k, null, null, null, ArrayDiff.of(xa, xb), ArrayDiff.sliceDifference(xa, xb, HEATMAP_MAX, HEATMAP_MAX),
                            null, null, null, null);
                }
            case IMAGE:
                return new Result(k, null, null, null, null, null, ImageDiff.of(a, b), null, null, null);
            case TABLE:
                return new Result(k, null, null, null, null, null, null, TableDiff.of(a, b), null, null);
            case TEXT:
                return new Result(k, null, null, null, null, TextDiff.of(a, b), null);
            default:
                return new Result(k, null, null, null, null, null, Diffs.document(a, b));
        }
    }

    private void show(Result r) {
        kind.set(r.kind());
        switch (r.kind()) {
            case CHECKPOINT:
                checkpointA = r.a();
                checkpointB = r.b();
                tensors.setAll(r.model().tensors());
                // how far the weights moved: float tensors only, in the headline and the groups alike (an int64
                // step counter would dominate the norms); the other tensors are counted apart
                ModelDiff.GroupTotal w = r.model().floatTotal();
                ModelDiff.GroupTotal other = r.model().otherTotal();
                groups.setAll(r.model().floatGroups());
                groups.add(w);
                if (other.tensors() > 0) groups.add(other);
                headline.set(String.format("%d of %d float tensors differ · L2(A−B) %s · relative change %s", w.changed(), w.tensors(),
                        num(w.l2Diff()), w.relChange() == null ? "–" : num(w.relChange()))
                        + (other.tensors() == 0 ? "" : String.format(" · %d of %d integer/other tensors differ (not in the totals)",
                        other.changed(), other.tensors())));
                if (!tensors.isEmpty()) selectTensor(tensors.get(0).name());
                break;
            case ARRAY: {
                ArrayDiff d = r.array();
                List<MetaRow> rows = new ArrayList<>();
                rows.add(new MetaRow("shape", NdArray.shapeText(d.shapeA()), NdArray.shapeText(d.shapeB())));
                rows.add(new MetaRow("dtype", d.dtypeA(), d.dtypeB()));
                if (d.statsA() != null && d.statsB() != null) {
                    rows.add(new MetaRow("min", num(d.statsA().min()), num(d.statsB().min())));
                    rows.add(new MetaRow("max", num(d.statsA().max()), num(d.statsB().max())));
                    rows.add(new MetaRow("mean", num(d.statsA().mean()), num(d.statsB().mean())));
                    rows.add(new MetaRow("std", num(d.statsA().std()), num(d.statsB().std())));
                    rows.add(new MetaRow("NaN", String.valueOf(d.statsA().nanCount()), String.valueOf(d.statsB().nanCount())));
                }
                arrayRows.setAll(rows);
                arrayDifference.set(r.arrayDiff());
                headline.set(d.diff() == null ? "Shapes differ: no element-wise difference"
                        : String.format("%,d of %,d elements differ · L2(A−B) %s · max |A−B| %s", d.diff().differing(), d.diff().count(),
                        num(d.diff().l2Diff()), num(d.diff().maxAbsDiff())));
                break;
            }
            case IMAGE: {
                ImageDiff d = r.image();
                imageDiff.set(d);
                String size = d.scaled() ? String.format(" · B scaled from %d×%d to %d×%d", d.widthB(), d.heightB(), d.width(), d.height()) : "";
                headline.set(d.identical() ? "Identical pixels" + size
                        : String.format(java.util.Locale.ROOT, "%,d of %,d pixels differ (%.2f%%) · PSNR %s dB%s", d.differingPixels(), d.pixelCount(),
                        100 * d.fractionDiffering(), d.psnr() == null ? "∞" : String.format(java.util.Locale.ROOT, "%.2f", d.psnr()), size));
                break;
            }
            case TABLE: {
                TableDiff d = r.table();
                tableColumns.setAll(d.columns());
                List<String> parts = new ArrayList<>();
                parts.add(String.format("rows %,d → %,d", d.rowsA(), d.rowsB()));
                if (!d.added().isEmpty()) parts.add("+" + d.added().size() + " column" + (d.added().size() == 1 ? "" : "s"));
                if (!d.removed().isEmpty()) parts.add("−" + d.removed().size() + " column" + (d.removed().size() == 1 ? "" : "s"));
                if (!d.retyped().isEmpty()) parts.add(d.retyped().size() + " retyped");
                parts.add(d.changed().size() + " with changed statistics");
                headline.set(String.join(" · ", parts));
                break;
            }
            case TEXT:
                textRows.setAll(r.text().rows());
                headline.set(r.text().identical() ? "Identical" : "+" + r.text().added() + " −" + r.text().removed() + " lines");
                break;
            default:
                headline.set(Boolean.TRUE.equals(r.file().get("identical")) ? "Identical bytes" : "The files differ (sha256 "
                        + shortHash(r.file().get("sha256_a")) + " vs " + shortHash(r.file().get("sha256_b")) + ")");
        }
        state.set(LoadState.READY);
        message.set("");
    }

    private void showSingle(Checkpoint c) {
        kind.set(Diffs.Kind.CHECKPOINT);
        state.set(LoadState.LOADING);
        message.set("Reading tensors…");
        work = async.run(() -> {
            List<TensorDiff> rows = new ArrayList<>();
            for (Tensor t : c.tensors()) {
                rows.add(new TensorDiff(t.name(), t.shape(), null, t.dtypeName(), null, t.l2(), null, null, null, null, null, TensorDiff.Status.SAME));
            }
            return rows;
        }, rows -> {
            checkpointA = null; // owned by the preview content
            singleCheckpoint = c;
            tensors.setAll(rows);
            headline.set(String.format("%s checkpoint · %d tensors · %,d values", c.format(), rows.size(), c.parameterCount()));
            state.set(LoadState.READY);
            message.set("");
            if (!rows.isEmpty()) selectTensor(rows.get(0).name());
        }, this::failed);
    }

    private Checkpoint singleCheckpoint;
    private final javafx.beans.property.ReadOnlyBooleanWrapper single = new javafx.beans.property.ReadOnlyBooleanWrapper(false);

    /** True when one checkpoint is shown on its own (a model's preview), not compared. */
    public javafx.beans.property.ReadOnlyBooleanProperty singleProperty() {
        return single.getReadOnlyProperty();
    }

    /** Shows the histogram of one tensor, A and B overlaid. */
    public void selectTensor(String name) {
        selectedTensor.set(name);
        if (histWork != null) histWork.cancel();
        Checkpoint a = singleCheckpoint != null ? singleCheckpoint : checkpointA;
        Checkpoint b = singleCheckpoint != null ? null : checkpointB;
        if (a == null && b == null) return;
        Tensor ta = a == null ? null : a.tensor(name);
        Tensor tb = b == null ? null : b.tensor(name);
        histWork = async.run(() -> ModelDiff.histograms(ta, tb, 50), histograms::set, this::failed);
    }

    /** Sorts the tensor table by change, largest first (added/removed/reshaped on top). */
    public void sortByChange() {
        List<TensorDiff> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingDouble(TensorDiff::changeScore).reversed());
        tensors.setAll(sorted);
    }

    private void failed(Throwable t) {
        state.set(LoadState.ERROR);
        message.set(t.getMessage() == null ? t.toString() : t.getMessage());
    }

    private void cancel() {
        if (work != null) work.cancel();
        if (histWork != null) histWork.cancel();
    }

    private void closeCheckpoints() {
        if (checkpointA != null) checkpointA.close();
        if (checkpointB != null) checkpointB.close();
        checkpointA = null;
        checkpointB = null;
    }

    /** Cancels work and releases opened files. */
    private final List<Runnable> disposeHooks = new ArrayList<>();
    private boolean disposed;

    /** While the two files are fetched: a loading state saying how far it got. */
    public void fetching(String text) {
        if (disposed) return;
        state.set(LoadState.LOADING);
        message.set(text);
    }

    /** Fetching the files failed: nothing to compare, and why. */
    public void fetchFailed(String why) {
        if (disposed) return;
        state.set(LoadState.ERROR);
        message.set(why);
    }

    /** Work started for this comparison elsewhere (fetching its files) that must stop with it. */
    public void onDispose(Runnable hook) {
        disposeHooks.add(hook);
    }

    public boolean isDisposed() {
        return disposed;
    }

    public void dispose() {
        disposed = true;
        disposeHooks.forEach(Runnable::run);
        disposeHooks.clear();
        cancel();
        closeCheckpoints();
    }

    static List<MetaRow> modelRows(ModelRef a, Path fa, ModelRef b, Path fb) {
        List<MetaRow> rows = new ArrayList<>();
        rows.add(new MetaRow("name", a.name(), b.name()));
        rows.add(new MetaRow("id", a.id(), b.id()));
        rows.add(new MetaRow("framework", a.framework(), b.framework()));
        rows.add(new MetaRow("task", a.taskId(), b.taskId()));
        rows.add(new MetaRow("project", a.projectName(), b.projectName()));
        rows.add(new MetaRow("created", str(a.created()), str(b.created())));
        rows.add(new MetaRow("uri", a.uri(), b.uri()));
        rows.add(new MetaRow("size", size(fa), size(fb)));
        rows.add(new MetaRow("tags", String.join(", ", a.tags()), String.join(", ", b.tags())));
        rows.add(new MetaRow("labels", a.labels().toString(), b.labels().toString()));
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.metadata().keySet());
        keys.addAll(b.metadata().keySet());
        for (String k : keys) rows.add(new MetaRow("metadata." + k, a.metadata().get(k), b.metadata().get(k)));
        return rows;
    }

    static List<MetaRow> fileRows(Path a, Path b) {
        List<MetaRow> rows = new ArrayList<>();
        rows.add(new MetaRow("file", a.getFileName().toString(), b.getFileName().toString()));
        rows.add(new MetaRow("size", size(a), size(b)));
        return rows;
    }

    private static String size(Path p) {
        try {
            return p == null ? null : String.format("%,d bytes", Files.size(p));
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String shortHash(Object h) {
        String s = String.valueOf(h);
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    static String num(Double d) {
        if (d == null) return "–";
        if (d == 0) return "0";
        return String.format(java.util.Locale.ROOT, "%.6g", d);
    }
}
