package dev.vitrine.ui.samples;

import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.ui.artifacts.Formats;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.ui.preview.image.ImageViewer;
import dev.vitrine.ui.compare.ImageComparePane;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One metric/variant in the image viewer (zoom, pan, 1:1, pixel inspector) with an iteration
 * slider and a field to type an iteration. Left/Right step through iterations, Page Up/Down switch
 * variant; the zoom and the visible region stay as the image changes. Audio, video and html open in
 * the system's player or browser; other files are fetched and their folder can be opened.
 */
public final class SampleViewerView extends BorderPane {

    private final SampleViewerViewModel vm;
    private final Consumer<String> openUri;
    private final StatusPane body = new StatusPane("mdi2i-image-outline");
    private final Slider slider = new Slider(0, 1, 0);
    private final TextField iterField = new TextField();
    private final Label where = new Label();
    private ImageViewer viewer;
    private boolean syncing;

    // compare: every run side by side (one zoom for all), or two of them in the compare pane
    private final BorderPane compareBox = new BorderPane();
    private final GridPane compareGrid = new GridPane();
    private final List<Cell> cells = new ArrayList<>();
    private final DoubleProperty gridZoom = new SimpleDoubleProperty(1);
    private boolean gridZoomSet;
    private final ToggleButton allMode = new ToggleButton("All side by side", new FontIcon("mdi2v-view-grid-outline"));
    private final ToggleButton pairMode = new ToggleButton("Two: swipe · difference", new FontIcon("mdi2c-compare-horizontal"));
    private final ComboBox<String> pairA = new ComboBox<>();
    private final ComboBox<String> pairB = new ComboBox<>();
    private final Label compareHead = new Label();
    private final Label pairHead = new Label();
    private final BorderPane pairBox = new BorderPane();
    private ImageComparePane pairPane;
    private boolean modeChosen;

