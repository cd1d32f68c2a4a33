package dev.vitrine.ui.samples;

import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.samples.SampleKey;
import dev.vitrine.samples.Validity;
import dev.vitrine.testutil.SampleWorld;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.compare.ImageComparePane;
import dev.vitrine.ui.preview.image.ImageViewer;
import dev.vitrine.ui.shell.Theme;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.Task;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Several runs in the viewer: the grid of panes, one slider, a pair in the compare pane, the zoom kept. */
@ExtendWith(ApplicationExtension.class)
class SamplesCompareFxTest {

    @TempDir
    static Path tmp;
    private SamplesViewModel vm;
    private SamplesView view;

    /** Task -> its events of pred/cat: A every iteration to 11, B every 10 to 110, C 5 to 8. */
    static DebugSamples runs(Path dir) throws Exception {
        Map<String, List<Sample>> byTask = new java.util.HashMap<>();
        long[][] iters = {{0, 11, 1}, {0, 110, 10}, {5, 8, 1}};
        String[] ids = {"A", "B", "C"};
        for (int t = 0; t < 3; t++) {
            List<Sample> l = new ArrayList<>();
            for (long it = iters[t][0]; it <= iters[t][1]; it += iters[t][2]) {
                Path f = dir.resolve(ids[t] + "_" + it + ".png");
                Files.write(f, SampleWorld.png(it, 48));
                l.add(new Sample(ids[t], "pred", "cat", it, "file:///" + f.getFileName(), Instant.ofEpochMilli(it), MediaKind.IMAGE,
                        new Location.LocalFile(f)));
            }
            byTask.put(ids[t], l);
        }
        return new DebugSamples() {
            @Override
            public List<Sample> latest(String taskId) {
                return List.of(history(taskId, "pred", "cat").latest());
            }

            @Override
            public SampleHistory history(String taskId, String metric, String variant) {
                return Validity.history(taskId, new SampleKey(metric, variant), byTask.get(taskId), null);
            }
        };
    }

