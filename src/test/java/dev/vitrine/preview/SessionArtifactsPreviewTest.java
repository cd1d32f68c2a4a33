package dev.vitrine.preview;

import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.storage.SessionFiles;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every artifact of the SDK-made session opens through the standard readers (or fails with a
 * PreviewException), never with another exception; the kinds this branch reads come out as expected.
 */
class SessionArtifactsPreviewTest {

    @Test
    void everySessionArtifactPreviewsOrFailsCleanly(@TempDir Path tmp) throws Exception {
        Previewers previewers = StandardReaders.previewers();
        SessionFiles files = new SessionFiles(tmp);
        try (Workspace ws = OfflineWorkspace.open("kinds", List.of(Corpus.file("sessions/artifact_kinds.zip")))) {
            Task task = ws.tasks(new TaskQuery(null, true, List.of(), List.of(), List.of(), null, null, null, 0, 10)).items().get(0);
            int opened = 0;
            for (Artifact a : ws.task(task.id()).artifacts()) {
                if (a.location() instanceof Location.Remote || a.location() instanceof Location.Missing) continue;
                Path local = files.localCopy(a.location(), a.hash());
                String name = a.uri().substring(a.uri().lastIndexOf('/') + 1);
                try (PreviewContent c = previewers.open(local, name, a.type(), a.contentType())) {
                    Map<String, Object> m = c.inspect(3);
                    opened++;
                    switch (a.type()) {
                        case "pandas", "data-audit-table" -> {
                            assertThat(m.get("kind")).as(a.key()).isEqualTo("table"); // pickled frames too, rebuilt without running them
                        }
                        case "image" -> assertThat(m.get("kind")).as(a.key()).isEqualTo("image");
                        case "dict" -> assertThat(m.get("kind")).as(a.key()).isEqualTo("tree");
                        case "string" -> assertThat(m.get("kind")).as(a.key()).isEqualTo("text");
                        case "archive" -> assertThat(m.get("kind")).as(a.key()).isEqualTo("archive");
                        default -> { }
                    }
                    if ("pandas".equals(a.type()) && "table".equals(m.get("kind"))) {
                        assertThat((List<?>) m.get("index")).as(a.key() + " keeps pandas' index apart").hasSize(1);
                    }
                } catch (PreviewException expected) {
                    assertThat(expected.getMessage()).as(a.key()).isNotBlank();
                }
            }
            assertThat(opened).isGreaterThan(20);
        }
    }
}
