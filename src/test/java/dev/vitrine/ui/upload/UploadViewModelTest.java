package dev.vitrine.ui.upload;

import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.OfflineUploadTarget;
import dev.vitrine.transfer.upload.UploadPlanner;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UploadViewModelTest {

    @TempDir
    Path tmp;

    private final boolean[] done = {false};

    private ArtifactUploader uploader() {
        return new ArtifactUploader(new UploadPlanner(tmp.resolve("t")), List.of(new OfflineUploadTarget()));
    }

    @Test
    void aClashNeedsConfirmationThenEveryFileIsUploaded() throws Exception {
        SessionBuilder sb = new SessionBuilder("f".repeat(32), "t", "P", "training").artifact("a.txt", "custom", "text/plain", "a.txt", "old");
        OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(sb.writeTo(tmp.resolve("s"))));
        TaskDetails d = ws.task(sb.id());
        Path a = Files.writeString(tmp.resolve("a.txt"), "new a");
        Path dir = Files.createDirectories(tmp.resolve("plots"));
        Files.writeString(dir.resolve("p.txt"), "p");
        UploadViewModel vm = new UploadViewModel(Async.direct(), uploader(), null, ws, d.task(), d.artifacts(), List.of(a, dir));

        assertThat(vm.rows()).extracting(r -> r.nameProperty().get()).containsExactly("a.txt", "plots");
        assertThat(vm.rows().get(0).clashProperty().get()).isTrue();
        assertThat(vm.canStartBinding().get()).isFalse();
        vm.rows().get(0).nameProperty().set("a2.txt");
        assertThat(vm.canStartBinding().get()).isTrue();
        vm.rows().get(0).nameProperty().set("a.txt");
        vm.replaceConfirmedProperty().set(true);
        vm.addMetadata("source", "drop");
        vm.start(() -> done[0] = true);

        assertThat(done[0]).isTrue();
        assertThat(vm.rows()).extracting(r -> r.statusProperty().get()).containsExactly("done", "done");
        TaskDetails after = ws.task(sb.id());
        assertThat(after.artifacts()).extracting(Artifact::key).containsExactly("a.txt", "plots");
        Artifact plots = after.artifact("plots").orElseThrow();
        assertThat(plots.type()).isEqualTo("archive");
        assertThat(plots.displayData()).containsExactly(java.util.Map.entry("source", "drop"));
        assertThat(after.artifact("a.txt").orElseThrow().contentSize()).isEqualTo(5);
        assertThat(vm.messageProperty().get()).isEqualTo("Uploaded 2 artifacts");
    }

    @Test
    void aFailingFileIsMarkedAndTheOthersStillGo() throws Exception {
        SessionBuilder sb = new SessionBuilder("9".repeat(32), "t", "P", "training");
        OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(sb.writeTo(tmp.resolve("s"))));
        TaskDetails d = ws.task(sb.id());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path ok = Files.writeString(tmp.resolve("ok.txt"), "ok");
        UploadViewModel vm = new UploadViewModel(Async.direct(), uploader(), null, ws, d.task(), d.artifacts(), List.of(empty, ok));
        vm.start(() -> done[0] = true);
        assertThat(vm.rows().get(0).statusProperty().get()).startsWith("failed").contains("has no files");
        assertThat(vm.rows().get(1).statusProperty().get()).isEqualTo("done");
        assertThat(ws.task(sb.id()).artifacts()).extracting(Artifact::key).containsExactly("ok.txt");
        assertThat(vm.messageProperty().get()).contains("1 of 2 failed");
    }

    @Test
    void theDemoIsReadOnly() throws Exception {
        SessionBuilder sb = new SessionBuilder("8".repeat(32), "t", "P", "training");
        OfflineWorkspace demo = new OfflineWorkspace("Demo", Workspace.Kind.DEMO,
                List.of(dev.vitrine.workspace.offline.OfflineSession.open(sb.writeTo(tmp.resolve("s")))));
        var task = demo.tasks(TaskQuery.all()).items().get(0);
        UploadViewModel vm = new UploadViewModel(Async.direct(), uploader(), null, demo, task, List.of(),
                List.of(Files.writeString(tmp.resolve("x.txt"), "x")));
        assertThat(vm.canStartBinding().get()).isFalse();
        assertThat(vm.messageProperty().get()).contains("read-only");
    }
}
