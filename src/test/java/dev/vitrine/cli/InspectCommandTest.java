package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.app.Services;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InspectCommandTest {

    static final java.nio.file.Path CACHE = java.nio.file.Path.of("target", "test-cache", "inspect");

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    static Run run(String... args) {
        CliRunner.Result r = CliRunner.run(CACHE, args);
        return new Run(r.code(), r.out(), r.err());
    }

    @Test
    void inspectsATableFileAsJson() throws Exception {
        Run r = run("inspect", "--json", "--rows", "2", Corpus.file("files/csv/tricky_with_index.csv.gz").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("kind").asText()).isEqualTo("table");
        assertThat(j.get("rows").asInt()).isEqualTo(31);
        assertThat(j.get("columns")).hasSize(11);
        assertThat(j.get("columns").get(1).get("nulls").asInt()).isEqualTo(7);
        assertThat(j.get("index")).hasSize(1);
        assertThat(j.get("head")).hasSize(2);
        assertThat(j.get("head").get(0).get(1).asText()).isEqualTo("simple");
    }

    @Test
    void inspectsAnImageAndPlainText() throws Exception {
        JsonNode img = run("inspect", "--json", Corpus.file("files/images/animated.gif").toString()).json();
        assertThat(img.get("kind").asText()).isEqualTo("image");
        assertThat(img.get("frames").asInt()).isEqualTo(5);
        assertThat(img.get("width").asInt()).isEqualTo(36);
        Run human = run("inspect", Corpus.file("files/images/rgb.png").toString());
        assertThat(human.out()).contains("width: 80").contains("height: 56");
    }

    @Test
    void hostileAndCorruptFilesExitOneWithOneLine() {
        for (String p : new String[] {"files/hostile/bomb_120000x90000_header.png", "files/hostile/bomb_24000x16000_complete.png",
                "files/corrupt/truncated.parquet", "files/corrupt/truncated.csv.gz", "files/corrupt/bad_crc.csv.gz"}) {
            Run r = run("inspect", "--json", Corpus.file(p).toString());
            assertThat(r.code()).as(p).isEqualTo(1);
            assertThat(r.out()).as(p).isEmpty();
            assertThat(r.err().strip().lines()).as(p).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(run("inspect", "/no/such/file.csv").code()).isEqualTo(1);
    }

    @Test
    void inspectsAnArtifactOfAnOfflineSession() throws Exception {
        Path zip = Corpus.file("sessions/artifact_kinds.zip");
        String taskId;
        try (var fs = java.nio.file.FileSystems.newFileSystem(zip)) {
            taskId = Json.MAPPER.readTree(Files.readString(fs.getPath("task.json"))).get("id").asText();
        }
        JsonNode j = run("--offline", zip.toString(), "inspect", "--json", taskId, "config_json").json();
        assertThat(j.get("kind").asText()).isEqualTo("tree");
        assertThat(j.get("outline").toString()).contains("17000000000000000003");
        // a gzip CSV stored under a .parquet name is read by its bytes
        JsonNode t = run("--offline", zip.toString(), "inspect", "--json", taskId, "table_as_parquet").json();
        assertThat(t.get("kind").asText()).isEqualTo("table");
        assertThat(t.get("format").asText()).isEqualTo("csv");
        assertThat(t.get("index")).hasSize(1);
        Run missing = run("--offline", zip.toString(), "inspect", taskId, "no_such_key");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no_such_key");
    }
}
