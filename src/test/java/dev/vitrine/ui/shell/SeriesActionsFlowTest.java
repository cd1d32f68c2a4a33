package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.compare.series.SnapshotSource;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.models.ModelsView;
import dev.vitrine.ui.series.SeriesView;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Task;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series actions from the real main window over the demo: Ctrl+Shift+E on the selected models,
 * Ctrl+Alt+E for all checkpoints of the task, Ctrl+Shift+R for a model's versions, and the models
 * browser (sizes shown, two models picked in an order sent to the series window in that order).
 */
@ExtendWith(ApplicationExtension.class)
class SeriesActionsFlowTest {

    @TempDir
    static Path tmp;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private Services services;
    private VitrineApp.Wiring wiring;

    @Start
    void start(Stage stage) {
        services = Services.create(tmp.resolve("cache"));
        wiring = VitrineApp.wire(services, new Async(background, Platform::runLater), d -> {});
        Scene scene = new Scene(wiring.window(), 1400, 900);
        Theme.apply(scene, true);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            for (Window w : List.copyOf(Window.getWindows())) if (w instanceof Stage s && s.getOwner() != null) s.close();
            return null;
        });
        background.shutdownNow();
        services.close();
    }

    private static Optional<Stage> stage(String title) {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && title.equals(s.getTitle())).map(w -> (Stage) w).findFirst();
    }

    private static SeriesView seriesIn(String title) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> stage(title).isPresent());
        return (SeriesView) stage(title).orElseThrow().getScene().getRoot();
    }

    private static List<String> labels(SeriesView v) {
        return v.viewModel().snapshots().stream().map(SnapshotSource::label).toList();
    }

    private static void keys(FxRobot robot, KeyCode... combo) {
        robot.press(combo);
        robot.release(combo);
    }

    private TableView<ModelRef> trainingModels(FxRobot robot) throws Exception {
        keys(robot, KeyCode.CONTROL, KeyCode.D);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().size() == 3);
        TableView<Task> tasks = robot.lookup("#taskTable").queryTableView();
        int train = 0;
        for (int i = 0; i < tasks.getItems().size(); i++) if (tasks.getItems().get(i).name().equals("train churn model")) train = i;
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#taskTable .table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getItem() != null).count() == 3);
        // on the row's name: the row is wider than the pane when every column is shown
        Node row = robot.lookup("#taskTable .table-row-cell").nth(train).queryAs(Node.class);
        robot.clickOn(robot.from(row).lookup(".table-cell").queryAs(Node.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> wiring.vm().task().detailsProperty().get() != null
                && wiring.vm().task().detailsProperty().get().outputModels().size() == 3);
        robot.clickOn(robot.lookup(".tab").match(n -> robot.from((Node) n).lookup(".tab-label").queryAs(Label.class).getText().startsWith("Models"))
                .queryAs(Node.class));
        TableView<ModelRef> models = robot.lookup("#modelTable").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> models.getItems().size() == 3);
        return models;
    }

    @Test
    void ctrlShiftEComparesTheSelectedModelsAndCtrlAltEEveryCheckpointOfTheTask(FxRobot robot) throws Exception {
        TableView<ModelRef> models = trainingModels(robot);
        List<String> names = models.getItems().stream().map(ModelRef::name).toList();
        robot.interact(() -> {
            models.getSelectionModel().clearSelection();
            models.getSelectionModel().select(0);
            models.getSelectionModel().select(2);
            models.requestFocus();
        });
        keys(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.E);
        SeriesView selected = seriesIn("Series compare");
        assertThat(labels(selected)).containsExactly(names.get(0), names.get(2));
        // two snapshots: computed at once, from the demo's own files
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> selected.viewModel().stateProperty().get() == LoadState.READY);
        assertThat(selected.viewModel().rows()).isNotEmpty();
        robot.interact(() -> stage("Series compare").orElseThrow().close());

        robot.interact(() -> models.requestFocus());
        keys(robot, KeyCode.CONTROL, KeyCode.ALT, KeyCode.E);
        SeriesView all = seriesIn("Checkpoints of train churn model");
        assertThat(labels(all)).containsExactly("churn_mlp_e6", "churn_mlp_e12", "churn_mlp_e12_safetensors");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> all.viewModel().stateProperty().get() == LoadState.READY);
        assertThat(all.viewModel().snapshots()).extracting(SnapshotSource::source)
                .allSatisfy(s -> assertThat(s).startsWith("model:"));
    }

    @Test
    void ctrlShiftRSaysWhenAModelHasNoOtherVersion(FxRobot robot) throws Exception {
        TableView<ModelRef> models = trainingModels(robot);
        robot.interact(() -> {
            models.getSelectionModel().clearAndSelect(0);
            models.requestFocus();
        });
        String name = models.getItems().get(0).name();
        keys(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.R);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#statusText").queryAs(Label.class).getText()
                .equals(name + " has no other version in its project: a series needs two or more"));
        assertThat(Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("Versions of"))).isEmpty();
    }

    @Test
    void theModelsBrowserShowsSizesAndSendsThePickedModelsInTheirOrder(FxRobot robot) throws Exception {
        keys(robot, KeyCode.CONTROL, KeyCode.D);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().size() == 3);
        keys(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.M);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> stage("Models · Demo").isPresent());
        ModelsView browser = (ModelsView) stage("Models · Demo").orElseThrow().getScene().getRoot();
        TableView<ModelRef> table = robot.from(browser).lookup("#models-table").queryTableView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        // the weights are members of the demo's session zips: their sizes are known without reading them
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> table.getItems().stream().allMatch(m -> {
            Long s = browser.viewModel().size(m).get();
            return s != null && s > 0;
        }));
        assertThat(robot.from(browser).lookup(".table-cell").queryAllAs(javafx.scene.control.Labeled.class).stream()
                .map(javafx.scene.control.Labeled::getText)).anyMatch(t -> t != null && t.matches("[0-9.]+ (B|KB)"));

        // picked bottom row first, then the top one: the series keeps that order
        String bottom = table.getItems().get(2).name(), top = table.getItems().get(0).name();
        robot.interact(() -> table.getSelectionModel().clearAndSelect(2));
        robot.interact(() -> table.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(browser.viewModel().picked()).extracting(ModelRef::name).containsExactly(bottom, top);
        robot.clickOn("#models-series");
        SeriesView series = seriesIn("Series of 2 models");
        assertThat(labels(series)).containsExactly(bottom, top);
    }
}
