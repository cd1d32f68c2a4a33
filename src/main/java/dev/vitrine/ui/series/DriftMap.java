package dev.vitrine.ui.series;

import dev.vitrine.compare.series.TensorSeries;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;
import java.util.Locale;

/**
 * The drift map: one row per tensor, one column per snapshot, each cell coloured by the relative change
 * (log scale from 1e-6 to 1 and above). Drawn on one Canvas the size of the viewport, only the visible
 * rows, so 100,000 tensors cost what 50 do; a scroll bar moves the window. Layer groups are separated
 * by a line. Click selects the tensor; double-click opens the two-snapshot compare of that cell.
 */
final class DriftMap extends Region {

    static final double ROW = 16;
    static final double HEADER = 22;
    static final double LABEL = 300;
    static final double MIN_CELL = 28;

    private final SeriesViewModel vm;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private final Tooltip tip = new Tooltip();

    DriftMap(SeriesViewModel vm) {
        this.vm = vm;
        getStyleClass().add("drift-map");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.valueProperty().addListener((o, a, b) -> draw());
        getChildren().addAll(canvas, scroll);
        vm.rows().addListener((ListChangeListener<TensorSeries>) c -> { updateScroll(); draw(); });
        vm.referenceProperty().addListener((o, a, b) -> draw());
        vm.selectedProperty().addListener((o, a, b) -> draw());
        vm.resultProperty().addListener((o, a, b) -> draw());
        setOnScroll(e -> scroll.setValue(clamp(scroll.getValue() - e.getDeltaY() / ROW, 0, scroll.getMax())));
        canvas.setOnMouseClicked(e -> {
            int row = rowAt(e.getY());
            int col = colAt(e.getX());
            List<TensorSeries> rows = vm.rows();
            if (row < 0 || row >= rows.size()) return;
            vm.select(rows.get(row));
            if (e.getClickCount() == 2 && col > 0) vm.openPair(col);
        });
        canvas.setOnMouseMoved(e -> {
            int row = rowAt(e.getY());
            int col = colAt(e.getX());
            List<TensorSeries> rows = vm.rows();
            if (row < 0 || row >= rows.size() || col < 0) {
                Tooltip.uninstall(canvas, tip);
                return;
            }
            TensorSeries t = rows.get(row);
            Double v = vm.cell(t, col);
            tip.setText(t.name() + " @ " + vm.resultProperty().get().snapshots().get(col).label() + "\nL2 " + num(t.l2(col))
                    + "\nrelative change " + (vm.referenceProperty().get() == SeriesViewModel.Reference.PREVIOUS ? "from previous " : "from first ")
                    + (v == null ? "–" : pct(v)) + (col > 0 ? "\ndouble-click: compare the two snapshots" : ""));
            Tooltip.install(canvas, tip);
        });
        setFocusTraversable(true);
    }

    private int columns() {
        var r = vm.resultProperty().get();
        return r == null ? 0 : r.snapshots().size();
    }

    private double cellWidth() {
        int n = columns();
        double w = getWidth() - LABEL - scroll.getWidth();
        return n == 0 ? MIN_CELL : Math.max(MIN_CELL, Math.min(90, w / n));
    }

    private int rowAt(double y) {
        if (y < HEADER) return -1;
        return (int) Math.floor(scroll.getValue()) + (int) ((y - HEADER) / ROW);
    }

    private int colAt(double x) {
        if (x < LABEL) return -1;
        int c = (int) ((x - LABEL) / cellWidth());
        return c < columns() ? c : -1;
    }

    private void updateScroll() {
        int visible = (int) Math.max(1, (getHeight() - HEADER) / ROW);
        scroll.setMax(Math.max(0, vm.rows().size() - visible));
        scroll.setVisibleAmount(visible);
        if (scroll.getValue() > scroll.getMax()) scroll.setValue(scroll.getMax());
    }

    @Override
    protected void layoutChildren() {
        double sw = scroll.prefWidth(-1);
        scroll.resizeRelocate(getWidth() - sw, 0, sw, getHeight());
        canvas.setWidth(Math.max(0, getWidth() - sw));
        canvas.setHeight(getHeight());
        updateScroll();
        draw();
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        var r = vm.resultProperty().get();
        if (r == null) return;
        int n = r.snapshots().size();
        double cw = cellWidth();
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        g.setFill(Color.gray(0.35));
        g.setTextAlign(TextAlignment.CENTER);
        for (int c = 0; c < n; c++) g.fillText(ellipsize(r.snapshots().get(c).label(), (int) (cw / 6.5)), LABEL + c * cw + cw / 2, HEADER / 2, cw - 2);
        List<TensorSeries> rows = vm.rows();
        int first = (int) Math.floor(scroll.getValue());
        int visible = (int) Math.ceil((h - HEADER) / ROW) + 1;
        TensorSeries sel = vm.selectedProperty().get();
        String prevGroup = first > 0 && first - 1 < rows.size() ? rows.get(first - 1).group() : null;
        for (int i = 0; i < visible && first + i < rows.size(); i++) {
            TensorSeries t = rows.get(first + i);
            double y = HEADER + i * ROW;
            if (sel != null && sel.name().equals(t.name())) {
                g.setFill(Color.rgb(60, 120, 220, 0.18));
                g.fillRect(0, y, w, ROW);
            }
            if (vm.groupByLayerProperty().get() && prevGroup != null && !prevGroup.equals(t.group())) {
                g.setStroke(Color.gray(0.6));
                g.strokeLine(0, y + 0.5, LABEL + n * cw, y + 0.5);
            }
            prevGroup = t.group();
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(Color.gray(0.15));
            g.fillText(ellipsize(t.name(), 46), 4, y + ROW / 2, LABEL - 8);
            for (int c = 0; c < n; c++) {
                g.setFill(colour(t.l2(c) == null ? null : vm.cell(t, c), t.l2(c) == null, c == 0 && vm.referenceProperty().get() != null));
                g.fillRect(LABEL + c * cw + 1, y + 1, cw - 2, ROW - 2);
            }
        }
    }

    /** Grey for a missing tensor or no reference; white → yellow → red for 0 → 1e-6 … 1 (log). */
    static Color colour(Double rel, boolean missing, boolean firstColumn) {
        if (missing) return Color.gray(0.55);
        if (rel == null) return Color.gray(0.88);
        if (rel.isNaN()) return Color.PURPLE;
        if (rel == 0) return Color.WHITE;
        double x = clamp((Math.log10(rel) + 6) / 6, 0, 1);
        return Color.hsb(60 * (1 - x), 0.15 + 0.85 * x, 1.0 - 0.25 * x);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String ellipsize(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }

    static String num(Double d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.6g", d);
    }

    static String pct(double d) {
        return String.format(Locale.ROOT, "%.3g%%", d * 100);
    }
}