    public SampleViewerView(SampleViewerViewModel vm, SamplesViewModel grid, Consumer<String> openUri, Runnable back) {
        this.vm = vm;
        this.openUri = openUri;
        setId("sampleViewer");
        setFocusTraversable(true);

        Button toGrid = button("mdi2v-view-grid-outline", "Back to the grid (Esc)", back);
        toGrid.setId("samplesBack");
        Button prevVariant = button("mdi2c-chevron-up", "Previous variant (Page Up)", () -> vm.variant(-1));
        Button nextVariant = button("mdi2c-chevron-down", "Next variant (Page Down)", () -> vm.variant(1));
        Label title = new Label();
        title.setId("sampleTitle");
        title.getStyleClass().add("text-bold");
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.keyProperty().get() == null ? "" : vm.keyProperty().get().toString(), vm.keyProperty()));
        Button badge = new Button();
        badge.setId("newIterations");
        badge.getStyleClass().add("accent");
        badge.textProperty().bind(vm.newerProperty().asString("%d new iteration(s): show the latest"));
        badge.visibleProperty().bind(vm.newerProperty().greaterThan(0));
        badge.managedProperty().bind(badge.visibleProperty());
        badge.setOnAction(e -> vm.latest());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(6, toGrid, prevVariant, nextVariant, title, grow, badge);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(4, 6, 4, 6));

        slider.setId("iterationSlider");
        slider.setFocusTraversable(false);
        slider.setShowTickMarks(false);
        HBox.setHgrow(slider, Priority.ALWAYS);
        slider.valueProperty().addListener((o, a, v) -> {
            if (!syncing) vm.goTo(Math.round(v.doubleValue()));
        });
        iterField.setId("iterationField");
        iterField.setPrefColumnCount(7);
        iterField.setPromptText("iteration");
        iterField.setOnAction(e -> {
            try {
                vm.goTo(Long.parseLong(iterField.getText().strip()));
            } catch (NumberFormatException ex) {
                iterField.selectAll();
            }
            requestFocus();
        });
        Label note = new Label();
        note.getStyleClass().add("text-muted");
        note.textProperty().bind(vm.noteProperty());
        where.setId("sampleWhere");
        HBox bottom = new HBox(8, new Label("Iteration"), iterField, slider, where);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(4, 6, 4, 6));

        body.stateProperty().bind(vm.stateProperty());
        body.messageProperty().bind(vm.messageProperty());
        setTop(top);
        setCenter(body);
        setBottom(new VBox(2, note, bottom));

        vm.historyProperty().addListener((o, a, h) -> range(h));
        vm.sampleProperty().addListener((o, a, s) -> position(s));
        vm.imageProperty().addListener((o, a, p) -> showImage(p));
        vm.fileProperty().addListener((o, a, f) -> showFile(vm.sampleProperty().get(), f));
        buildCompare();
        vm.comparisonProperty().addListener((o, a, c) -> showComparison(c));
        vm.comparedProperty().addListener((o, a, c) -> showCompared(c));

        // before the image viewer's scroll pane takes the arrows for itself
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() == iterField) return;
            KeyCode k = e.getCode();
            if (k == KeyCode.RIGHT) vm.step(1);
            else if (k == KeyCode.LEFT) vm.step(-1);
            else if (k == KeyCode.PAGE_UP) vm.variant(-1);
            else if (k == KeyCode.PAGE_DOWN) vm.variant(1);
            else if (k == KeyCode.ESCAPE) back.run();
            else return;
            e.consume();
        });
        setOnMouseClicked(e -> requestFocus());
    }

    public SampleViewerViewModel vm() {
        return vm;
    }

    private void range(SampleHistory h) {
        syncing = true;
        if (h == null || h.isEmpty()) {
            slider.setDisable(true);
        } else {
            slider.setDisable(false);
            slider.setMin(h.minIteration());
            slider.setMax(Math.max(h.maxIteration(), h.minIteration() + 1e-9));
        }
        syncing = false;
    }

    private void position(Sample s) {
        syncing = true;
        if (s != null) {
            slider.setValue(s.iteration());
            if (!iterField.isFocused()) iterField.setText(Long.toString(s.iteration()));
            SampleHistory h = vm.historyProperty().get();
            where.setText("of " + h.minIteration() + "–" + h.maxIteration() + " · " + Formats.time(s.timestamp()));
        }
        syncing = false;
    }

    private void showImage(SampleImages.Prepared p) {
        if (p == null) return;
        if (viewer == null) {
            viewer = new ImageViewer(p.content(), vm.async());
            viewer.setId("sampleImage");
        }
        // the decoded overview at once (the viewer would decode it again), zoom and position kept
        viewer.show(p.content(), p.overview());
        if (vm.comparisonProperty().get() == null) body.setContent(viewer);
    }

    /** The image viewer of the run opened (outside comparison), once its first image arrived. */
    public ImageViewer imageViewer() {
        return viewer;
    }

    private void buildCompare() {
        ToggleGroup modes = new ToggleGroup();
        allMode.setToggleGroup(modes);
        pairMode.setToggleGroup(modes);
        allMode.setId("compareAll");
        pairMode.setId("comparePair");
        allMode.setTooltip(new Tooltip("Every compared run side by side, at its own iteration nearest before the one shown"));
        pairMode.setTooltip(new Tooltip("Two runs in the compare pane: side by side, swipe, difference"));
        modes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one mode is always on
                return;
            }
            if (!syncing) modeChosen = true;
            compareBox.setCenter(b == allMode ? compareGrid : pairBox);
        });
        pairA.setId("comparePairA");
        pairB.setId("comparePairB");
        pairA.setTooltip(new Tooltip("A: left of the swipe handle"));
        pairB.setTooltip(new Tooltip("B: right of the swipe handle"));
        pairA.valueProperty().addListener((o, a, b) -> choosePair());
        pairB.valueProperty().addListener((o, a, b) -> choosePair());
        compareHead.setId("compareRuns");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(6, compareHead, grow, allMode, pairMode, new Label("A"), pairA, new Label("B"), pairB);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 6, 2, 6));
        compareBox.setTop(bar);
        compareGrid.setId("compareGrid");
        compareGrid.setHgap(4);
        compareGrid.setVgap(4);
        pairHead.setId("compareHead");
        pairHead.setPadding(new Insets(2, 6, 2, 6));
        pairBox.setTop(pairHead);
        gridZoom.addListener((o, a, z) -> gridZoomSet = true);
    }

    private void choosePair() {
        if (syncing) return;
        int a = pairA.getSelectionModel().getSelectedIndex();
        int b = pairB.getSelectionModel().getSelectedIndex();
        if (a >= 0 && b >= 0 && a != b) vm.pair(a, b);
    }

    /** One run of the grid: its name and iteration above its image (or why there is none). */
    private final class Cell extends BorderPane {
        final Label head = new Label();
        ImageViewer image;

        Cell() {
            head.getStyleClass().add("text-bold");
            head.setPadding(new Insets(2, 4, 2, 4));
            setTop(head);
            setMinSize(0, 0);
            getStyleClass().add("compare-cell");
        }

        void show(SampleViewerViewModel.Pane p) {
            head.setText(p.label() + (p.sample() == null ? "" : " @ " + p.sample().iteration()) + (p.problem() == null ? "" : ": " + p.problem()));
            if (p.image() == null) {
                Label what = new Label(p.sample() == null ? "" : p.sample().fileName(),
                        new FontIcon(p.sample() == null ? "mdi2i-image-off-outline" : SamplesView.icon(p.sample().kind())));
                what.getStyleClass().add("text-muted");
                setCenter(what);
                return;
            }
            if (image == null) {
                image = new ImageViewer(p.image().content(), vm.async());
                // one zoom for every run; a pane that appears later takes the zoom already set
                if (gridZoomSet) image.viewModel().setZoom(gridZoom.get());
                else if (viewer != null && viewer.viewModel().isZoomChosen()) {
                    image.viewModel().setZoom(viewer.viewModel().zoomProperty().get());
                    gridZoom.set(image.viewModel().zoomProperty().get());
                }
                image.viewModel().zoomProperty().bindBidirectional(gridZoom);
            }
            image.show(p.image().content(), p.image().overview());
            setCenter(image);
        }
    }

    /** Every compared run at the iteration shown: a grid of panes, each named with its own iteration. */
    private void showComparison(SampleViewerViewModel.Comparison c) {
        if (c == null) {
            if (viewer != null && vm.imageProperty().get() != null) body.setContent(viewer);
            return;
        }
        List<SampleViewerViewModel.Pane> panes = c.panes();
        syncing = true;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < panes.size(); i++) names.add((i + 1) + ". " + panes.get(i).label());
        if (!pairA.getItems().equals(names)) {
            pairA.getItems().setAll(names);
            pairB.getItems().setAll(names);
        }
        pairA.getSelectionModel().select(c.pairA());
        pairB.getSelectionModel().select(c.pairB());
        if (!modeChosen) (panes.size() > 2 ? allMode : pairMode).setSelected(true);
        syncing = false;
        compareHead.setText(panes.size() + " runs at iteration " + c.iteration());
        while (cells.size() > panes.size()) cells.remove(cells.size() - 1);
        while (cells.size() < panes.size()) cells.add(new Cell());
        int cols = panes.size() <= 3 ? panes.size() : (panes.size() + 1) / 2;
        compareGrid.getChildren().clear();
        compareGrid.getColumnConstraints().clear();
        compareGrid.getRowConstraints().clear();
        for (int i = 0; i < cols; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / cols);
            compareGrid.getColumnConstraints().add(cc);
        }
        int rows = (panes.size() + cols - 1) / cols;
        for (int i = 0; i < rows; i++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100.0 / rows);
            compareGrid.getRowConstraints().add(rc);
        }
        for (int i = 0; i < panes.size(); i++) {
            Cell cell = cells.get(i);
            cell.show(panes.get(i));
            compareGrid.add(cell, i % cols, i / cols);
        }
        body.setContent(compareBox);
    }

    /** The two runs chosen: A | B, swipe and difference; zoom, pan and mode stay from one iteration to the next. */
    private void showCompared(SampleViewerViewModel.Compared c) {
        if (c == null) return;
        pairHead.setText(c.labelA() + (c.a() == null ? "" : " @ " + c.a().iteration()) + "   vs   " + c.labelB()
                + (c.b() == null ? "" : " @ " + c.b().iteration()) + (c.problem() == null ? "" : ": " + c.problem()));
        if (c.diff() != null) {
            pairPane = new ImageComparePane(c.diff(), pairPane);
            pairBox.setCenter(pairPane);
        } else {
            Label why = new Label(c.problem() == null ? "" : c.problem());
            why.getStyleClass().add("text-muted");
            pairBox.setCenter(why);
        }
        if (vm.comparisonProperty().get() == null) body.setContent(pairBox); // the comparison failed: say why
    }

    /** The compare pane of the chosen pair, or null. */
    public ImageComparePane pairPane() {
        return pairPane;
    }

    /** The images of the compared runs, in pane order (null where a run has no image). */
    public List<ImageViewer> paneViewers() {
        List<ImageViewer> out = new ArrayList<>();
        for (Cell c : cells) out.add(c.image);
        return out;
    }

    private void showFile(Sample s, Path f) {
        if (s == null || f == null) return;
        Label name = new Label(s.fileName(), new FontIcon(SamplesView.icon(s.kind())));
        Button open = new Button(switch (s.kind()) {
            case AUDIO, VIDEO -> "Play in the system player";
            case HTML -> "Open in the browser";
            default -> "Open the folder";
        });
        open.setId("openSample");
        // html is opened by the browser from a local copy, never rendered here (no script runs in Vitrine)
        open.setOnAction(e -> openUri.accept((s.kind() == MediaKind.FILE ? f.getParent() : f).toUri().toString()));
        VBox box = new VBox(10, name, new Label(f.toString()));
        if (s.kind() == MediaKind.AUDIO || s.kind() == MediaKind.VIDEO) box.getChildren().add(player(f, s.kind() == MediaKind.VIDEO));
        box.getChildren().add(open);
        box.setAlignment(Pos.CENTER);
        body.setContent(box);
    }

    /**
     * JavaFX Media for what it decodes (wav, mp3, aac, mp4/h264); anything else says so and leaves
     * the system player's button. Media loads asynchronously: nothing here blocks the FX thread.
     */
    private javafx.scene.Node player(Path f, boolean video) {
        Label status = new Label();
        status.getStyleClass().add("text-muted");
        try {
            javafx.scene.media.MediaPlayer mp = new javafx.scene.media.MediaPlayer(new javafx.scene.media.Media(f.toUri().toString()));
            Button play = new Button("Play", new FontIcon("mdi2p-play"));
            play.setId("playSample");
            play.setOnAction(e -> {
                if (mp.getStatus() == javafx.scene.media.MediaPlayer.Status.PLAYING) mp.pause();
                else mp.play();
            });
            mp.statusProperty().addListener((o, a, st) -> play.setText(st == javafx.scene.media.MediaPlayer.Status.PLAYING ? "Pause" : "Play"));
            mp.setOnEndOfMedia(() -> mp.stop());
            mp.setOnError(() -> status.setText("This player cannot decode it (" + mp.getError().getMessage() + "): use the system player"));
            sceneProperty().addListener((o, a, sc) -> {
                if (sc == null) mp.dispose();
            });
            vm.sampleProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Sample> o, Sample a, Sample b) {
                    vm.sampleProperty().removeListener(this);
                    mp.dispose();
                }
            });
            VBox box = new VBox(6, play, status);
            if (video) {
                javafx.scene.media.MediaView view = new javafx.scene.media.MediaView(mp);
                view.setFitWidth(640);
                view.setPreserveRatio(true);
                box.getChildren().add(0, view);
            }
            box.setAlignment(Pos.CENTER);
            return box;
        } catch (RuntimeException e) { // MediaException: unsupported format or no media support on this platform
            status.setText("Not playable here (" + e.getMessage() + "): use the system player");
            return status;
        }
    }

    private static Button button(String icon, String text, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setTooltip(new Tooltip(text));
        b.setAccessibleText(text);
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }
}
