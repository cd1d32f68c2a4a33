package dev.vitrine.ui.importer;

import dev.vitrine.importer.ImportException;
import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.ui.common.Async;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The import dialog's model: asks before a second import, shows per-file progress, reports failures. */
class ImportViewModelTest {

    static final class Fake implements SessionImports {
        String server = "files.example";
        String earlier;
        RuntimeException failure;
        Boolean again;

        @Override
        public String server() {
            return server;
        }

        @Override
        public String earlierImport(Path session) {
            return earlier;
        }

        @Override
        public ImportResult importSession(Path session, boolean again, ImportListener listener, Cancellation cancel) {
            this.again = again;
            listener.step("Uploading artifacts");
            listener.file(1, 2, "a.csv", 50, 100);
            if (failure != null) throw failure;
            listener.file(2, 2, "b.png", 10, 10);
            return new ImportResult("t1", "train", "P", List.of(), 2, 7);
        }
    }

    @Test
    void importsAndShowsTheLastFile() {
        Fake f = new Fake();
        ImportViewModel vm = new ImportViewModel(Async.direct(), f);
        vm.importSession(Path.of("s.zip"));
        assertThat(vm.stateProperty().get()).isEqualTo(ImportViewModel.State.DONE);
        assertThat(f.again).isFalse();
        assertThat(vm.fileProperty().get()).isEqualTo("[2/2] b.png");
        assertThat(vm.statusProperty().get()).contains("t1").contains("2 files").contains("7 events");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aSecondImportAsksFirst() {
        Fake f = new Fake();
        f.earlier = "old-task";
        ImportViewModel vm = new ImportViewModel(Async.direct(), f);
        vm.importSession(Path.of("s.zip"));
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
        vm.importSession(Path.of("s.zip"));
        assertThat(vm.stateProperty().get()).isEqualTo(ImportViewModel.State.FAILED);
        assertThat(vm.statusProperty().get()).contains("nothing was left");
        f.server = null;
        vm.importSession(Path.of("s.zip"));
        assertThat(vm.statusProperty().get()).contains("Open a ClearML server first");
    }
}
