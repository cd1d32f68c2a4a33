package dev.vitrine.ui.artifacts;

import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void showsArtifactsSelectsTheFirstAndListsItsFields() {
        SessionBuilder sb = new SessionBuilder("a".repeat(32), "train", "P", "training")
                .artifact("notes", "string", "text/plain", "notes.txt", "hello")
                .artifact("metrics", "dict", "application/json", "metrics.json", "{\"a\": 1}");
        Path dir = sb.writeTo(tmp);
        OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(dir));
        TaskViewModel vm = new TaskViewModel(Async.direct());
        vm.show(ws, ws.tasks(dev.vitrine.workspace.TaskQuery.all()).items().get(0));

        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.artifacts()).extracting(Artifact::key).containsExactly("metrics", "notes");
        assertThat(vm.selectionProperty().get()).isEqualTo(vm.artifacts().get(0));
        assertThat(vm.fields()).extracting(Field::label).contains("Key", "Type", "Size", "URI", "SHA-256", "· k");
        assertThat(vm.storedPreviewProperty().get()).isEqualTo("preview of metrics");
        // a file in an unzipped session is local: its path can be copied and its folder opened
        assertThat(vm.pathToCopy()).endsWith("metrics.json").startsWith(dir.toString());
        assertThat(vm.folderToOpen()).isEqualTo(Path.of(vm.pathToCopy()).getParent());
    }

    @Test
    void aTaskWithoutArtifactsSaysSo() {
        Path dir = new SessionBuilder("b".repeat(32), "empty", "P", "training").writeTo(tmp);
        OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(dir));
        TaskViewModel vm = new TaskViewModel(Async.direct());
        vm.show(ws, ws.tasks(dev.vitrine.workspace.TaskQuery.all()).items().get(0));
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.EMPTY);
        assertThat(vm.messageProperty().get()).contains("no artifacts");
    }

    @Test
    void aFailingSourceShowsItsMessage() {
        TaskViewModel vm = new TaskViewModel(Async.direct());
        OfflineWorkspace ws = new OfflineWorkspace("s", dev.vitrine.workspace.Workspace.Kind.OFFLINE, List.of());
        vm.show(ws, new dev.vitrine.workspace.Task("offline-gone", "gone", null, null, null, null, null, null, null, null, null, null, null, null));
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(vm.messageProperty().get()).contains("No task offline-gone");
    }
}
