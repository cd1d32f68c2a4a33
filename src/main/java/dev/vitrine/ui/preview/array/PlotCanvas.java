package dev.vitrine.ui.preview.array;

import dev.vitrine.preview.array.Histogram;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.Slice2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

import java.util.function.Consumer;

/**
 * A canvas that fills its region and redraws with the last painter on every resize. Static painters
 * for a line plot, a heatmap with its colorbar, an RGB(A) image and histograms (one or two overlaid).
 */
public class PlotCanvas extends Region {
    private final Canvas canvas = new Canvas();
    private Consumer<GraphicsContext> painter = g -> { };

    public PlotCanvas() {
        getChildren().add(canvas);
        getStyleClass().add("plot-canvas");
        setMinSize(120, 80);
        setPrefSize(600, 360);
    }

    public Canvas canvas() {
        return canvas;
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
        if (canvas.getWidth() > 10 && canvas.getHeight() > 10) painter.accept(g);
    }

    static final Color AXIS = Color.gray(0.55);

    public static void line(GraphicsContext g, Slice2D s) {
        double w = g.getCanvas().getWidth(), h = g.getCanvas().getHeight();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : s.values()) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) return;
        if (hi == lo) { hi = lo + 1; lo = lo - 1; }
        double left = 60, right = 10, top = 10, bottom = 24;
        axes(g, left, top, w - right, h - bottom, lo, hi, 0, (double) s.fullCols() - 1);
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

    static void axes(GraphicsContext g, double x0, double y0, double x1, double y1, double lo, double hi, double xlo, double xhi) {
        g.setStroke(AXIS);
        g.setLineWidth(1);
        g.strokeLine(x0, y1, x1, y1);
        g.strokeLine(x0, y0, x0, y1);
        g.setFill(AXIS);
        g.fillText(short4(hi), 4, y0 + 10);
        g.fillText(short4(lo), 4, y1);
        g.fillText(short4(xlo), x0, y1 + 16);
        g.fillText(short4(xhi), x1 - 40, y1 + 16);
    }

    static String short4(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.valueOf((long) v);
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    public static void heatmap(GraphicsContext g, Slice2D s, Colormap cm, double lo, double hi) {
        double w = g.getCanvas().getWidth(), h = g.getCanvas().getHeight();
        if (!(hi > lo)) { hi = lo + 1; }
        WritableImage img = new WritableImage(s.cols(), s.rows());
        int[] px = new int[s.cols() * s.rows()];
        for (int i = 0; i < px.length; i++) px[i] = cm.argb((s.values()[i] - lo) / (hi - lo));
        img.getPixelWriter().setPixels(0, 0, s.cols(), s.rows(), PixelFormat.getIntArgbInstance(), px, 0, s.cols());
        double barW = 70;
        double scale = Math.min((w - barW - 10) / s.cols(), (h - 10) / s.rows());
        g.setImageSmoothing(false);
        g.drawImage(img, 5, 5, s.cols() * scale, s.rows() * scale);
        double bx = w - barW + 10, by = 5, bh = h - 10;
        for (int y = 0; y < (int) bh; y++) {
            int c = cm.argb(1 - y / bh);
            g.setFill(Color.rgb((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff));
            g.fillRect(bx, by + y, 14, 1);
        }
        g.setFill(AXIS);
        g.fillText(short4(hi), bx + 18, by + 10);
        g.fillText(short4(lo), bx + 18, by + bh);
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
        double left = 60, right = 10, top = 10, bottom = 24;
        axes(g, left, top, w - right, h - bottom, 0, max, ref.lo(), ref.hi());
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
