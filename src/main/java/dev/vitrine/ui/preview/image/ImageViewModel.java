package dev.vitrine.ui.preview.image;

import dev.vitrine.preview.image.ImageContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

import java.util.Arrays;
import java.util.Locale;

/**
 * The image viewer's state. The whole image is decoded once, subsampled to at most
 * {@link #OVERVIEW} pixels on its long side (bounded memory whatever the file); when the zoom asks
 * for more detail than that, the visible region is decoded at the needed resolution on demand.
 * Zoom is screen pixels per image pixel; the origin is the image point at the view's top-left
 * corner (negative when an image smaller than the view is centred). The view reports its size; the
 * first image opens at Fit, or at 100% when it fits (as GIMP and ImageJ open images). FX thread only.
 */
public final class ImageViewModel {

    public static final int OVERVIEW = 2048;

    private ImageContent content;
    private final Async async;

    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.LOADING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Decoding…");
    private final ReadOnlyObjectWrapper<Image> overview = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Detail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper frame = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper pixelText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    private final ReadOnlyDoubleWrapper originX = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper originY = new ReadOnlyDoubleWrapper(0);
    private double viewW, viewH;
    /** The first image is fitted once the view has a size, unless a zoom was asked for before. */
    private boolean fitPending = true;
    /** The user asked for a zoom (wheel, in/out, 1:1, a set value); other viewers may take it over. */
    private boolean zoomChosen;

    /** Whether the user chose a zoom rather than the automatic fit of the first image. */
    public boolean isZoomChosen() {
        return zoomChosen;
    }
    private Async.Handle decodeHandle, detailHandle, pixelHandle;

    /** A region decoded at higher resolution than the overview, in displayed image coordinates. */
    public record Detail(Image image, int x, int y, int w, int h) {}

    public ImageViewModel(ImageContent content, Async async) {
        this.content = content;
        this.async = async;
        describe();
        decode();
    }

    /**
     * Shows another image in place of this one, keeping the zoom (and so, with the same size, the
     * visible region): what stepping through a debug sample's iterations needs. The old image stays
     * on screen until the new one is decoded; a ready overview (prefetched) is shown at once.
     */
    public void replace(ImageContent next, Image readyOverview) {
        if (decodeHandle != null) decodeHandle.cancel();
        if (detailHandle != null) detailHandle.cancel();
        this.content = next;
        describe();
        clampOrigin();
        frame.set(0);
        detail.set(null);
        pixelText.set("");
        if (readyOverview != null) {
            overview.set(readyOverview);
            state.set(LoadState.READY);
            clampOrigin();
            firstFit();
        } else {
            decode();
        }
    }

    /** The overview this viewer would decode for an image (for prefetching off the FX thread). */
    public static Image decodeOverview(ImageContent c) throws dev.vitrine.preview.PreviewException {
        return SwingFXUtils.toFXImage(c.decode(0, OVERVIEW, OVERVIEW), null);
    }

    private void describe() {
        info.set(String.format(Locale.ROOT, "%s · %d × %d · %d channel%s · %d-bit%s%s", content.format().toUpperCase(Locale.ROOT),
                content.displayWidth(), content.displayHeight(), content.channels(), content.channels() == 1 ? "" : "s",
                content.bitDepth(), content.isPalette() ? " palette" : "", content.frames() > 1 ? " · " + content.frames() + " frames" : ""));
    }