    static Task task(String id, String name) {
        return new Task(id, name, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Start
    void start(Stage stage) throws Exception {
        DebugSamples source = runs(Files.createDirectories(tmp.resolve("runs")));
        vm = new SamplesViewModel(new Async(Executors.newCachedThreadPool(), Platform::runLater), ws -> source,
                s -> ((Location.LocalFile) s.location()).path());
        view = new SamplesView(vm, uri -> { });
        Scene scene = new Scene(view, 1400, 900);
        Theme.apply(scene, false);
        stage.setScene(scene);
        stage.show();
    }

    private static void await(BooleanSupplier cond) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, cond::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> paneLabels(FxRobot robot) {
        return robot.lookup("#compareGrid .compare-cell").queryAllAs(javafx.scene.layout.BorderPane.class).stream()
                .sorted(java.util.Comparator.comparingInt(c -> javafx.scene.layout.GridPane.getRowIndex(c) * 10 + javafx.scene.layout.GridPane.getColumnIndex(c)))
                .map(c -> ((Label) c.getTop()).getText()).toList();
    }

    @Test
    void threeSelectedRunsSideBySideOneSliderAPairSwipedAndTheZoomKeptWhileStepping(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.setActive(true);
            vm.show(null, "A", "run A", false);
            vm.selectTasks(List.of(task("A", "run A"), task("B", "run B"), task("C", "run C")));
        });
        await(() -> vm.tiles().size() == 1);
        robot.interact(() -> view.open(vm.tiles().get(0)));
        await(() -> paneLabels(robot).size() == 3 && view.viewer().paneViewers().stream().allMatch(v -> v != null
                && v.viewModel().overviewProperty().get() != null));
        assertThat(paneLabels(robot)).containsExactly("run A @ 11", "run B @ 10", "run C @ 8");
        assertThat(robot.lookup("#compareRuns").queryAs(Label.class).getText()).isEqualTo("3 runs at iteration 11");

        List<ImageViewer> panes = view.viewer().paneViewers();
        robot.interact(() -> panes.get(1).viewModel().setZoom(3)); // one zoom for every pane
        assertThat(panes).allSatisfy(p -> assertThat(p.viewModel().zoomProperty().get()).isEqualTo(3.0));

        robot.clickOn(view.viewer()).type(KeyCode.LEFT).type(KeyCode.LEFT).type(KeyCode.LEFT).type(KeyCode.LEFT);
        await(() -> paneLabels(robot).get(0).equals("run A @ 7"));
        assertThat(paneLabels(robot)).containsExactly("run A @ 7", "run B @ 0", "run C @ 7");
        assertThat(view.viewer().paneViewers()).isEqualTo(panes); // the same viewers, new images
        assertThat(panes).allSatisfy(p -> assertThat(p.viewModel().zoomProperty().get()).isEqualTo(3.0));

        robot.interact(() -> view.viewer().vm().goTo(3)); // the slider's way: C has nothing at or before 3
        await(() -> paneLabels(robot).get(0).equals("run A @ 3"));
        assertThat(paneLabels(robot).get(2)).startsWith("run C: run C has no sample");

        // two of them in the compare pane: swipe between B and C
        robot.interact(() -> view.viewer().vm().goTo(8));
        robot.clickOn("#comparePair");
        @SuppressWarnings("unchecked")
        ComboBox<String> b = robot.lookup("#comparePairB").queryAs(ComboBox.class);
        @SuppressWarnings("unchecked")
        ComboBox<String> a = robot.lookup("#comparePairA").queryAs(ComboBox.class);
        robot.interact(() -> a.getSelectionModel().select(1));
        robot.interact(() -> b.getSelectionModel().select(2));
        await(() -> robot.lookup("#compareHead").queryAs(Label.class).getText().equals("run B @ 0   vs   run C @ 8")
                && view.viewer().pairPane() != null);
        assertThat(robot.lookup("#mode-swipe").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
        ImageComparePane before = view.viewer().pairPane();
        robot.interact(() -> before.zoomTo(2.5));
        robot.clickOn("#mode-difference");
        robot.clickOn(robot.lookup("#compareHead").queryAs(Node.class)).type(KeyCode.LEFT);
        await(() -> robot.lookup("#compareHead").queryAs(Label.class).getText().equals("run B @ 0   vs   run C @ 7")
                && view.viewer().pairPane() != before);
        ImageComparePane after = view.viewer().pairPane();
        assertThat(after.zoom()).isEqualTo(2.5); // zoom and mode stay from one iteration to the next
        assertThat(robot.from(after).lookup("#mode-difference").queryAs(javafx.scene.control.ToggleButton.class).isSelected()).isTrue();
    }

    @Test
    void aZoomChosenBeforeTheFirstImageIsDecodedIsKept(FxRobot robot) throws Exception {
        Path f = tmp.resolve("first.png");
        Files.write(f, SampleWorld.png(1, 600));
        Sample s = new Sample("A", "pred", "cat", 1, "file:///first.png", Instant.EPOCH, MediaKind.IMAGE, new Location.LocalFile(f));
        ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
        Async async = new Async(held::add, Platform::runLater); // decoding waits until released
        ImageViewer[] viewer = new ImageViewer[1];
        robot.interact(() -> {
            try {
                viewer[0] = new ImageViewer(SampleImages.open(s, f), async);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            Stage st = new Stage();
            st.setScene(new Scene(viewer[0], 400, 300));
            st.show();
            viewer[0].viewModel().actualSize(); // 1:1 pressed while the image is still decoding
        });
        assertThat(viewer[0].viewModel().overviewProperty().get()).isNull();
        Runnable r;
        while ((r = held.poll()) != null) r.run();
        await(() -> viewer[0].viewModel().overviewProperty().get() != null);
        WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewer[0].viewModel().zoomProperty().get()).isEqualTo(1.0); // not the fit (about 0.5)
    }
}
