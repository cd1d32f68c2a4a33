package dev.vitrine.ui.importer;

import dev.vitrine.importer.ImportException;
import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The import dialog's model: asks before a second import, shows per-file progress, reports failures. */
class ImportViewModelTest {

    static final class Fake implements SessionImports {
        String earlier;
        RuntimeException failure;
        Boolean again;
        Workspace into;

        @Override
        public String earlierImport(Workspace server, Path session) {
            return earlier;
        }

        @Override
        public ImportResult importSession(Workspace server, Path session, boolean again, ImportListener listener, Cancellation cancel) {
            this.again = again;
            this.into = server;
            listener.step("Uploading artifacts");
            listener.file(1, 2, "a.csv", 50, 100);
            if (failure != null) throw failure;
            listener.file(2, 2, "b.png", 10, 10);
            return new ImportResult("t1", "train", "P", List.of(), 2, 7);
        }
    }

    /** Stand-ins the dialog only asks for their name and kind. */
    static Workspace server(String name) {
        return new OfflineWorkspace(name, Workspace.Kind.SERVER, List.of());
    }

    static final Workspace SERVER = server("files.example");

    @Test
    void importsAndShowsTheLastFile() {
        Fake f = new Fake();
        ImportViewModel vm = new ImportViewModel(Async.direct(), f);
        vm.importSession(SERVER, Path.of("s.zip"));
        assertThat(vm.stateProperty().get()).isEqualTo(ImportViewModel.State.DONE);
        assertThat(f.again).isFalse();
        assertThat(vm.fileProperty().get()).isEqualTo("[2/2] b.png");
        assertThat(vm.statusProperty().get()).contains("files.example").contains("t1").contains("2 files").contains("7 events");
        assertThat(f.into).isSameAs(SERVER);
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aSecondImportAsksFirst() {
        Fake f = new Fake();
        f.earlier = "old-task";
        ImportViewModel vm = new ImportViewModel(Async.direct(), f);
        vm.importSession(SERVER, Path.of("s.zip"));
        assertThat(vm.stateProperty().get()).isEqualTo(ImportViewModel.State.CONFIRM_AGAIN);
        assertThat(vm.statusProperty().get()).contains("old-task");
        assertThat(f.again).isNull();
        vm.importAgain();
        assertThat(f.again).isTrue();
        assertThat(vm.stateProperty().get()).isEqualTo(ImportViewModel.State.DONE);
    }

    @Test
    void failuresAndNoServer() {
        Fake f = new Fake();
        f.failure = new ImportException("Import of s.zip failed (boom); nothing was left on the server");
        ImportViewModel vm = new ImportViewModel(Async.direct(), f);
        vm.importSession(SERVER, Path.of("s.zip"));
        assertThat(vm.stateProperty().get()).isEqualTo(ImportViewModel.State.FAILED);
        assertThat(vm.statusProperty().get()).contains("nothing was left");
        vm.importSession(null, Path.of("s.zip"));
        assertThat(vm.statusProperty().get()).contains("Open a ClearML server first");
    }

    @Test
    void theSelectedServerIsTheTargetElseEveryOpenServerIsOffered() {
        Workspace a = server("a.example");
        Workspace b = server("b.example");
        Workspace sessions = new OfflineWorkspace("Offline sessions", Workspace.Kind.OFFLINE, List.of());
        List<Workspace> open = List.of(a, sessions, b);
        // the one selected in the navigator, even when another was opened last
        assertThat(SessionImports.targets(a, open)).containsExactly(a);
        // nothing or a non-server selected: every open server, for the window to ask
        assertThat(SessionImports.targets(sessions, open)).containsExactly(a, b);
        assertThat(SessionImports.targets(null, List.of(sessions))).isEmpty();

        Fake f = new Fake();
        ImportViewModel vm = new ImportViewModel(Async.direct(), f);
        vm.importSession(a, Path.of("s.zip"));
        assertThat(f.into).isSameAs(a);
        assertThat(vm.server()).isSameAs(a);
        vm.importSession(sessions, Path.of("s.zip"));
        assertThat(vm.stateProperty().get()).isEqualTo(ImportViewModel.State.FAILED);
    }
}
