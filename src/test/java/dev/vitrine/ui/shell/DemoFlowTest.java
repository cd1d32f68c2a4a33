package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Task;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
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

/** The bundled demo in the real window: open it, pick the training task, its input table, a model. */
@ExtendWith(ApplicationExtension.class)
class DemoFlowTest {

    @TempDir
    static Path tmp;
    private VitrineApp.Wiring wiring;

    @Start
    void start(Stage stage) {
        wiring = VitrineApp.wire(Services.create(tmp.resolve("cache")), new Async(Executors.newCachedThreadPool(), Platform::runLater), d -> {});
        Scene scene = new Scene(wiring.window(), 1400, 900);
        Theme.apply(scene, true);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void openTheDemoSelectATaskAnArtifactAndSeeItsTable(FxRobot robot) throws Exception {
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.D).release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().size() == 3);
        TableView<Task> tasks = robot.lookup("#taskTable").queryTableView();
        assertThat(robot.lookup("#statusSource").queryAs(Label.class).getText()).startsWith("Demo workspace");
        int train = 0;
        for (int i = 0; i < tasks.getItems().size(); i++) if (tasks.getItems().get(i).name().equals("train churn model")) train = i;
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#taskTable .table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getItem() != null).count() == 3);
        // on the row's name: the row is wider than the pane when every column is shown
        javafx.scene.Node row = robot.lookup("#taskTable .table-row-cell").nth(train).queryAs(javafx.scene.Node.class);
        robot.clickOn(robot.from(row).lookup(".table-cell").queryAs(javafx.scene.Node.class));

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").tryQuery().isPresent()
                && robot.lookup("#artifactTable").queryTableView().getItems().size() == 9);
        TableView<Artifact> artifacts = robot.lookup("#artifactTable").queryTableView();
        // the input DataFrame is first (sorted by key) and selected: its table opens in the preview
        assertThat(artifacts.getItems().get(0).key()).isEqualTo("customers");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#previewPane .table-view").tryQuery().isPresent());
        // its producer is the data-prep task of the other session
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#producerLink").queryAs(javafx.scene.control.Hyperlink.class)
                .getText().contains("prepare customers"));

        // the Models tab: its first model becomes the selection the preview and details show
        robot.clickOn(robot.lookup(".tab").match(n -> n instanceof javafx.scene.Node
                && robot.from(n).lookup(".tab-label").queryAs(javafx.scene.control.Label.class).getText().startsWith("Models")).queryAs(javafx.scene.Node.class));
        TableView<dev.vitrine.workspace.ModelRef> models = robot.lookup("#modelTable").queryTableView();
        assertThat(models.getItems()).isNotEmpty(); // the training task logged its checkpoints
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> models.getSelectionModel().getSelectedItem() != null);
        assertThat(models.getSelectionModel().getSelectedIndex()).isZero();
    }
}
