package dev.vitrine.ui.samples;

import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.ui.artifacts.Formats;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.ui.preview.image.ImageViewer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.nio.file.Path;
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
        } else {
            viewer.show(p.content(), p.overview());
        }
        if (vm.comparedProperty().get() == null) body.setContent(viewer);
    }

    /** Two runs at one iteration: A | B, swipe and difference (the compare view's pane); each names its own iteration. */
    private void showCompared(SampleViewerViewModel.Compared c) {
        if (c == null) return;
        Label head = new Label(c.labelA() + " @ " + c.a().iteration() + "   vs   " + c.labelB()
                + (c.b() == null ? "" : " @ " + c.b().iteration()) + (c.problem() == null ? "" : ": " + c.problem()));
        head.setId("compareHead");
        head.setPadding(new Insets(2, 6, 2, 6));
        BorderPane pane = new BorderPane(c.diff() != null ? new dev.vitrine.ui.compare.ImageComparePane(c.diff()) : viewer);
        pane.setTop(head);
        body.setContent(pane);
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
