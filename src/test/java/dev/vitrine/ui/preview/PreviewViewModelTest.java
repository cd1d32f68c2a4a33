package dev.vitrine.ui.preview;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.Sniff;
import dev.vitrine.storage.SessionFiles;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewViewModelTest {

    @TempDir
    Path tmp;

    static Artifact artifact(Location loc, String preview) {
        return new Artifact("k", "string", ArtifactMode.OUTPUT, "/x/k.txt", null, 5L, null, preview, "text/plain", null, List.of(), loc);
    }

    /** A reader for .txt files that records whether its content was closed. */
    static final class TxtReader implements PreviewReader {
        boolean closed;

        @Override
        public int score(Sniff s) {
            return s.hasExtension(".txt") ? 10 : 0;
        }

        @Override
        public PreviewContent open(Sniff s) {
            return new PreviewContent() {
                @Override
                public String kind() {
                    return "text";
                }

                @Override
                public Map<String, Object> inspect(int rows) {
                    return Map.of("kind", "text");
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    @Test
    void opensALocalFileWithTheBestReaderAndClosesItWhenTheSelectionMoves() throws Exception {
        Path f = Files.writeString(tmp.resolve("k.txt"), "hello");
        TxtReader reader = new TxtReader();
        PreviewViewModel vm = new PreviewViewModel(Async.direct(), new SessionFiles(tmp.resolve("c")), new Previewers(List.of(reader)));
        vm.show(artifact(new Location.LocalFile(f), "stored"));
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.contentProperty().get().kind()).isEqualTo("text");
        vm.show(null);
        assertThat(reader.closed).isTrue();
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.EMPTY);
    }

    @Test
    void unknownFormatFallsBackToTheStoredPreview() throws Exception {
        Path f = Files.writeString(tmp.resolve("k.bin"), "\u0001\u0002");
        PreviewViewModel vm = new PreviewViewModel(Async.direct(), new SessionFiles(tmp), new Previewers(List.of(new TxtReader())));
        Artifact a = new Artifact("k", "custom", ArtifactMode.OUTPUT, "/x/k.bin", null, 2L, null, "stored repr", null, null, List.of(),
                new Location.LocalFile(f));
        vm.show(a);
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(vm.messageProperty().get()).contains("No viewer for k.bin").contains("stored preview");
        assertThat(vm.fallbackTextProperty().get()).isEqualTo("stored repr");
    }

    @Test
    void aFileOutsideTheSessionIsReadOnlyWhenAskedExplicitly() throws Exception {
        Path f = Files.writeString(tmp.resolve("k.txt"), "hello");
        PreviewViewModel vm = new PreviewViewModel(Async.direct(), new SessionFiles(tmp.resolve("c")), new Previewers(List.of(new TxtReader())));
        vm.show(artifact(new Location.OutsideSession(f), null));
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(vm.canOpenOutsideProperty().get()).isTrue();
        assertThat(vm.contentProperty().get()).isNull();
        vm.openOutsideExplicitly();
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.READY);
    }

    @Test
    void aMissingFileSaysWhy() {
        PreviewViewModel vm = new PreviewViewModel(Async.direct(), new SessionFiles(tmp), new Previewers(List.of()));
        vm.show(artifact(new Location.Missing("file missing from the session: data/x"), null));
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(vm.messageProperty().get()).contains("file missing from the session");
    }
}
