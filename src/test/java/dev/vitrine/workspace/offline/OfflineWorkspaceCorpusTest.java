package dev.vitrine.workspace.offline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.TaskDetails;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** Every session of ../shared/corpus, read as the SDK wrote it, checked against manifest.json. */
class OfflineWorkspaceCorpusTest {

    @Test
    void everyCorpusSessionMatchesItsManifest() throws Exception {
        Corpus.require();
        for (JsonNode s : Corpus.manifest().path("sessions")) {
            Path zip = Corpus.file(s.path("path").asText());
            OfflineWorkspace ws = OfflineWorkspace.open("corpus", List.of(zip));
            String taskId = s.path("task_id").asText();
            TaskDetails d = ws.task(taskId);

            assertThat(d.task().name()).isEqualTo(s.path("task_name").asText());
            assertThat(d.task().projectName()).isEqualTo(s.path("project_name").asText());
            assertThat(d.task().type()).isEqualTo(s.path("task_type").asText());
            // Offline sessions carry no status, dates or user: unknown, not invented.
            assertThat(d.task().status()).isNull();
            assertThat(d.task().created()).isNull();
            assertThat(d.task().user()).isNull();

            assertThat(d.artifacts()).hasSize(s.path("artifacts").size());
            for (JsonNode a : s.path("artifacts")) {
                JsonNode entry = a.path("task_json_entry");
                Artifact art = d.artifact(entry.path("key").asText()).orElseThrow();
                assertThat(art.type()).isEqualTo(entry.path("type").asText());
                assertThat(art.hash()).isEqualTo(text(entry.path("hash")));
                assertThat(art.uri()).isEqualTo(entry.path("uri").asText());
                if (entry.has("content_size")) assertThat(art.contentSize()).isEqualTo(entry.path("content_size").asLong());
                assertThat(art.contentType()).isEqualTo(text(entry.path("type_data").path("content_type")));
                assertThat(art.displayData()).hasSize(entry.path("display_data").size());
                if (a.hasNonNull("zip_member")) {
                    assertThat(art.location()).isInstanceOfSatisfying(Location.ZipMember.class, m -> {
                        assertThat(m.member()).isEqualTo(a.path("zip_member").asText());
                        assertThat(m.zip()).isEqualTo(zip.toAbsolutePath().normalize());
                    });
                    if (a.path("sha256_equals_hash").asBoolean()) {
                        assertThat(sha256(zip, ((Location.ZipMember) art.location()).member())).isEqualTo(art.hash());
                    }
                }
            }
            // sorted by key, as the server returns them
            assertThat(d.artifacts()).extracting(Artifact::key).isSorted();

            assertThat(d.outputModels()).hasSize(s.path("output_models").size());
            for (JsonNode m : s.path("output_models")) {
                JsonNode entry = m.path("task_json_entry");
                ModelRef model = ws.model(entry.path("id").asText());
                assertThat(model.name()).isEqualTo(entry.path("init").path("name").asText());
                assertThat(model.framework()).isEqualTo(text(entry.path("init").path("framework")));
                assertThat(model.taskId()).isEqualTo(taskId);
                assertThat(model.location()).isInstanceOf(Location.ZipMember.class);
                assertThat(((Location.ZipMember) model.location()).member()).startsWith("models/");
            }
        }
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static String sha256(Path zip, String member) throws Exception {
        try (ZipFile zf = new ZipFile(zip.toFile()); InputStream in = zf.getInputStream(zf.getEntry(member))) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(in.readAllBytes());
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
