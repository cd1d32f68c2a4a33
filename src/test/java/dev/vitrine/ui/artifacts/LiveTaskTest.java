package dev.vitrine.ui.artifacts;

import dev.vitrine.app.WindowWorkspaces;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.preview.Previewers;
import dev.vitrine.storage.SessionFiles;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.UploadPlanner;
import dev.vitrine.ui.browser.BrowserViewModel;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.preview.PreviewViewModel;
import dev.vitrine.ui.shell.MainViewModel;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A running task's artifact re-uploaded on the server: marked as changed, and the open preview offers to reload. */
class LiveTaskTest {

    @TempDir
    Path tmp;

    @Test
    void aChangedArtifactIsMarkedAndThePreviewOffersToReload() throws Exception {
        FakeWorld world = new FakeWorld();
        String pid = world.addProject("Live").get("id").asText();
        ObjectNode t = world.newTask(pid, "still training", "training", "in_progress", Instant.parse("2026-01-01T00:00:00Z"));
        ObjectNode a = ((ArrayNode) t.get("execution").get("artifacts")).addObject();
        a.put("key", "audit").put("type", "data-audit-table").put("mode", "output").put("uri", "s3://b/audit.csv.gz")
                .put("hash", "a".repeat(64)).put("content_size", 10);
        world.putTask(t);
        try (FakeClearmlServer api = FakeClearmlServer.start(world)) {
            ServerWorkspace ws = new ServerWorkspace(ClearmlClient.builder(api.config()).build(), "fake");
            Async async = Async.direct();
            TaskViewModel task = new TaskViewModel(async, Duration.ofMillis(150));
            PreviewViewModel preview = new PreviewViewModel(async, new SessionFiles(tmp), new Previewers(List.of()));
            MainViewModel main = new MainViewModel(async, new WindowWorkspaces(() -> ws), new BrowserViewModel(async), task, preview,
                    new ArtifactUploader(new UploadPlanner(tmp), List.of()), new SessionFiles(tmp), null, null);
            task.show(ws, ws.task(t.get("id").asText()).task());
            assertThat(task.watchingProperty().get()).isTrue();
            Artifact shown = (Artifact) task.selectionProperty().get();
            assertThat(shown.key()).isEqualTo("audit");

            // register_artifact re-uploads the DataFrame: new hash and size
            synchronized (world) {
                ObjectNode stored = (ObjectNode) world.task(t.get("id").asText()).get("execution").get("artifacts").get(0);
                stored.put("hash", "b".repeat(64)).put("content_size", 12);
            }
            long until = System.currentTimeMillis() + 10_000;
            // with Async.direct() the watcher's thread marks the keys, then writes the note: wait for both, not the first
            while ((task.changedKeys().isEmpty() || task.changeNoteProperty().get().isEmpty())
                    && System.currentTimeMillis() < until) Thread.sleep(50);
            assertThat(task.changedKeys()).containsExactly("audit");
            assertThat(task.changeNoteProperty().get()).contains("1 changed");
            until = System.currentTimeMillis() + 5_000;
            while (!preview.staleProperty().get() && System.currentTimeMillis() < until) Thread.sleep(50);
            assertThat(preview.staleProperty().get()).isTrue();
            assertThat(((Artifact) task.selectionProperty().get()).hash()).isEqualTo("b".repeat(64));

            // pausing stops the polling
            task.liveProperty().set(false);
            int before = api.count("tasks.get_all_ex");
            Thread.sleep(600);
            assertThat(api.count("tasks.get_all_ex")).isLessThanOrEqualTo(before + 1);
            task.show(null, null);
            assertThat(task.watchingProperty().get()).isFalse();
            main.report("done");
        }
    }
}
