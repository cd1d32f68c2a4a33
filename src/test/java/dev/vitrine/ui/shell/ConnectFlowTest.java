package dev.vitrine.ui.shell;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Task;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Connect -> browse -> task -> artifacts, against the fake ClearML server over real HTTP. */
@ExtendWith(ApplicationExtension.class)
class ConnectFlowTest {

    @TempDir
    static Path tmp;
    static FakeClearmlServer server;
    static String taskId;

    private VitrineApp.Wiring wiring;

    @Start
    void start(Stage stage) {
        FakeWorld world = new FakeWorld();
        String pid = world.addProject("Vision/Detection").get("id").asText();
        ObjectNode t = world.newTask(pid, "resnet50 baseline", "training", "completed", Instant.parse("2026-01-02T03:04:05Z"));
        ArrayNode arts = (ArrayNode) t.get("execution").get("artifacts");
        ObjectNode a = arts.addObject();
        a.put("key", "metrics_table");
        a.put("type", "pandas");
        a.put("mode", "output");
        a.put("uri", "s3://bucket/Vision/Detection/resnet50 baseline." + t.get("id").asText() + "/artifacts/metrics_table/metrics_table.csv.gz");
        a.put("content_size", 48213);
        a.put("timestamp", 1715678467);
        a.putObject("type_data").put("content_type", "text/csv").put("preview", "   epoch  loss");
        world.putTask(t);
        world.newTask(pid, "resnet18 sweep", "training", "failed", Instant.parse("2026-01-01T00:00:00Z"));
        taskId = t.get("id").asText();
        server = FakeClearmlServer.start(world);

        // no clearml.conf and no CLEARML_* for this app: the Connect dialog is the way in
        ConfigLoader loader = new ConfigLoader(Map.of(), tmp.resolve("home"));
        Services services = new Services(loader, new Profiles(loader, tmp.resolve("profiles")), tmp.resolve("cache"));
        wiring = VitrineApp.wire(services, new Async(Executors.newCachedThreadPool(), Platform::runLater), d -> {});
        Scene scene = new Scene(wiring.window(), 1300, 850);
        Theme.apply(scene, false);
        stage.setScene(scene);
        stage.show();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void pasteCredentialsConnectAndBrowseToAnArtifact(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.K).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#connectPaste").tryQuery().isPresent());
        TextArea paste = robot.lookup("#connectPaste").queryAs(TextArea.class);
        robot.interact(() -> paste.setText("""
                api {
                  web_server: %s
                  api_server: %s
                  files_server: %s
                  credentials {
                    "access_key" = "%s"
                    "secret_key" = "%s"
                  }
                }""".formatted(server.url(), server.url(), server.url(), FakeClearmlServer.ACCESS_KEY, FakeClearmlServer.SECRET_KEY)));
        robot.clickOn("#connectButton");

        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && robot.lookup("#taskTable").queryTableView().getItems().size() == 2);
        TableView<Task> tasks = robot.lookup("#taskTable").queryTableView();
        // newest first, from the server
        assertThat(tasks.getItems()).extracting(Task::name).containsExactly("resnet50 baseline", "resnet18 sweep");
        assertThat(tasks.getItems().get(0).status()).isEqualTo("completed");

        robot.interact(() -> tasks.getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").tryQuery().isPresent()
                && robot.lookup("#artifactTable").queryTableView().getItems().size() == 1);
        TableView<Artifact> artifacts = robot.lookup("#artifactTable").queryTableView();
        assertThat(artifacts.getItems().get(0).key()).isEqualTo("metrics_table");
        assertThat(artifacts.getItems().get(0).contentSize()).isEqualTo(48213L);
        assertThat(robot.lookup("#openWeb").query().isVisible()).isTrue();
        assertThat(server.count("tasks.get_all_ex")).isGreaterThan(0);
    }
}
