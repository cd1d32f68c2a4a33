package dev.vitrine.ui.samples;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.samples.Sample;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.shell.Theme;
import dev.vitrine.workspace.Task;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.GridView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's debug samples in the real window: the tab, the grid, the viewer, keys, the slider field, the way back. */
@ExtendWith(ApplicationExtension.class)
class SamplesFlowTest {

    @TempDir
    static Path tmp;
    private VitrineApp.Wiring wiring;

    @Start
    void start(Stage stage) {
        wiring = VitrineApp.wire(Services.create(tmp.resolve("cache")), new Async(Executors.newCachedThreadPool(), Platform::runLater), d -> { });
        Scene scene = new Scene(wiring.window(), 1400, 900);
        Theme.apply(scene, false);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void openTheTrainingTasksSamplesStepThroughEpochsAndSwitchVariantKeepingTheZoom(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().size() == 3);
        TableView<Task> tasks = robot.lookup("#taskTable").queryTableView();
        int train = 0;
        for (int i = 0; i < tasks.getItems().size(); i++) if (tasks.getItems().get(i).name().equals("train churn model")) train = i;
        robot.clickOn(nameCell(robot, train)); // on the name: the row is wider than the pane when every column is shown
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").queryTableView().getItems().size() == 9);

        robot.clickOn(robot.lookup(".tab").match(n -> robot.from((Node) n).lookup(".tab-label").tryQuery().isPresent()
                && robot.from((Node) n).lookup(".tab-label").queryAs(Label.class).getText().equals("Debug samples")).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#samplesGrid").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        GridView<Sample> grid = robot.lookup("#samplesGrid").queryAs(GridView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> grid.getItems().size() == 5);
        assertThat(grid.getItems().get(1).metric()).isEqualTo("embeddings");
        // thumbnails arrive lazily for the tiles on screen
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup(".sample-tile .image-view")
                .queryAllAs(javafx.scene.image.ImageView.class).stream().anyMatch(v -> v.getImage() != null));

        robot.clickOn(robot.lookup(".sample-tile").nth(1).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#sampleImage").tryQuery().isPresent());
        SampleViewerView viewer = robot.lookup("#sampleViewer").queryAs(SampleViewerView.class);
        SampleViewerViewModel vm = viewer.vm();
        assertThat(vm.sampleProperty().get().iteration()).isEqualTo(12);
        var image = robot.lookup("#sampleImage").queryAs(dev.vitrine.ui.preview.image.ImageViewer.class);
        // the first image is fitted when it arrives: zoom after that, or the fit replaces the zoom asked
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> image.viewModel().overviewProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> image.viewModel().setZoom(3));

        robot.clickOn(viewer).type(KeyCode.LEFT);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.sampleProperty().get().iteration() == 11 && vm.stateProperty().get() == dev.vitrine.ui.common.LoadState.READY);
        assertThat(image.viewModel().zoomProperty().get()).isEqualTo(3.0); // the zoom stays while stepping

        robot.clickOn("#iterationField").eraseText(4).write("3").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.messageProperty().get().contains("no longer stored"));

        robot.clickOn("#iterationField").eraseText(4).write("9").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.sampleProperty().get() != null && vm.sampleProperty().get().iteration() == 9);
        robot.type(KeyCode.PAGE_DOWN);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.keyProperty().get().metric().equals("predictions")
                && vm.sampleProperty().get() != null && vm.sampleProperty().get().iteration() == 9);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.stateProperty().get() == dev.vitrine.ui.common.LoadState.READY);
        assertThat(image.viewModel().zoomProperty().get()).isEqualTo(3.0);
        assertThat(robot.lookup("#iterationSlider").queryAs(javafx.scene.control.Slider.class).getValue()).isEqualTo(9.0);

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#samplesGrid").tryQuery().isPresent()
                && robot.lookup("#sampleViewer").tryQuery().isEmpty());

        // the wav: played here when the platform decodes it, else handed to the system player; never a crash
        robot.clickOn(robot.lookup(".sample-tile").nth(0).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#openSample").tryQuery().isPresent());
        assertThat(robot.lookup("#openSample").queryButton().getText()).isEqualTo("Play in the system player");
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    void tasksSelectedTogetherInTheListAreComparedInTheOpenViewer(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().size() == 3);
        TableView<Task> tasks = robot.lookup("#taskTable").queryTableView();
        int train = 0;
        for (int i = 0; i < tasks.getItems().size(); i++) if (tasks.getItems().get(i).name().equals("train churn model")) train = i;
        int other = train == 0 ? 1 : 0;
        robot.clickOn(nameCell(robot, train)); // on the name: the row is wider than the pane when every column is shown
        robot.clickOn(robot.lookup(".tab").match(n -> robot.from((Node) n).lookup(".tab-label").tryQuery().isPresent()
                && robot.from((Node) n).lookup(".tab-label").queryAs(Label.class).getText().equals("Debug samples")).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup(".sample-tile").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.IndexedCell<?> c && c.getItem() != null).count() >= 2);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".sample-tile").nth(1).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#sampleImage").tryQuery().isPresent());
        SampleViewerViewModel vm = robot.lookup("#sampleViewer").queryAs(SampleViewerView.class).vm();
        String trainName = tasks.getItems().get(train).name();
        String otherName = tasks.getItems().get(other).name();

        // Ctrl+click a second task: the list keeps both selected and the viewer shows both runs
        robot.press(KeyCode.CONTROL).clickOn(nameCell(robot, other)).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> wiring.vm().browser().selectedTasks().size() == 2);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.comparisonProperty().get() != null);
        var panes = vm.comparisonProperty().get().panes();
        assertThat(panes).extracting(SampleViewerViewModel.Pane::label).containsExactly(trainName, otherName);
        assertThat(panes.get(1).problem()).contains(otherName + " has no"); // that demo task logged no samples

        // a plain click selects one task again: no comparison
        robot.clickOn(nameCell(robot, train)); // on the name: the row is wider than the pane when every column is shown
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> wiring.vm().browser().selectedTasks().size() == 1
                && vm.comparisonProperty().get() == null);
    }

    private static Node nameCell(FxRobot robot, int row) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#taskTable .table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getItem() != null).count() == 3);
        Node r = robot.lookup("#taskTable .table-row-cell").nth(row).queryAs(Node.class);
        return robot.from(r).lookup(".table-cell").queryAs(Node.class);
    }
}
