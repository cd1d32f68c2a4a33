package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window, headless: open sessions, pick a task, pick an artifact, see its details. */
@ExtendWith(ApplicationExtension.class)
class MainWindowFlowTest {

    @TempDir
    static Path tmp;

    private VitrineApp.Wiring wiring;
    private final ExecutorService background = Executors.newCachedThreadPool();

    @Start
    void start(Stage stage) {
        wiring = VitrineApp.wire(Services.create(tmp.resolve("cache")), new Async(background, Platform::runLater), dir -> {});
        Scene scene = new Scene(wiring.window(), 1300, 800);
        Theme.apply(scene, false);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void openSessionsThenSelectATaskAndAnArtifact(FxRobot robot) throws Exception {
        Path prep = new SessionBuilder("1".repeat(32), "prepare data", "Churn/Data", "data_processing")
                .artifact("train_frame", "pandas", "text/csv", "train_frame.csv", "a,b\n1,2\n").writeTo(tmp);
        Path train = new SessionBuilder("2".repeat(32), "train model", "Churn/Models", "training")
                .artifact("notes", "string", "text/plain", "notes.txt", "hello")
                .artifact("config", "dict", "application/json", "config.json", "{}").writeTo(tmp);
        robot.interact(() -> wiring.vm().openSessions(List.of(prep, train)));

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().size() == 2);
        TableView<Task> tasks = robot.lookup("#taskTable").queryTableView();
        Label status = robot.lookup("#statusText").queryAs(Label.class);
        assertThat(status.getText()).isEqualTo("Opened 2 sessions");

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#taskTable .table-row-cell").tryQuery().isPresent());
        robot.clickOn(robot.lookup("#taskTable .table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        Task chosen = tasks.getSelectionModel().getSelectedItem();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").tryQuery().isPresent()
                && !robot.lookup("#artifactTable").queryTableView().getItems().isEmpty());
        TableView<Artifact> artifacts = robot.lookup("#artifactTable").queryTableView();
        assertThat(artifacts.getItems()).allMatch(a -> chosen.name().equals("train model") ? !a.key().equals("train_frame") : a.key().equals("train_frame"));

        // keyboard: go to the tasks table, move to the other task
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.DIGIT2).release(javafx.scene.input.KeyCode.CONTROL);
        robot.type(tasks.getSelectionModel().getSelectedIndex() == 0 ? javafx.scene.input.KeyCode.DOWN : javafx.scene.input.KeyCode.UP);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> artifacts.getItems().stream().anyMatch(a -> a.key().equals("notes")));

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable .table-row-cell").tryQuery().isPresent());
        robot.clickOn(robot.lookup("#artifactTable .table-row-cell").nth(1).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        Artifact selected = artifacts.getSelectionModel().getSelectedItem();
        TextArea stored = robot.lookup("#storedPreview").queryAs(TextArea.class);
        assertThat(stored.getText()).isEqualTo("preview of " + selected.key());
        assertThat(robot.lookup(".field-value-mono").queryAllAs(Label.class))
                .anySatisfy(l -> assertThat(l.getText()).isEqualTo(selected.hash()));
    }

    @Test
    void aBrokenDropSaysWhatFailed(FxRobot robot) throws Exception {
        Path bogus = tmp.resolve("not-a-session");
        java.nio.file.Files.createDirectories(bogus);
        robot.interact(() -> wiring.vm().openSessions(List.of(bogus)));
        Label status = robot.lookup("#statusText").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().contains("could not open"));
        assertThat(status.getText()).contains("not-a-session").contains("no task.json");
    }
}
