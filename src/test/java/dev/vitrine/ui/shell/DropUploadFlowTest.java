package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Artifact;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real drag-and-drop gesture, headless: files dragged onto the task's artifacts open the upload
 * dialog, and Upload turns them into artifacts of that task.
 */
@ExtendWith(ApplicationExtension.class)
class DropUploadFlowTest {

    @TempDir
    static Path tmp;

    private VitrineApp.Wiring wiring;
    private Label source;

    @Start
    void start(Stage stage) {
        wiring = VitrineApp.wire(Services.create(tmp.resolve("cache")), new Async(Executors.newCachedThreadPool(), Platform::runLater), d -> {});
        // stands in for the desktop: a drag source that carries files
        source = new Label("drag me");
        source.setId("dragSource");
        source.setOnDragDetected(e -> {
            var db = source.startDragAndDrop(TransferMode.COPY);
            ClipboardContent c = new ClipboardContent();
            c.putFiles(List.of(tmp.resolve("metrics.csv").toFile(), tmp.resolve("plots").toFile()));
            db.setContent(c);
            e.consume();
        });
        BorderPane root = new BorderPane(wiring.window());
        root.setTop(source);
        Scene scene = new Scene(root, 1300, 850);
        Theme.apply(scene, false);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void droppingFilesOnATaskUploadsThemAsArtifacts(FxRobot robot) throws Exception {
        Files.writeString(tmp.resolve("metrics.csv"), "epoch,loss\n1,0.5\n");
        Files.createDirectories(tmp.resolve("plots"));
        Files.writeString(tmp.resolve("plots/a.txt"), "a");
        Path session = new SessionBuilder("7".repeat(32), "train", "P", "training")
                .artifact("notes", "string", "text/plain", "notes.txt", "hello").writeTo(tmp.resolve("sessions"));
        robot.interact(() -> wiring.vm().openSessions(List.of(session)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").tryQuery().isPresent()
                && robot.lookup("#artifactTable").queryTableView().getItems().size() == 1);

        robot.drag("#dragSource").dropTo("#artifactTable");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#uploadTable").tryQuery().isPresent());
        TableView<?> rows = robot.lookup("#uploadTable").queryTableView();
        assertThat(rows.getItems()).hasSize(2);
        robot.clickOn("#uploadButton");

        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").tryQuery().isPresent()
                && robot.lookup("#artifactTable").queryTableView().getItems().size() == 3);
        @SuppressWarnings("unchecked")
        TableView<Artifact> artifacts = robot.lookup("#artifactTable").queryTableView();
        assertThat(artifacts.getItems()).extracting(Artifact::key).containsExactlyInAnyOrder("notes", "metrics.csv", "plots");
        assertThat(artifacts.getItems()).filteredOn(a -> a.key().equals("plots")).singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo("archive"));
        // written into the session on disk too, so the SDK's import would find it
        assertThat(Files.readString(session.resolve("task.json"))).contains("\"key\": \"metrics.csv\"");
    }

    @Test
    void anArtifactDraggedOntoAnotherTaskIsCopiedThereUnderItsName(FxRobot robot) throws Exception {
        Path sessions = tmp.resolve("copy-sessions");
        Path from = new SessionBuilder("5".repeat(32), "prep", "Q", "data_processing")
                .artifact("train_frame", "custom", "text/csv", "train_frame.csv", "a,b\n1,2\n").writeTo(sessions);
        Path to = new SessionBuilder("6".repeat(32), "zz train", "Q", "training").writeTo(sessions);
        robot.interact(() -> wiring.vm().openSessions(List.of(from, to)));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().stream().anyMatch(t -> ((dev.vitrine.workspace.Task) t).name().equals("zz train")));
        TableView<dev.vitrine.workspace.Task> tasks = robot.lookup("#taskTable").queryTableView();
        int prep = -1;
        int train = -1;
        for (int i = 0; i < tasks.getItems().size(); i++) {
            if (tasks.getItems().get(i).name().equals("prep")) prep = i;
            if (tasks.getItems().get(i).name().equals("zz train")) train = i;
        }
        int p = prep;
        robot.interact(() -> tasks.getSelectionModel().clearAndSelect(p));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").tryQuery().isPresent()
                && robot.lookup("#artifactTable").queryTableView().getItems().size() == 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable .table-row-cell").tryQuery().isPresent());
        robot.clickOn(robot.lookup("#artifactTable .table-row-cell").nth(0).queryAs(javafx.scene.Node.class));
        // drop on the row's name cell: the row itself is wider than the navigator shows, its centre may lie off screen
        javafx.scene.Node row = robot.lookup("#taskTable .table-row-cell").nth(train).queryAs(javafx.scene.Node.class);
        javafx.scene.Node target = robot.from(row).lookup(".table-cell").nth(0).queryAs(javafx.scene.Node.class);
        robot.drag(robot.lookup("#artifactTable .table-row-cell").nth(0).queryAs(javafx.scene.Node.class)).dropTo(target);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#uploadTable").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        TableView<dev.vitrine.ui.upload.UploadRow> rows = robot.lookup("#uploadTable").queryTableView();
        assertThat(rows.getItems()).singleElement().satisfies(r -> assertThat(r.nameProperty().get()).isEqualTo("train_frame"));
        robot.clickOn("#uploadButton");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> Files.readString(to.resolve("task.json")).contains("\"key\": \"train_frame\""));
    }
}