    private void decode() {
        if (decodeHandle != null) decodeHandle.cancel();
        int f = frame.get();
        state.set(overview.get() == null ? LoadState.LOADING : LoadState.READY);
        decodeHandle = async.run(() -> SwingFXUtils.toFXImage(content.decode(f, OVERVIEW, OVERVIEW), null), img -> {
            overview.set(img);
            detail.set(null);
            state.set(LoadState.READY);
            clampOrigin();
            firstFit();
            updateDetail();
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

    /** The whole frame, subsampled; shown scaled to {@code zoom x displayWidth}. */
    public ReadOnlyObjectProperty<Image> overviewProperty() {
        return overview.getReadOnlyProperty();
    }

    /** A sharper decode of the visible region, or null. */
    public ReadOnlyObjectProperty<Detail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty frameProperty() {
        return frame.getReadOnlyProperty();
    }

    /** "x 12, y 7: (17, 201, 99)" for the pixel under the cursor. */
    public ReadOnlyStringProperty pixelTextProperty() {
        return pixelText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public int imageWidth() {
        return content.displayWidth();
    }

    public int imageHeight() {
        return content.displayHeight();
    }

    public int frames() {
        return content.frames();
    }

    /** The image x at the view's left edge (negative when the image is centred in a wider view). */
    public ReadOnlyDoubleProperty originXProperty() {
        return originX.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty originYProperty() {
        return originY.getReadOnlyProperty();
    }

    /** The zoom from which on a grid is drawn between image pixels (as ImageJ and GIMP do). */
    public static final double GRID_ZOOM = 8;
    /** One wheel notch or one +/- press. */
    public static final double STEP = 1.25;
    public static final double MIN_ZOOM = 0.01, MAX_ZOOM = 64;

    /** The image column under view x (may be outside the image). */
    public int imageX(double viewX) {
        return (int) Math.floor(originX.get() + viewX / zoom.get());
    }

    public int imageY(double viewY) {
        return (int) Math.floor(originY.get() + viewY / zoom.get());
    }

    // ---- intents ----

    /** The view now has this size in screen pixels. */
    public void viewSize(double w, double h) {
        if (w == viewW && h == viewH) return;
        // keep the image point at the view's centre where it is
        double cx = originX.get() + viewW / 2 / zoom.get(), cy = originY.get() + viewH / 2 / zoom.get();
        boolean first = viewW <= 0 || viewH <= 0;
        viewW = w;
        viewH = h;
        if (first) clampOrigin();
        else setOrigin(cx - w / 2 / zoom.get(), cy - h / 2 / zoom.get());
        firstFit();
        updateDetail();
    }

    private void firstFit() {
        if (!fitPending || overview.get() == null || viewW <= 0 || viewH <= 0) return;
        fitPending = false;
        double fit = Math.min(viewW / imageWidth(), viewH / imageHeight());
        applyZoom(Math.min(1, fit), viewW / 2, viewH / 2);
        clampOrigin();
        updateDetail();
    }

    public void zoomIn() {
        setZoom(zoom.get() * STEP);
    }

    public void zoomOut() {
        setZoom(zoom.get() / STEP);
    }

    public void actualSize() {
        setZoom(1);
    }

    /** Fits the image in a viewport of the given size, centred. */
    public void fit(double viewW, double viewH) {
        if (viewW <= 0 || viewH <= 0) return;
        setZoom(Math.min(viewW / imageWidth(), viewH / imageHeight()));
    }

    /** Fits the image in the view. */
    public void fit() {
        fit(viewW, viewH);
    }

    /** Sets the zoom keeping the image point at the view's centre in place. */
    public void setZoom(double z) {
        zoomAbout(z, viewW / 2, viewH / 2);
    }

    /** Multiplies the zoom by a factor keeping the image point under view (x, y) under it (the wheel). */
    public void zoomAt(double factor, double x, double y) {
        zoomAbout(zoom.get() * factor, x, y);
    }

    private void zoomAbout(double z, double x, double y) {
        fitPending = false;
        zoomChosen = true;
        applyZoom(z, x, y);
        updateDetail();
    }

    private void applyZoom(double z, double x, double y) {
        double old = zoom.get();
        double px = originX.get() + x / old, py = originY.get() + y / old;
        double nz = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
        zoom.set(nz);
        setOrigin(px - x / nz, py - y / nz);
    }

    /** Moves the image by (dx, dy) screen pixels (a drag). */
    public void panBy(double dx, double dy) {
        setOrigin(originX.get() - dx / zoom.get(), originY.get() - dy / zoom.get());
        updateDetail();
    }

    /** Puts image point (x, y) at the view's top-left corner, within the image's bounds. */
    public void scrollTo(double x, double y) {
        setOrigin(x, y);
        updateDetail();
    }

    private void clampOrigin() {
        setOrigin(originX.get(), originY.get());
    }

    private void setOrigin(double x, double y) {
        originX.set(clamp(x, imageWidth(), viewW));
        originY.set(clamp(y, imageHeight(), viewH));
    }

    /** An image narrower than the view is centred; a wider one cannot be scrolled past its edges. */
    private double clamp(double o, int size, double view) {
        double visible = view / zoom.get();
        if (view <= 0) return Math.max(0, o);
        if (size <= visible) return -(visible - size) / 2;
        return Math.max(0, Math.min(size - visible, o));
    }

    private void updateDetail() {
        if (viewW <= 0 || viewH <= 0) return;
        double z = zoom.get();
        double x0 = Math.max(0, originX.get()), y0 = Math.max(0, originY.get());
        double x1 = Math.min(imageWidth(), originX.get() + viewW / z), y1 = Math.min(imageHeight(), originY.get() + viewH / z);
        if (x1 > x0 && y1 > y0) viewportChanged(x0, y0, x1 - x0, y1 - y0);
    }

    public void showFrame(int f) {
        if (f < 0 || f >= content.frames() || f == frame.get()) return;
        frame.set(f);
        decode();
    }

    public void nextFrame() {
        showFrame((frame.get() + 1) % content.frames());
    }

    public void previousFrame() {
        showFrame((frame.get() - 1 + content.frames()) % content.frames());
    }

    /**
     * The viewport now shows image region (x, y, w, h) in image pixels: when the overview is coarser
     * than the zoom needs, decode that region at the resolution the screen can show.
     */
    public void viewportChanged(double x, double y, double w, double h) {
        Image o = overview.get();
        if (o == null) return;
        double overviewScale = o.getWidth() / imageWidth();
        if (overviewScale >= 0.999 || zoom.get() <= overviewScale * 1.01) {
            if (detail.get() != null) detail.set(null);
            return;
        }
        int sub = Math.max(1, (int) Math.floor(1 / zoom.get()));
        int rx = (int) Math.max(0, Math.floor(x)), ry = (int) Math.max(0, Math.floor(y));
        int rw = (int) Math.min(imageWidth() - rx, Math.ceil(w) + 1), rh = (int) Math.min(imageHeight() - ry, Math.ceil(h) + 1);
        if (rw <= 0 || rh <= 0) return;
        Detail d = detail.get();
        if (d != null && d.x() <= rx && d.y() <= ry && d.x() + d.w() >= rx + rw && d.y() + d.h() >= ry + rh
                && Math.abs(d.image().getWidth() / d.w() - 1.0 / sub) < 1e-6) return;
        if (detailHandle != null) detailHandle.cancel();
        int f = frame.get();
        detailHandle = async.run(() -> new Detail(SwingFXUtils.toFXImage(content.region(f, rx, ry, rw, rh, sub), null), rx, ry, rw, rh),
                detail::set, e -> message.set(e.getMessage()));
    }

    /** The pointer is over image pixel (x, y): read its stored value. */
    public void hover(int x, int y) {
        if (x < 0 || y < 0 || x >= imageWidth() || y >= imageHeight()) {
            pixelText.set("");
            return;
        }
        if (pixelHandle != null) pixelHandle.cancel();
        int f = frame.get();
        pixelHandle = async.run(() -> content.pixel(f, x, y), v -> pixelText.set("x " + x + ", y " + y + ": " + format(v)),
                e -> pixelText.set("x " + x + ", y " + y));
    }

    private String format(double[] v) {
        boolean integral = !content.sampleType().startsWith("float");
        String[] parts = Arrays.stream(v).mapToObj(d -> integral ? Long.toString((long) d) : String.format(Locale.ROOT, "%.6g", d)).toArray(String[]::new);
        String s = parts.length == 1 ? parts[0] : "(" + String.join(", ", parts) + ")";
        return content.isPalette() ? "index " + s : s;
    }
}
