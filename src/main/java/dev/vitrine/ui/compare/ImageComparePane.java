package dev.vitrine.ui.compare;

import dev.vitrine.compare.ImageDiff;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/**
 * Two images compared: A | B side by side, a swipe view (A left of the handle, B right) and the
 * difference image (|A−B| with an adjustable gain) with its statistics. Every view shares one zoom
 * and pan: drag to pan, scroll to zoom around the pointer, "Fit" and "1:1" buttons, keys +, − and 0.
 * The swipe handle follows its slider (arrow keys, Home, End) or is dragged on the image.
 */
public final class ImageComparePane extends BorderPane {

    /** Pixels of the compared images per screen pixel (1 = 1:1). */
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    /** Image coordinates at the viewport's top-left corner. */
    private final DoubleProperty offsetX = new SimpleDoubleProperty(0);
    private final DoubleProperty offsetY = new SimpleDoubleProperty(0);
    /** The swipe handle as a fraction of the image's width: A left of it, B right. */
    private final Slider swipe = new Slider(0, 1, 0.5);
    private final Slider gain = new Slider(1, 32, 1);
    private final ImageDiff diff;
    private final Image imageA, imageB;
    private final ImageView diffView;
    private final StackPane stage = new StackPane();
    private double dragX, dragY;
    private boolean fitted;
    private final java.util.List<ToggleButton> modeButtons = new java.util.ArrayList<>();

    public ImageComparePane(ImageDiff d) {
        this(d, null);
    }

