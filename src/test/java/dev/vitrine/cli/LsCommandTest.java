package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.testutil.SessionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vitrine ls ...} over offline sessions: the JSON shapes and exit codes of CLI.md. */
class LsCommandTest {

    @TempDir
    Path tmp;

    private Path twoSessions() {
        new SessionBuilder("1".repeat(32), "prep", "Churn/Data", "data_processing")
                .artifact("frame", "pandas", "text/csv", "frame.csv.gz", "x").writeTo(tmp);
        new SessionBuilder("2".repeat(32), "train", "Churn/Models", "training")
                .artifact("notes", "string", "text/plain", "notes.txt", "hello")
                .rawArtifact("link", "custom", "https://example.com/data.bin").writeTo(tmp);
        return tmp;
    }

    private static JsonNode json(CliRunner.Result r) throws Exception {
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void textOutputEscapesTerminalControlsAndJsonStaysJson() throws Exception {
        String hostile = "evil\u001b]0;pwned\u0007\u001b[2Jname\u202e";
        new SessionBuilder("3".repeat(32), hostile, "P\u009b31m", "training")
                .artifact("k\u001b[31m", "string", "text/plain", "n.txt", "x").writeTo(tmp);
        String session = tmp.resolve("offline-" + "3".repeat(32)).toString();
        CliRunner.Result tasks = CliRunner.run(tmp.resolve("c"), "--offline", session, "ls", "tasks");
        assertThat(tasks.code()).as(tasks.err()).isZero();
        assertThat(tasks.out()).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e")
                .contains("evil\\x1b]0;pwned\\x07\\x1b[2Jname\\u202e", "P\\x9b31m");
        CliRunner.Result artifacts = CliRunner.run(tmp.resolve("c"), "--offline", session, "ls", "artifacts", "offline-" + "3".repeat(32));
        assertThat(artifacts.out()).doesNotContain("\u001b").contains("k\\x1b[31m");
        JsonNode arr = json(CliRunner.run(tmp.resolve("c"), "--offline", session, "ls", "tasks", "--json"));
        assertThat(arr.get(0).get("name").asText()).isEqualTo(hostile);
    }

    @Test
    void lsTasksJsonHasTheContractShape() throws Exception {
        Path dir = twoSessions();
        JsonNode arr = json(CliRunner.run(tmp.resolve("c"), "--offline", dir.resolve("offline-" + "1".repeat(32)).toString(),
                "--offline", dir.resolve("offline-" + "2".repeat(32)).toString(), "ls", "tasks", "--json"));
        assertThat(arr.isArray()).isTrue();
        assertThat(arr).hasSize(2);
        for (JsonNode t : arr) {
            List<String> names = new ArrayList<>();
            t.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("id", "name", "project", "project_name", "status", "type", "user", "tags",
                    "created", "started", "last_update");
            assertThat(t.get("status").isNull()).isTrue(); // offline: unknown, not invented
        }
        JsonNode filtered = json(CliRunner.run(tmp.resolve("c"), "--offline", dir.resolve("offline-" + "1".repeat(32)).toString(),
                "--offline", dir.resolve("offline-" + "2".repeat(32)).toString(), "ls", "tasks", "--project", "Churn/Models", "--json"));
        assertThat(filtered).hasSize(1);
        assertThat(filtered.get(0).get("name").asText()).isEqualTo("train");
    }

    @Test
    void lsArtifactsJsonHasTheContractShape() throws Exception {
        Path dir = twoSessions();
        JsonNode arr = json(CliRunner.run(tmp.resolve("c"), "--offline", dir.resolve("offline-" + "2".repeat(32)).toString(),
                "ls", "artifacts", "offline-" + "2".repeat(32), "--json"));
        assertThat(arr).hasSize(2);
        JsonNode notes = arr.get(1);
        List<String> names = new ArrayList<>();
        notes.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("key", "type", "mode", "uri", "hash", "content_size", "timestamp", "type_data", "display_data");
        assertThat(notes.get("key").asText()).isEqualTo("notes");
        assertThat(notes.get("mode").asText()).isEqualTo("output");
        assertThat(notes.get("content_size").asLong()).isEqualTo(5);
        assertThat(notes.get("timestamp").asLong()).isEqualTo(1795835112L);
        assertThat(notes.get("type_data").get("content_type").asText()).isEqualTo("text/plain");
        assertThat(notes.get("display_data").get(0).get(0).asText()).isEqualTo("k");
        JsonNode link = arr.get(0);
        assertThat(link.get("hash").isNull()).isTrue();
        assertThat(link.get("content_size").isNull()).isTrue();
    }

    @Test
    void lsProjectsAndModelsOverTheCorpus() throws Exception {
        Path corpus = Corpus.require();
        CliRunner.Result r = CliRunner.run(tmp, "--offline", corpus.resolve("sessions/model_checkpoints.zip").toString(),
                "ls", "models", "--json");
        JsonNode models = json(r);
        assertThat(models).hasSize(Corpus.manifest().path("sessions").get(1).path("output_models").size());
        assertThat(models.get(0).get("name").asText()).isEqualTo("ckpt_e1");
        assertThat(models.get(0).get("framework").asText()).isEqualTo("PyTorch");
        assertThat(models.get(0).get("labels").get("class_c").asInt()).isEqualTo(2);
        JsonNode projects = json(CliRunner.run(tmp, "--offline", corpus.resolve("sessions/model_checkpoints.zip").toString(),
                "ls", "projects", "--json"));
        assertThat(projects).extracting(p -> p.get("name").asText()).containsExactly("reference", "reference/model-kinds");
        assertThat(projects.get(1).get("parent").asText()).isEqualTo(projects.get(0).get("id").asText());
    }

    @Test
    void errorsAreOneLineOnStderrWithTheRightExitCode() {
        CliRunner.Result unknownTask = CliRunner.run(tmp, "--offline", twoSessions().resolve("offline-" + "1".repeat(32)).toString(),
                "ls", "artifacts", "nope", "--json");
        assertThat(unknownTask.code()).isEqualTo(1);
        assertThat(unknownTask.out()).isEmpty();
        assertThat(unknownTask.err().strip().lines()).hasSize(1);
        assertThat(unknownTask.err()).contains("No task nope").doesNotContain("Exception");

        CliRunner.Result usage = CliRunner.run(tmp, "ls", "bogus");
        assertThat(usage.code()).isEqualTo(2);

        CliRunner.Result notASession = CliRunner.run(tmp, "--offline", tmp.resolve("missing.zip").toString(), "ls", "tasks");
        assertThat(notASession.code()).isEqualTo(1);
        assertThat(notASession.err()).contains("No such file");
    }

    @Test
    void versionPrintsAndExitsZero() {
        CliRunner.Result r = CliRunner.run(tmp, "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("vitrine ");
    }
}
