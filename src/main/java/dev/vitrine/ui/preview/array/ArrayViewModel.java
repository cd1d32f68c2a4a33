package dev.vitrine.ui.preview.array;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.array.ArrayContent;
import dev.vitrine.preview.array.ArrayStats;
import dev.vitrine.preview.array.DType;
import dev.vitrine.preview.array.Histogram;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.NpzContent;
import dev.vitrine.preview.array.Slice2D;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * State of the array viewer: which array (npz picker), its summary, the plane being shown (two axes
 * and an index for every other axis), the plot kind, the histogram and a page of values. All reading
 * runs through {@link Async}; a newer request supersedes an older one. Lives on the FX thread.
 */
public final class ArrayViewModel {

    /** What the plot area shows. */
    public enum Plot { LINE, HEATMAP, IMAGE, TABLE, NONE }

    /** One row of the values table: the C-order index and the formatted value (or record fields). */
    public record ValueRow(String index, List<String> cells) {}

    public static final int PAGE = 200;
    static final int MAX_PLANE = 512;

    private final PreviewContent content;
    private final Async async;

    // ---- state ----
    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.LOADING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableList<String> arrayNames = FXCollections.observableArrayList();
    private final ObservableList<String> arrayNamesView = FXCollections.unmodifiableObservableList(arrayNames);
    private final ReadOnlyStringWrapper selected = new ReadOnlyStringWrapper();
    private final ObservableList<Map.Entry<String, String>> summary = FXCollections.observableArrayList();
    private final ObservableList<Map.Entry<String, String>> summaryView = FXCollections.unmodifiableObservableList(summary);
    private final ReadOnlyObjectWrapper<long[]> shape = new ReadOnlyObjectWrapper<>(new long[0]);
    private final ReadOnlyObjectWrapper<Plot> plot = new ReadOnlyObjectWrapper<>(Plot.NONE);
    private final ReadOnlyIntegerWrapper rowAxis = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyIntegerWrapper colAxis = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<long[]> fixed = new ReadOnlyObjectWrapper<>(new long[0]);
    private final ReadOnlyObjectWrapper<Slice2D> slice = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<int[]> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Histogram> histogram = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>(Colormap.VIRIDIS);
    private final javafx.beans.property.BooleanProperty fill = new javafx.beans.property.SimpleBooleanProperty(true);
    private final ObservableList<Plot> plotKinds = FXCollections.observableArrayList();
    private final ObservableList<Plot> plotKindsView = FXCollections.unmodifiableObservableList(plotKinds);
    private final ObservableList<String> valueColumns = FXCollections.observableArrayList();
    private final ObservableList<String> valueColumnsView = FXCollections.unmodifiableObservableList(valueColumns);
    private final ObservableList<ValueRow> values = FXCollections.observableArrayList();
    private final ObservableList<ValueRow> valuesView = FXCollections.unmodifiableObservableList(values);
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper("");

    private NdArray array;
    private Async.Handle loading;
    private Async.Handle slicing;
    private Async.Handle paging;

    public ArrayViewModel(PreviewContent content, Async async) {
        this.content = content;
        this.async = async;
        if (content instanceof NpzContent) {
            arrayNames.setAll(((NpzContent) content).npz().keys());
        } else if (content instanceof ArrayContent) {
            arrayNames.setAll(((ArrayContent) content).array().name());
        }
        if (arrayNames.isEmpty()) {
            state.set(LoadState.EMPTY);
            message.set("This archive holds no arrays");
        } else {
            selectArray(arrayNames.get(0));
        }
    }