    /**
     * The next pair of images in place of {@code previous}'s: its zoom, pan, mode, swipe position and
     * gain are kept (stepping through iterations), not fitted again.
     */
    public ImageComparePane(ImageDiff d, ImageComparePane previous) {
        this.diff = d;
        getStyleClass().add("image-compare");
        imageA = image(d.argbA(), d.width(), d.height());
        imageB = image(d.argbB(), d.width(), d.height());

        Pane left = viewport(imageA, "image-a");
        Pane right = viewport(imageB, "image-b");
        HBox sideBySide = new HBox(4, labelled("A", left), labelled(d.scaled() ? "B (scaled to A's size)" : "B", right));
        HBox.setHgrow(sideBySide.getChildren().get(0), Priority.ALWAYS);
        HBox.setHgrow(sideBySide.getChildren().get(1), Priority.ALWAYS);
        sideBySide.setId("image-side-by-side");

        Node swipePane = swipePane();

        diffView = new ImageView(image(d.difference(), d.width(), d.height()));
        Pane diffPort = viewport(diffView, "image-difference");
        gain.setId("difference-gain");
        gain.setAccessibleText("Difference gain");
        gain.valueProperty().addListener((o, a, b) -> diffView.setImage(image(d.differenceAmplified(b.doubleValue()), d.width(), d.height())));
        Label gainLabel = new Label();
        gainLabel.textProperty().bind(gain.valueProperty().map(v -> String.format(Locale.ROOT, "gain ×%.0f", v.doubleValue())));
        HBox gainBar = new HBox(8, new Label("|A−B|"), gain, gainLabel);
        gainBar.setAlignment(Pos.CENTER_LEFT);
        BorderPane diffPane = new BorderPane(diffPort, gainBar, null, statsTable(d), null);
        diffPane.setId("image-difference-pane");

        ToggleGroup modes = new ToggleGroup();
        ToggleButton sbs = mode("Side by side", "mdi2v-view-split-vertical", modes, sideBySide);
        sbs.setId("mode-side-by-side");
        ToggleButton sw = mode("Swipe", "mdi2c-compare-horizontal", modes, swipePane);
        sw.setId("mode-swipe");
        ToggleButton df = mode("Difference", "mdi2m-minus-box-outline", modes, diffPane);
        df.setId("mode-difference");
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) a.setSelected(true); // one mode is always on
        });

        Button fit = new Button(null, new FontIcon("mdi2f-fit-to-page-outline"));
        fit.setId("zoom-fit");
        fit.setTooltip(new Tooltip("Fit (0)"));
        fit.setAccessibleText("Zoom to fit");
        fit.setOnAction(e -> fit());
        Button one = new Button("1:1");
        one.setId("zoom-1");
        one.setTooltip(new Tooltip("Actual pixels"));
        one.setOnAction(e -> zoomAt(1, 0, 0));
        Button in = new Button(null, new FontIcon("mdi2m-magnify-plus-outline"));
        in.setAccessibleText("Zoom in");
        in.setTooltip(new Tooltip("Zoom in (+)"));
        in.setOnAction(e -> zoomAt(zoom.get() * 1.5, 0, 0));
        Button outB = new Button(null, new FontIcon("mdi2m-magnify-minus-outline"));
        outB.setAccessibleText("Zoom out");
        outB.setTooltip(new Tooltip("Zoom out (−)"));
        outB.setOnAction(e -> zoomAt(zoom.get() / 1.5, 0, 0));
        Label note = new Label(d.note() == null ? "" : d.note());
        note.setId("image-compare-note");
        HBox bar = new HBox(6, sbs, sw, df, new Label("  "), fit, one, in, outB, note);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        setCenter(stage);
        modeButtons.addAll(java.util.List.of(sbs, sw, df));
        sw.setSelected(true);
        if (previous != null) {
            fitted = true;
            zoom.set(previous.zoom.get());
            offsetX.set(previous.offsetX.get());
            offsetY.set(previous.offsetY.get());
            swipe.setValue(previous.swipe.getValue());
            gain.setValue(previous.gain.getValue());
            for (int i = 0; i < modeButtons.size(); i++) if (previous.modeButtons.get(i).isSelected()) modeButtons.get(i).setSelected(true);
        }

        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) zoomAt(zoom.get() * 1.5, 0, 0);
            else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) zoomAt(zoom.get() / 1.5, 0, 0);
            else if (e.getCode() == KeyCode.DIGIT0 || e.getCode() == KeyCode.NUMPAD0) fit();
            else return;
            e.consume();
        });
        stage.layoutBoundsProperty().addListener((o, a, b) -> {
            if (!fitted && b.getWidth() > 0 && b.getHeight() > 0) {
                fitted = true;
                fit();
            }
        });
    }

    /** Screen pixels per image pixel, shared by every view of the pair. */
    public double zoom() {
        return zoom.get();
    }

    /** Sets the zoom (around the top-left corner), as the 1:1 and zoom buttons do. */
    public void zoomTo(double z) {
        zoomAt(z, 0, 0);
    }

    Slider swipeSlider() {
        return swipe;
    }

    private ToggleButton mode(String text, String icon, ToggleGroup g, Node content) {
        ToggleButton b = new ToggleButton(text, new FontIcon(icon));
        b.setToggleGroup(g);
        b.selectedProperty().addListener((o, was, on) -> {
            if (on) stage.getChildren().setAll(content);
        });
        return b;
    }

    private static Node labelled(String title, Pane content) {
        Label l = new Label(title);
        l.setPadding(new Insets(2, 4, 2, 4));
        VBox box = new VBox(l, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        box.setMinWidth(0);
        return box;
    }

    /** A clipped pane showing {@code img} at the shared zoom and pan. */
    private Pane viewport(Image img, String id) {
        return viewport(new ImageView(img), id);
    }

    private Pane viewport(ImageView view, String id) {
        bindView(view);
        Pane p = new Pane(view);
        p.setId(id);
        p.setMinSize(0, 0);
        clip(p);
        interact(p);
        return p;
    }

    private void bindView(ImageView view) {
        view.setSmooth(false);
        view.setPreserveRatio(false);
        view.fitWidthProperty().bind(zoom.multiply(diff.width()));
        view.fitHeightProperty().bind(zoom.multiply(diff.height()));
        view.layoutXProperty().bind(offsetX.multiply(zoom).negate());
        view.layoutYProperty().bind(offsetY.multiply(zoom).negate());
    }

    private static void clip(Pane p) {
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(p.widthProperty());
        clip.heightProperty().bind(p.heightProperty());
        p.setClip(clip);
    }

    private void interact(Pane p) {
        p.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
            requestFocus();
        });
        p.setOnMouseDragged(e -> {
            offsetX.set(offsetX.get() - (e.getX() - dragX) / zoom.get());
            offsetY.set(offsetY.get() - (e.getY() - dragY) / zoom.get());
            dragX = e.getX();
            dragY = e.getY();
        });
        p.setOnScroll(e -> {
            if (e.getDeltaY() == 0) return;
            zoomAt(zoom.get() * (e.getDeltaY() > 0 ? 1.25 : 0.8), e.getX(), e.getY());
            e.consume();
        });
    }

    /** Changes the zoom keeping the image point under (sx, sy) in the viewport where it is. */
    private void zoomAt(double z, double sx, double sy) {
        z = Math.max(0.02, Math.min(64, z));
        double ix = offsetX.get() + sx / zoom.get(), iy = offsetY.get() + sy / zoom.get();
        zoom.set(z);
        offsetX.set(ix - sx / z);
        offsetY.set(iy - sy / z);
    }

    private void fit() {
        double w = Math.max(1, stage.getWidth()), h = Math.max(1, stage.getHeight() - 24);
        // side by side halves the width; fit the narrower of the views
        double z = Math.min(w / 2 / diff.width(), h / diff.height());
        zoom.set(Math.max(0.02, Math.min(64, z)));
        offsetX.set(0);
        offsetY.set(0);
    }

    /** B underneath, A on top clipped to the left of the handle; the slider moves the handle. */
    private Node swipePane() {
        ImageView b = new ImageView(imageB);
        ImageView a = new ImageView(imageA);
        bindView(a);
        bindView(b);
        Pane p = new Pane(b, a);
        p.setId("image-swipe");
        p.setMinSize(0, 0);
        clip(p);
        // the handle is a fraction of the image's width (the slider spans the image wherever it is panned);
        // the clip is in A's own coordinates, which move with the pan
        Rectangle aClip = new Rectangle();
        aClip.heightProperty().bind(a.fitHeightProperty());
        aClip.widthProperty().bind(a.fitWidthProperty().multiply(swipe.valueProperty()));
        a.setClip(aClip);
        Line handle = new Line();
        handle.setId("swipe-handle");
        handle.startXProperty().bind(a.layoutXProperty().add(a.fitWidthProperty().multiply(swipe.valueProperty())));
        handle.endXProperty().bind(handle.startXProperty());
        handle.endYProperty().bind(p.heightProperty());
        handle.setStyle("-fx-stroke: #f97316; -fx-stroke-width: 2;");
        handle.setMouseTransparent(true);
        p.getChildren().add(handle);
        interact(p);
        // pressing near the handle drags it instead of panning
        var pan = p.getOnMousePressed();
        var panDrag = p.getOnMouseDragged();
        boolean[] onHandle = {false};
        p.setOnMousePressed(e -> {
            onHandle[0] = Math.abs(e.getX() - handle.getStartX()) <= 8;
            pan.handle(e);
        });
        p.setOnMouseDragged(e -> {
            if (onHandle[0]) swipe.setValue(Math.max(0, Math.min(1, (e.getX() - a.getLayoutX()) / Math.max(1, a.getFitWidth()))));
            else panDrag.handle(e);
        });
        p.setOnMouseMoved(e -> p.setCursor(Math.abs(e.getX() - handle.getStartX()) <= 8 ? javafx.scene.Cursor.H_RESIZE : javafx.scene.Cursor.MOVE));
        swipe.setId("swipe-slider");
        swipe.setAccessibleText("Swipe position: A left of the handle, B right");
        swipe.setTooltip(new Tooltip("A left of the handle, B right"));
        HBox bar = new HBox(8, new Label("A"), swipe, new Label("B"));
        HBox.setHgrow(swipe, Priority.ALWAYS);
        bar.setAlignment(Pos.CENTER);
        bar.setPadding(new Insets(2, 8, 2, 8));
        BorderPane box = new BorderPane(p, null, null, bar, null);
        return box;
    }

    private record StatRow(String what, String value) {}

    private static Node statsTable(ImageDiff d) {
        var rows = FXCollections.<StatRow>observableArrayList();
        rows.add(new StatRow("size A", d.widthA() + " × " + d.heightA()));
        rows.add(new StatRow("size B", d.widthB() + " × " + d.heightB()));
        rows.add(new StatRow("compared at", d.width() + " × " + d.height() + (d.scaled() ? " (B scaled)" : d.subsampled() ? " (subsampled)" : "")));
        rows.add(new StatRow("pixels differing", String.format(Locale.ROOT, "%,d of %,d (%.4f%%)", d.differingPixels(), d.pixelCount(), 100 * d.fractionDiffering())));
        rows.add(new StatRow("PSNR", d.psnr() == null ? "∞ (identical)" : String.format(Locale.ROOT, "%.3f dB", d.psnr())));
        for (ImageDiff.Channel c : d.channels()) {
            rows.add(new StatRow(c.name() + " mean / max |A−B|", String.format(Locale.ROOT, "%.4f / %d", c.meanAbsDiff(), c.maxAbsDiff())));
        }
        TableView<StatRow> t = new TableView<>(rows);
        t.setId("image-diff-stats");
        TableColumn<StatRow, String> what = new TableColumn<>("statistic");
        what.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().what()));
        what.setPrefWidth(170);
        TableColumn<StatRow, String> value = new TableColumn<>("value");
        value.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().value()));
        value.setPrefWidth(200);
        t.getColumns().add(what);
        t.getColumns().add(value);
        t.setPrefWidth(390);
        return t;
    }

    static Image image(int[] argb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }
}
