package dev.vitrine.ui.preview.image;

import dev.vitrine.preview.image.ImageContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.StatusPane;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * An image with zoom (wheel, +/-), pan (scroll/drag), fit, 1:1, a pixel inspector and frame
 * stepping. The overview is scaled; a sharper region is laid over it when zoomed in.
 */
public final class ImageViewer extends StatusPane {

    private final ImageViewModel vm;
    private final ImageView base = new ImageView();
    private final ImageView detail = new ImageView();
    private final Pane canvas = new Pane(base, detail);
    private final ScrollPane scroll = new ScrollPane(canvas);
    private boolean fitted;

    public ImageViewer(ImageContent content, Async async) {
        super("mdi2i-image-outline");
        vm = new ImageViewModel(content, async);
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());
        setContent(build());
        base.imageProperty().bind(vm.overviewProperty());
        base.setSmooth(false);
        detail.setSmooth(false);
        vm.zoomProperty().addListener((o, a, b) -> layoutImage());
        vm.overviewProperty().addListener((o, a, b) -> {
            if (!fitted && b != null) {
                fitted = true;
                // a zoom chosen while the first image was decoding stays (1:1 pressed at once)
                if (!vm.isZoomChosen()) fitLater();
            }
            layoutImage();
        });
        vm.detailProperty().addListener((o, a, b) -> layoutDetail());
        scroll.hvalueProperty().addListener((o, a, b) -> reportViewport());
        scroll.vvalueProperty().addListener((o, a, b) -> reportViewport());
        scroll.viewportBoundsProperty().addListener((o, a, b) -> reportViewport());
    }

    public ImageViewModel viewModel() {
        return vm;
    }

    /** Another image in place, zoom and scroll position kept (see {@link ImageViewModel#replace}). */
    public void show(ImageContent next, javafx.scene.image.Image readyOverview) {
        vm.replace(next, readyOverview);
    }

    private BorderPane build() {
        Button in = iconButton("mdi2m-magnify-plus-outline", "Zoom in (+)", vm::zoomIn);
        Button out = iconButton("mdi2m-magnify-minus-outline", "Zoom out (-)", vm::zoomOut);
        Button fit = iconButton("mdi2f-fit-to-page-outline", "Fit (F)", this::fit);
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
        zoom.textProperty().bind(vm.zoomProperty().multiply(100).asString("%.0f%%"));
        // the zoom and the image's format read whole; the spacer gives way first
        zoom.setMinWidth(Region.USE_PREF_SIZE);
        Label info = new Label();
        info.setMinWidth(Region.USE_PREF_SIZE);
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

        scroll.setPannable(true);
        scroll.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() == 0) return;
            if (e.getDeltaY() > 0) vm.zoomIn();
            else vm.zoomOut();
            e.consume();
        });
        canvas.setOnMouseMoved(e -> {
            double z = vm.zoomProperty().get();
            vm.hover((int) Math.floor(e.getX() / z), (int) Math.floor(e.getY() / z));
        });
        canvas.setOnMouseExited(e -> vm.hover(-1, -1));
        BorderPane root = new BorderPane(scroll);
        root.setTop(bar);
        root.setBottom(foot);
        root.setOnKeyPressed(e -> {
            KeyCode k = e.getCode();
            if (k == KeyCode.PLUS || k == KeyCode.EQUALS || k == KeyCode.ADD) vm.zoomIn();
            else if (k == KeyCode.MINUS || k == KeyCode.SUBTRACT) vm.zoomOut();
            else if (k == KeyCode.F) fit();
            else if (k == KeyCode.DIGIT1 || k == KeyCode.NUMPAD1) vm.actualSize();
            else if (k == KeyCode.PERIOD) vm.nextFrame();
            else if (k == KeyCode.COMMA) vm.previousFrame();
            else return;
            e.consume();
        });
        return root;
    }

    private Button iconButton(String icon, String text, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setAccessibleText(text);
        b.setTooltip(new Tooltip(text));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    private void fit() {
        Bounds v = scroll.getViewportBounds();
        vm.fit(v.getWidth() - 2, v.getHeight() - 2);
    }

    private void fitLater() {
        if (scroll.getViewportBounds().getWidth() > 0) {
            fit();
        } else {
            scroll.viewportBoundsProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Bounds> o, Bounds a, Bounds b) {
                    if (b.getWidth() > 0) {
                        scroll.viewportBoundsProperty().removeListener(this);
                        if (!vm.isZoomChosen()) fit();
                    }
                }
            });
        }
    }

    private void layoutImage() {
        double z = vm.zoomProperty().get();
        double w = vm.imageWidth() * z, h = vm.imageHeight() * z;
        base.setFitWidth(w);
        base.setFitHeight(h);
        canvas.setPrefSize(w, h);
        canvas.setMinSize(w, h);
        canvas.setMaxSize(w, h);
        layoutDetail();
        reportViewport();
    }

    private void layoutDetail() {
        ImageViewModel.Detail d = vm.detailProperty().get();
        if (d == null) {
            detail.setImage(null);
            return;
        }
        double z = vm.zoomProperty().get();
        detail.setImage(d.image());
        detail.setLayoutX(d.x() * z);
        detail.setLayoutY(d.y() * z);
        detail.setFitWidth(d.w() * z);
        detail.setFitHeight(d.h() * z);
    }

    /** Visible part of the image in image pixels. */
    private void reportViewport() {
        Bounds v = scroll.getViewportBounds();
        double z = vm.zoomProperty().get();
        double cw = canvas.getPrefWidth(), ch = canvas.getPrefHeight();
        double x = Math.max(0, (cw - v.getWidth()) * scroll.getHvalue()) / z;
        double y = Math.max(0, (ch - v.getHeight()) * scroll.getVvalue()) / z;
        vm.viewportChanged(x, y, v.getWidth() / z, v.getHeight() / z);
    }
}
