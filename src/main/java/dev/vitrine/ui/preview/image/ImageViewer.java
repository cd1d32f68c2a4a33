package dev.vitrine.ui.preview.image;

import dev.vitrine.preview.image.ImageContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.StatusPane;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * An image with zoom (wheel about the cursor, +/-), pan (drag, scroll bars), fit, 1:1, a pixel
 * inspector that follows the pointer, and frame stepping. Only the visible part is drawn, on a
 * canvas: scaled down smoothly, scaled up with nearest neighbour (crisp pixels on every pipeline,
 * which an ImageView's smooth=false is not) and a pixel grid from {@link ImageViewModel#GRID_ZOOM}.
 * The overview is drawn first; a sharper region is drawn over it when zoomed in.
 */
public final class ImageViewer extends StatusPane {

    private final ImageViewModel vm;
    private final Surface surface = new Surface();
    private final ScrollBar hbar = new ScrollBar();
    private final ScrollBar vbar = new ScrollBar();
    private double dragX, dragY, mouseX = -1, mouseY = -1;
    private boolean syncingBars;

    public ImageViewer(ImageContent content, Async async) {
        super("mdi2i-image-outline");
        vm = new ImageViewModel(content, async);
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());
        setContent(build());
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {vm.zoomProperty(), vm.originXProperty(), vm.originYProperty(),
                vm.overviewProperty(), vm.detailProperty()}) {
            o.addListener(x -> {
                surface.redraw();
                syncBars();
            });
        }
        hbar.valueProperty().addListener((o, a, b) -> { if (!syncingBars) vm.scrollTo(b.doubleValue(), vm.originYProperty().get()); });
        vbar.valueProperty().addListener((o, a, b) -> { if (!syncingBars) vm.scrollTo(vm.originXProperty().get(), b.doubleValue()); });
    }

    public ImageViewModel viewModel() {
        return vm;
    }

    /** The canvas the image is drawn on (the size of the view). */
    public Canvas canvas() {
        return surface.canvas;
    }

    /** Another image in place, zoom and scroll position kept (see {@link ImageViewModel#replace}). */
    public void show(ImageContent next, javafx.scene.image.Image readyOverview) {
        vm.replace(next, readyOverview);
    }

    private BorderPane build() {
        Button in = iconButton("mdi2m-magnify-plus-outline", "Zoom in (+)", vm::zoomIn);
        Button out = iconButton("mdi2m-magnify-minus-outline", "Zoom out (-)", vm::zoomOut);
        Button fit = iconButton("mdi2f-fit-to-page-outline", "Fit (F)", vm::fit);
        Button one = iconButton("mdi2n-numeric-1-box-outline", "Actual size 1:1 (1)", vm::actualSize);
        Button prev = iconButton("mdi2s-skip-previous", "Previous frame (,)", vm::previousFrame);
        Button next = iconButton("mdi2s-skip-next", "Next frame (.)", vm::nextFrame);
        Label frameLabel = new Label();
        frameLabel.setId("image-frame");
        frameLabel.textProperty().bind(vm.frameProperty().add(1).asString("Frame %d / " + vm.frames()));
        boolean animated = vm.frames() > 1;
        for (Region r : new Region[] {prev, next, frameLabel}) {
            r.setVisible(animated);
            r.setManaged(animated);
        }
        Label zoom = new Label();
        zoom.setId("image-zoom");
        zoom.setMinWidth(Region.USE_PREF_SIZE);
        zoom.textProperty().bind(vm.zoomProperty().multiply(100).asString("%.0f%%"));
        Label info = new Label();
        info.textProperty().bind(vm.infoProperty());
        Label pixel = new Label();
        pixel.setId("image-pixel");
        pixel.textProperty().bind(vm.pixelTextProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(6, out, zoom, in, fit, one, prev, frameLabel, next, grow, info);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        HBox foot = new HBox(pixel);
        foot.setPadding(new Insets(4, 6, 4, 6));

        surface.setCursor(Cursor.CROSSHAIR);
        surface.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) return;
            vm.zoomAt(e.getDeltaY() > 0 ? ImageViewModel.STEP : 1 / ImageViewModel.STEP, e.getX(), e.getY());
            pointerAt(e.getX(), e.getY());
            e.consume();
        });
        surface.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            surface.requestFocus();
        });
        surface.setOnMouseDragged(e -> {
            surface.setCursor(Cursor.CLOSED_HAND);
            vm.panBy(e.getX() - dragX, e.getY() - dragY);
            dragX = e.getX();
            dragY = e.getY();
            pointerAt(e.getX(), e.getY());
        });
        surface.setOnMouseReleased(e -> surface.setCursor(Cursor.CROSSHAIR));
        surface.setOnMouseMoved(e -> pointerAt(e.getX(), e.getY()));
        surface.setOnMouseExited(e -> {
            mouseX = mouseY = -1;
            vm.hover(-1, -1);
        });
        surface.setFocusTraversable(true);
        hbar.setOrientation(Orientation.HORIZONTAL);
        vbar.setOrientation(Orientation.VERTICAL);
        hbar.setId("image-hbar");
        vbar.setId("image-vbar");
        // the bars lie over the image edge: showing or hiding one never resizes the view it measures
        StackPane view = new StackPane(surface, hbar, vbar);
        StackPane.setAlignment(hbar, Pos.BOTTOM_LEFT);
        StackPane.setAlignment(vbar, Pos.TOP_RIGHT);
        hbar.setMaxWidth(Double.MAX_VALUE);
        vbar.setMaxHeight(Double.MAX_VALUE);
        surface.setMinSize(0, 0);
        BorderPane root = new BorderPane(view);
        root.setTop(bar);
        root.setBottom(foot);
        root.setOnKeyPressed(e -> {
            KeyCode k = e.getCode();
            if (k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD) vm.zoomIn();
            else if (k == KeyCode.MINUS || k == KeyCode.SUBTRACT) vm.zoomOut();
            else if (k == KeyCode.F) vm.fit();
            else if (k == KeyCode.DIGIT1 || k == KeyCode.NUMPAD1) vm.actualSize();
            else if (k == KeyCode.PERIOD) vm.nextFrame();
            else if (k == KeyCode.COMMA) vm.previousFrame();
            else return;
            if (mouseX >= 0) pointerAt(mouseX, mouseY);
            e.consume();
        });
        return root;
    }

    /** The pointer is at view (x, y): the readout shows the pixel under it. */
    private void pointerAt(double x, double y) {
        mouseX = x;
        mouseY = y;
        vm.hover(vm.imageX(x), vm.imageY(y));
    }

    private Button iconButton(String icon, String text, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setAccessibleText(text);
        b.setTooltip(new Tooltip(text));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    /** Scroll bars show where the view is when the image overflows it, and move it. */
    private void syncBars() {
        syncingBars = true;
        double z = vm.zoomProperty().get();
        sync(hbar, vm.imageWidth(), surface.getWidth() / z, vm.originXProperty().get());
        sync(vbar, vm.imageHeight(), surface.getHeight() / z, vm.originYProperty().get());
        syncingBars = false;
    }

    private static void sync(ScrollBar b, int size, double visible, double origin) {
        boolean overflow = size > visible + 1e-9 && visible > 0;
        b.setVisible(overflow);
        if (!overflow) return;
        b.setMin(0);
        b.setMax(size - visible);
        b.setVisibleAmount(visible * (size - visible) / size);
        b.setUnitIncrement(Math.max(1, visible / 20));
        b.setBlockIncrement(visible * 0.9);
        b.setValue(Math.max(0, Math.min(size - visible, origin)));
    }

    /** A canvas the size of the view, redrawn from the ViewModel's zoom and origin. */
    private final class Surface extends Region {
        final Canvas canvas = new Canvas();

        Surface() {
            getChildren().add(canvas);
            getStyleClass().add("image-surface");
            setPrefSize(600, 400);
            // only the visible part is drawn: nothing outside the view shows through
            Rectangle clip = new Rectangle();
            clip.widthProperty().bind(widthProperty());
            clip.heightProperty().bind(heightProperty());
            setClip(clip);
        }

        @Override
        protected void layoutChildren() {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            vm.viewSize(getWidth(), getHeight());
            redraw();
            syncBars();
        }

        void redraw() {
            GraphicsContext g = canvas.getGraphicsContext2D();
            double w = canvas.getWidth(), h = canvas.getHeight();
            g.clearRect(0, 0, w, h);
            Image o = vm.overviewProperty().get();
            if (o == null || w <= 0 || h <= 0) return;
            double z = vm.zoomProperty().get(), ox = vm.originXProperty().get(), oy = vm.originYProperty().get();
            int iw = vm.imageWidth(), ih = vm.imageHeight();
            // the image pixels in view, whole ones, so each is drawn as a block of the same size
            int x0 = (int) Math.max(0, Math.floor(ox)), y0 = (int) Math.max(0, Math.floor(oy));
            int x1 = (int) Math.min(iw, Math.ceil(ox + w / z)), y1 = (int) Math.min(ih, Math.ceil(oy + h / z));
            if (x1 <= x0 || y1 <= y0) return;
            double sx = o.getWidth() / iw, sy = o.getHeight() / ih;
            g.setImageSmoothing(z < 1);
            g.drawImage(o, x0 * sx, y0 * sy, (x1 - x0) * sx, (y1 - y0) * sy, (x0 - ox) * z, (y0 - oy) * z, (x1 - x0) * z, (y1 - y0) * z);
            ImageViewModel.Detail d = vm.detailProperty().get();
            if (d != null) {
                g.drawImage(d.image(), (d.x() - ox) * z, (d.y() - oy) * z, d.w() * z, d.h() * z);
            }
            if (z >= ImageViewModel.GRID_ZOOM) {
                // one screen pixel wide on each boundary, light on dark and dark on light pixels alike
                g.setFill(GRID);
                double top = (y0 - oy) * z, bottom = (y1 - oy) * z, left = (x0 - ox) * z, right = (x1 - ox) * z;
                for (int x = x0; x <= x1; x++) g.fillRect(Math.floor((x - ox) * z), top, 1, bottom - top);
                for (int y = y0; y <= y1; y++) g.fillRect(left, Math.floor((y - oy) * z), right - left, 1);
            }
        }
    }

    static final Color GRID = Color.gray(0.5, 0.6);
}
