package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.testutil.SessionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vitrine put} on offline sessions: the registered entries, clashes, options. */
class PutCommandTest {

    @TempDir
    Path tmp;

    @Test
    void putsFilesAndPrintsTheRegisteredEntries() throws Exception {
        SessionBuilder sb = new SessionBuilder("3".repeat(32), "train", "P", "training");
        Path session = sb.writeTo(tmp.resolve("s"));
        Path f = Files.writeString(tmp.resolve("report.md"), "# report\n");
        Path dir = Files.createDirectories(tmp.resolve("figs"));
        Files.writeString(dir.resolve("a.txt"), "a");
        CliRunner.Result r = CliRunner.run(tmp.resolve("c"), "--offline", session.toString(), "put", sb.id(),
                f.toString(), dir.toString(), "--meta", "stage=eval", "--json");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode arr = Json.MAPPER.readTree(r.out());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).get("key").asText()).isEqualTo("report.md");
        assertThat(arr.get(0).get("type").asText()).isEqualTo("custom");
        assertThat(arr.get(0).get("content_size").asLong()).isEqualTo(9);
        assertThat(arr.get(0).get("hash").asText()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
        assertThat(arr.get(0).get("uri").asText()).endsWith("/data/P/train." + sb.id() + "/artifacts/report.md/report.md");
        assertThat(arr.get(1).get("type").asText()).isEqualTo("archive");
        assertThat(arr.get(1).get("uri").asText()).endsWith("/artifacts/figs/figs.zip");

        // listed by ls with the metadata
        JsonNode ls = Json.MAPPER.readTree(CliRunner.run(tmp.resolve("c"), "--offline", session.toString(), "ls", "artifacts", sb.id(), "--json").out());
        assertThat(ls).hasSize(2);
        assertThat(ls.get(0).get("display_data").get(0).get(1).asText()).isEqualTo("eval");
    }

    @Test
    void anExistingNameIsRefusedUnlessReplace() throws Exception {
        SessionBuilder sb = new SessionBuilder("4".repeat(32), "train", "P", "training").artifact("x.txt", "custom", "text/plain", "x.txt", "old");
        Path session = sb.writeTo(tmp.resolve("s"));
        Path f = Files.writeString(tmp.resolve("x.txt"), "new!");
        CliRunner.Result refused = CliRunner.run(tmp.resolve("c"), "--offline", session.toString(), "put", sb.id(), f.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("already has an artifact named 'x.txt'").contains("--replace");
        assertThat(refused.err().strip().lines()).hasSize(1);
        CliRunner.Result ok = CliRunner.run(tmp.resolve("c"), "--offline", session.toString(), "put", sb.id(), f.toString(), "--replace");
        assertThat(ok.code()).isZero();
    }

    @Test
    void usageErrors() throws Exception {
        Path session = new SessionBuilder("5".repeat(32), "t", "P", "training").writeTo(tmp.resolve("s"));
        Path a = Files.writeString(tmp.resolve("a"), "a");
        Path b = Files.writeString(tmp.resolve("b"), "b");
        assertThat(CliRunner.run(tmp, "--offline", session.toString(), "put", "offline-" + "5".repeat(32), a.toString(), b.toString(), "--name", "n").code()).isEqualTo(2);
        assertThat(CliRunner.run(tmp, "--offline", session.toString(), "put", "offline-" + "5".repeat(32), a.toString(), "--meta", "novalue").code()).isEqualTo(2);
        CliRunner.Result demo = CliRunner.run(tmp, "--demo", "put", "offline-406084157b9286003792651da719d1d2", a.toString());
        assertThat(demo.code()).isEqualTo(1);
        assertThat(demo.err()).contains("read-only");
        CliRunner.Result missing = CliRunner.run(tmp, "--offline", session.toString(), "put", "offline-" + "5".repeat(32), tmp.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("No such file");
    }
}
