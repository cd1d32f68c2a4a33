package dev.vitrine.ui.preview.array;

import dev.vitrine.preview.array.Histogram;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.Slice2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/**
 * A canvas that fills its region and redraws with the last painter on every resize. Static painters
 * for a line plot, a heatmap with its colorbar, an RGB(A) image and histograms (one or two overlaid),
 * with axes whose ticks fall on round numbers (1, 2, 5 x 10^n, as matplotlib's) and margins measured
 * from the widest tick label, so no label is cut however narrow the pane or large the numbers.
 */
public class PlotCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private Consumer<GraphicsContext> painter = g -> { };

    /** A label as drawn: its text and box in canvas coordinates; shifted when it had to be moved inside the canvas. */
    public record TextBox(String text, double x, double y, double w, double h, boolean shifted) {}

    /** The labels each canvas shows (FX thread only; forgotten with the canvas). */
    private static final Map<Canvas, List<TextBox>> LABELS = new WeakHashMap<>();

    public PlotCanvas() {
        getChildren().add(canvas);
        getStyleClass().add("plot-canvas");
        setMinSize(120, 80);
        setPrefSize(600, 360);
    }

    public Canvas canvas() {
        return canvas;
    }

    /** The labels of the last drawing (tick values, colour-bar values). */
    public List<TextBox> labels() {
        return List.copyOf(LABELS.getOrDefault(canvas, List.of()));
    }

    public void paint(Consumer<GraphicsContext> p) {
        painter = p == null ? g -> { } : p;
        redraw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        LABELS.remove(canvas);
        if (canvas.getWidth() > 10 && canvas.getHeight() > 10) painter.accept(g);
    }

    static final Color AXIS = Color.gray(0.55);
    private static final double TICK = 4, GAP = 3, PAD = 6;

    // ---- ticks and labels ----

    /** Round tick values within [lo, hi], about {@code target} of them (never a step below {@code minStep}). */
    static double[] ticks(double lo, double hi, int target, double minStep) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) return new double[] {lo};
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
        step = Math.max(step, minStep);
        List<Double> out = within(lo, hi, step);
        // a round step can leave a single tick ("0" on a -123456..98765 bar): take the next smaller
        // round step until the range shows at least two values, so the scale can be read
        while (out.size() < 2 && target >= 2) {
            double smaller = smallerRoundStep(step);
            if (smaller < minStep || smaller <= 0) break;
            step = smaller;
            out = within(lo, hi, step);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Double> within(double lo, double hi, double step) {
        double first = Math.ceil(lo / step - 1e-9) * step;
        List<Double> out = new ArrayList<>();
        for (double t = first; t <= hi + step * 1e-9 && out.size() < 100; t += step) out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        return out;
    }

    /** 10 -> 5 -> 2 -> 1 -> 0.5 ... (times a power of ten). */
    private static double smallerRoundStep(double step) {
        double mag = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double f = Math.round(step / mag);
        return f >= 5 ? 2 * mag : f >= 2 ? mag : mag / 2;
    }

    static double textWidth(GraphicsContext g, String s) {
        Text t = new Text(s);
        t.setFont(g.getFont());
        return t.getLayoutBounds().getWidth();
    }

    static double textHeight(GraphicsContext g) {
        Text t = new Text("0");
        t.setFont(g.getFont() == null ? Font.getDefault() : g.getFont());
        return t.getLayoutBounds().getHeight();
    }

    static double widest(GraphicsContext g, double[] values) {
        double w = 0;
        for (double v : values) w = Math.max(w, textWidth(g, short4(v)));
        return w;
    }

    /**
     * Draws a label anchored at (x, y) — x is its left, centre or right per {@code align}, y its
     * vertical centre — moved inside the canvas if it would stick out.
     */
    static void label(GraphicsContext g, String s, double x, double y, TextAlignment align) {
        double w = textWidth(g, s), h = textHeight(g);
        double wanted = align == TextAlignment.LEFT ? x : align == TextAlignment.RIGHT ? x - w : x - w / 2;
        double cw = g.getCanvas().getWidth(), ch = g.getCanvas().getHeight();
        double left = Math.max(0, Math.min(cw - w, wanted));
        double top = Math.max(0, Math.min(ch - h, y - h / 2));
        boolean shifted = Math.abs(left - wanted) > 0.5 || Math.abs(top - (y - h / 2)) > 0.5;
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setFill(AXIS);
        g.fillText(s, left, top);
        LABELS.computeIfAbsent(g.getCanvas(), c -> new ArrayList<>()).add(new TextBox(s, left, top, w, h, shifted));
    }

    /** A frame with ticks: values lo..hi up the left side, xlo..xhi along the bottom (integer ticks when {@code integralX}). */
    static void axes(GraphicsContext g, double x0, double y0, double x1, double y1, double lo, double hi, double xlo, double xhi, boolean integralX) {
        g.setStroke(AXIS);
        g.setLineWidth(1);
        g.strokeLine(x0, y1, x1, y1);
        g.strokeLine(x0, y0, x0, y1);
        double th = textHeight(g);
        for (double t : ticks(lo, hi, Math.max(2, (int) ((y1 - y0) / (th * 2.5))), 0)) {
            double y = y1 - (hi == lo ? 0.5 : (t - lo) / (hi - lo)) * (y1 - y0);
            g.strokeLine(x0 - TICK, y, x0, y);
            label(g, short4(t), x0 - TICK - GAP, y, TextAlignment.RIGHT);
        }
        xTicks(g, x0, x1, y1, xlo, xhi, integralX, false);
    }

    /** Ticks along the bottom edge at y; {@code centred}: value v sits at the middle of cell v (heatmaps). */
    private static void xTicks(GraphicsContext g, double x0, double x1, double y, double xlo, double xhi, boolean integral, boolean centred) {
        double span = centred ? xhi - xlo + 1 : xhi - xlo;
        double[] ts = ticks(xlo, xhi, Math.max(2, (int) ((x1 - x0) / (Math.max(widest(g, new double[] {xlo, xhi}), 20) * 2.2))), integral ? 1 : 0);
        for (double t : ts) {
            double x = x0 + (span <= 0 ? 0.5 : (t - xlo + (centred ? 0.5 : 0)) / span) * (x1 - x0);
            g.strokeLine(x, y, x, y + TICK);
            label(g, short4(t), x, y + TICK + GAP + textHeight(g) / 2, TextAlignment.CENTER);
        }
    }

    /** The left margin for labels of values lo..hi. */
    private static double leftMargin(GraphicsContext g, double lo, double hi, double plotH) {
        return PAD + widest(g, ticks(lo, hi, Math.max(2, (int) (plotH / (textHeight(g) * 2.5))), 0)) + GAP + TICK;
    }

    private static double bottomMargin(GraphicsContext g) {
        return TICK + GAP + textHeight(g) + PAD;
    }

    static String short4(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.valueOf((long) v);
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    // ---- painters ----

    public static void line(GraphicsContext g, Slice2D s) {
        double w = g.getCanvas().getWidth(), h = g.getCanvas().getHeight();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : s.values()) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) return;
        if (hi == lo) { hi = lo + 1; lo = lo - 1; }
        double top = PAD + textHeight(g) / 2, bottom = bottomMargin(g), right = PAD + textWidth(g, short4(s.fullCols() - 1)) / 2;
        double left = leftMargin(g, lo, hi, h - top - bottom);
        axes(g, left, top, w - right, h - bottom, lo, hi, 0, (double) s.fullCols() - 1, true);
        g.setStroke(Color.web("#3b82f6"));
        g.setLineWidth(1.4);
        g.beginPath();
        boolean started = false;
        int n = s.cols();
        for (int i = 0; i < n; i++) {
            double v = s.values()[i];
            if (!Double.isFinite(v)) { started = false; continue; }
            double x = left + (n == 1 ? 0.5 : (double) i / (n - 1)) * (w - left - right);
            double y = top + (1 - (v - lo) / (hi - lo)) * (h - top - bottom);
            if (started) g.lineTo(x, y); else { g.moveTo(x, y); started = true; }
        }
        g.stroke();
    }

    public static void heatmap(GraphicsContext g, Slice2D s, Colormap cm, double lo, double hi) {
        heatmap(g, s, cm, lo, hi, true);
    }

    /**
     * A heatmap with row and column indices on its axes and a colour bar with its values on the
     * right. {@code fill}: the cells stretch to fill the pane; else they stay square.
     */
    public static void heatmap(GraphicsContext g, Slice2D s, Colormap cm, double lo, double hi, boolean fill) {
        double w = g.getCanvas().getWidth(), h = g.getCanvas().getHeight();
        if (!(hi > lo)) { hi = lo + 1; }
        WritableImage img = new WritableImage(s.cols(), s.rows());
        int[] px = new int[s.cols() * s.rows()];
        for (int i = 0; i < px.length; i++) px[i] = cm.argb((s.values()[i] - lo) / (hi - lo));
        img.getPixelWriter().setPixels(0, 0, s.cols(), s.rows(), PixelFormat.getIntArgbInstance(), px, 0, s.cols());
        double th = textHeight(g);
        double top = PAD + th / 2, bottom = bottomMargin(g);
        // the colour bar's labels are as wide as the widest of the tick sets it may end up with
        double labelsW = Math.max(widest(g, ticks(lo, hi, Math.max(2, (int) ((h - top - bottom) / (th * 2.5))), 0)), widest(g, ticks(lo, hi, 2, 0)));
        double barW = 14, bar = 12 + barW + TICK + GAP + labelsW + PAD;
        double rowsMax = Math.max(0, s.fullRows() - 1);
        double left = PAD + widest(g, ticks(0, rowsMax, Math.max(2, (int) ((h - top - bottom) / (th * 2.5))), 1)) + GAP + TICK;
        double pw = Math.max(1, w - left - bar), ph = Math.max(1, h - top - bottom);
        if (!fill) {
            double scale = Math.min(pw / s.cols(), ph / s.rows());
            pw = s.cols() * scale;
            ph = s.rows() * scale;
        }
        g.setImageSmoothing(false);
        g.drawImage(img, left, top, pw, ph);
        g.setStroke(AXIS);
        g.setLineWidth(1);
        g.strokeRect(left, top, pw, ph);
        // row indices down the left (row 0 at the top, as numpy prints), columns along the bottom
        for (double t : ticks(0, rowsMax, Math.max(2, (int) (ph / (th * 2.5))), 1)) {
            double y = top + (t + 0.5) / Math.max(1, s.fullRows()) * ph;
            g.strokeLine(left - TICK, y, left, y);
            label(g, short4(t), left - TICK - GAP, y, TextAlignment.RIGHT);
        }
        xTicks(g, left, left + pw, top + ph, 0, Math.max(0, s.fullCols() - 1), true, true);
        // the bar keeps the pane's height even beside a flat heatmap of square cells: its values stay readable
        double bx = left + pw + 12, by = top, bh = Math.max(1, h - top - bottom);
        for (int y = 0; y < (int) bh; y++) {
            int c = cm.argb(1 - y / bh);
            g.setFill(Color.rgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff));
            g.fillRect(bx, by + y, barW, 1);
        }
        g.setStroke(AXIS);
        g.strokeRect(bx, by, barW, bh);
        for (double t : ticks(lo, hi, Math.max(2, (int) (bh / (th * 2.5))), 0)) {
            double y = by + (1 - (t - lo) / (hi - lo)) * bh;
            g.strokeLine(bx + barW, y, bx + barW + TICK, y);
            label(g, short4(t), bx + barW + TICK + GAP, y, TextAlignment.LEFT);
        }
    }

    public static void image(GraphicsContext g, int[] px) {
        int w = px[0], h = px[1];
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 2, w);
        double cw = g.getCanvas().getWidth(), ch = g.getCanvas().getHeight();
        double scale = Math.min((cw - 10) / w, (ch - 10) / h);
        g.setImageSmoothing(scale < 1);
        g.drawImage(img, 5, 5, w * scale, h * scale);
    }

    /** One or two histograms over the same range, the second drawn translucent on top. */
    public static void histograms(GraphicsContext g, Histogram a, Histogram b) {
        double w = g.getCanvas().getWidth(), h = g.getCanvas().getHeight();
        Histogram ref = a != null ? a : b;
        if (ref == null) return;
        long max = Math.max(a == null ? 0 : a.maxCount(), b == null ? 0 : b.maxCount());
        if (max == 0) return;
        double top = PAD + textHeight(g) / 2, bottom = bottomMargin(g);
        double right = PAD + textWidth(g, short4(ref.hi())) / 2;
        double left = Math.max(leftMargin(g, 0, max, h - top - bottom), PAD + textWidth(g, short4(ref.lo())) / 2);
        axes(g, left, top, w - right, h - bottom, 0, max, ref.lo(), ref.hi(), false);
        Histogram[] hs = {a, b};
        Color[] cs = {Color.web("#3b82f6", 0.75), Color.web("#f97316", 0.55)};
        for (int k = 0; k < 2; k++) {
            if (hs[k] == null) continue;
            g.setFill(cs[k]);
            double bw = (w - left - right) / hs[k].bins();
            for (int i = 0; i < hs[k].bins(); i++) {
                double bh = (double) hs[k].counts()[i] / max * (h - top - bottom);
                g.fillRect(left + i * bw, h - bottom - bh, Math.max(1, bw - 1), bh);
            }
        }
    }

    static String fmt(double d) {
        return NdArray.formatDouble(d);
    }
}