    // ---- read-only properties ----
    public ReadOnlyObjectProperty<LoadState> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ObservableList<String> arrayNames() { return arrayNamesView; }
    public ReadOnlyStringProperty selectedProperty() { return selected.getReadOnlyProperty(); }
    public ObservableList<Map.Entry<String, String>> summary() { return summaryView; }
    public ReadOnlyObjectProperty<long[]> shapeProperty() { return shape.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Plot> plotProperty() { return plot.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty rowAxisProperty() { return rowAxis.getReadOnlyProperty(); }
    public ReadOnlyIntegerProperty colAxisProperty() { return colAxis.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<long[]> fixedProperty() { return fixed.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Slice2D> sliceProperty() { return slice.getReadOnlyProperty(); }
    /** ARGB pixels of an image-like array (width = slice cols), or null. */
    public ReadOnlyObjectProperty<int[]> imageProperty() { return image.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Histogram> histogramProperty() { return histogram.getReadOnlyProperty(); }
    public ObjectProperty<Colormap> colormapProperty() { return colormap; }
    /** Whether a heatmap's cells stretch to fill the pane (else they stay square). */
    public javafx.beans.property.BooleanProperty fillProperty() { return fill; }
    /** The plots that make sense for the selected array (an image only for RGB(A)-shaped ones, a heatmap from 2-D on). */
    public ObservableList<Plot> plotKinds() { return plotKindsView; }
    public ObservableList<String> valueColumns() { return valueColumnsView; }
    public ObservableList<ValueRow> values() { return valuesView; }
    public ReadOnlyIntegerProperty pageProperty() { return page.getReadOnlyProperty(); }
    public ReadOnlyStringProperty pageTextProperty() { return pageText.getReadOnlyProperty(); }
    public boolean isNpz() { return content instanceof NpzContent; }

    public NdArray array() { return array; }

    // ---- intents ----

    /** Opens one array of the file (the only one for .npy) and computes its summary in the background. */
    public void selectArray(String name) {
        if (loading != null) loading.cancel();
        if (slicing != null) slicing.cancel();
        selected.set(name);
        state.set(LoadState.LOADING);
        message.set("Reading " + name + "…");
        loading = async.run(() -> {
            NdArray a = content instanceof NpzContent ? ((NpzContent) content).npz().array(name) : ((ArrayContent) content).array();
            Histogram h = null;
            if (a.dtype().isNumeric()) {
                a.summary();
                h = a.histogram(60);
            }
            return new Loaded(a, h);
        }, l -> arrayReady(l.array(), l.histogram()), this::failed);
    }

    private record Loaded(NdArray array, Histogram histogram) {}

    private void arrayReady(NdArray a, Histogram hist) {
        this.array = a;
        int n0 = a.ndim();
        rowAxis.set(n0 >= 2 ? n0 - 2 : -1);
        colAxis.set(n0 >= 1 ? n0 - 1 : 0);
        fixed.set(new long[n0]);
        shape.set(a.shape());
        List<Map.Entry<String, String>> s = new ArrayList<>();
        s.add(Map.entry("Shape", NdArray.shapeText(a.shape())));
        s.add(Map.entry("Dtype", a.dtype().str() + " (" + a.dtype().name() + ")"));
        s.add(Map.entry("Order", a.fortranOrder() ? "Fortran" : "C"));
        s.add(Map.entry("Elements", String.format("%,d", a.size())));
        if (a.dtype().isNumeric()) {
            ArrayStats st = a.summary();
            s.add(Map.entry("Min", fmt(st.min())));
            s.add(Map.entry("Max", fmt(st.max())));
            s.add(Map.entry("Mean", st.isComplex() ? NdArray.format(new double[] {st.sum() / Math.max(1, st.count() - st.nanCount()), st.meanImag() == null ? 0 : st.meanImag()}) : fmt(st.mean())));
            s.add(Map.entry("Std", fmt(st.std())));
            s.add(Map.entry("Sum", st.isComplex() ? NdArray.format(new double[] {st.sum(), st.sumImag()}) : fmt(st.sumOrNaN())));
            s.add(Map.entry("NaN", String.format("%,d", st.nanCount())));
            s.add(Map.entry("±Inf", String.format("%,d", st.infCount())));
            histogram.set(hist);
        } else {
            histogram.set(null);
        }
        summary.setAll(s);
        int n = a.ndim();
        List<Plot> kinds = new ArrayList<>();
        if (a.dtype().isStructured() || !a.dtype().isNumeric()) kinds.add(Plot.TABLE);
        else {
            if (a.isImageLike()) kinds.add(Plot.IMAGE);
            if (n >= 2) kinds.add(Plot.HEATMAP);
            kinds.add(Plot.LINE);
        }
        plotKinds.setAll(kinds);
        if (a.dtype().isStructured() || !a.dtype().isNumeric()) {
            plot.set(Plot.TABLE);
        } else if (a.isImageLike()) {
            plot.set(Plot.IMAGE);
        } else if (n <= 1) {
            plot.set(Plot.LINE);
        } else {
            plot.set(Plot.HEATMAP);
        }
        valueColumns.setAll(a.dtype().isStructured() ? a.dtype().fields().stream().map(DType.Field::name).toList() : List.of("value"));
        state.set(LoadState.READY);
        message.set("");
        page.set(0);
        loadPage();
        refreshPlane();
    }

    /** Chooses which two axes form the plane (row may be -1 for a line of one axis). */
    public void setAxes(int row, int col) {
        if (array == null || row == col || col < 0 || col >= array.ndim() || row >= array.ndim()) return;
        rowAxis.set(row);
        colAxis.set(col);
        refreshPlane();
    }

    /** Fixes the index of a non-plane axis. */
    public void setIndex(int axis, long index) {
        if (array == null || axis < 0 || axis >= array.ndim()) return;
        long[] f = fixed.get().clone();
        f[axis] = Math.max(0, Math.min(array.shape()[axis] - 1, index));
        fixed.set(f);
        refreshPlane();
    }

    public void setPlot(Plot p) {
        plot.set(p);
        refreshPlane();
    }

    public void nextPage() {
        if (array != null && (long) (page.get() + 1) * PAGE < rowCount()) {
            page.set(page.get() + 1);
            loadPage();
        }
    }

    public void previousPage() {
        if (page.get() > 0) {
            page.set(page.get() - 1);
            loadPage();
        }
    }

    private long rowCount() {
        return array == null ? 0 : array.size();
    }

    private void refreshPlane() {
        NdArray a = array;
        if (a == null || !a.dtype().isNumeric() || a.size() == 0) {
            slice.set(null);
            image.set(null);
            return;
        }
        if (slicing != null) slicing.cancel();
        Plot p = plot.get();
        int r = rowAxis.get(), c = colAxis.get();
        long[] f = fixed.get().clone();
        if (p == Plot.IMAGE && a.isImageLike()) {
            slicing = async.run(() -> imagePixels(a), px -> image.set(px), this::failed);
            return;
        }
        int maxRows = p == Plot.LINE ? 1 : MAX_PLANE;
        int rr = p == Plot.LINE ? -1 : r;
        int maxCols = p == Plot.LINE ? 4096 : MAX_PLANE;
        slicing = async.run(() -> a.slice(rr, c, f, maxRows, maxCols), slice::set, this::failed);
    }

    /** Image-like arrays: ARGB pixels sampled to at most MAX_PLANE*2 per side; width in slice.cols. */
    private int[] imagePixels(NdArray a) {
        long[] sh = a.shape();
        long step = Math.max(1, Math.max((sh[0] + 1023) / 1024, (sh[1] + 1023) / 1024));
        int h = (int) ((sh[0] + step - 1) / step), w = (int) ((sh[1] + step - 1) / step);
        int[] px = new int[w * h + 2];
        px[0] = w;
        px[1] = h;
        boolean alpha = sh[2] == 4;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long yy = y * step, xx = x * step;
                int rr = (int) a.getDouble(yy, xx, 0), gg = (int) a.getDouble(yy, xx, 1), bb = (int) a.getDouble(yy, xx, 2);
                int aa = alpha ? (int) a.getDouble(yy, xx, 3) : 255;
                px[2 + y * w + x] = aa << 24 | rr << 16 | gg << 8 | bb;
            }
        }
        return px;
    }

    private void loadPage() {
        NdArray a = array;
        if (a == null) return;
        if (paging != null) paging.cancel();
        long from = (long) page.get() * PAGE;
        paging = async.run(() -> {
            List<ValueRow> rows = new ArrayList<>();
            long to = Math.min(a.size(), from + PAGE);
            for (long i = from; i < to; i++) {
                String idx = a.ndim() == 0 ? "()" : NdArray.shapeText(a.unravel(i));
                if (a.dtype().isStructured()) {
                    List<String> cells = new ArrayList<>();
                    for (DType.Field f : a.dtype().fields()) cells.add(NdArray.format(a.field(i, f)));
                    rows.add(new ValueRow(idx, cells));
                } else {
                    rows.add(new ValueRow(idx, List.of(NdArray.format(a.valueAtFlat(i)))));
                }
            }
            return rows;
        }, rows -> {
            values.setAll(rows);
            long total = a.size();
            pageText.set(total == 0 ? "empty array" : String.format("%,d–%,d of %,d", from + 1, from + rows.size(), total));
        }, this::failed);
    }

    private void failed(Throwable t) {
        state.set(LoadState.ERROR);
        message.set(t.getMessage() == null ? t.toString() : t.getMessage());
    }

    /** A summary figure for people: whole numbers without a trailing dot, others to 7 significant digits. */
    static String fmt(Double d) {
        return dev.vitrine.ui.common.Format.figure(d);
    }

    /** Cancels pending work (the View calls this when it is discarded). */
    public void dispose() {
        for (Async.Handle h : new Async.Handle[] {loading, slicing, paging}) if (h != null) h.cancel();
    }

}
