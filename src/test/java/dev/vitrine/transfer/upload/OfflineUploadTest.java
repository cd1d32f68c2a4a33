package dev.vitrine.transfer.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vitrine.storage.SessionFiles;
import dev.vitrine.storage.StorageException;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files dropped on an offline task become artifacts exactly where and as the SDK would have stored them offline. */
class OfflineUploadTest {

    @TempDir
    Path tmp;

    private Artifact add(OfflineWorkspace ws, String taskId, PreparedUpload p, boolean replace) {
        return ws.addArtifact(taskId, p.entry(null, Instant.ofEpochSecond(1_800_000_000L)), p.storedName(), p.file(), replace);
    }

    @Test
    void aFileIsStoredAndRegisteredLikeTheSdk() throws Exception {
        SessionBuilder sb = new SessionBuilder("c".repeat(32), "my task", "Proj/Sub", "training");
        Path session = sb.writeTo(tmp.resolve("s"));
        OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(session));
        Path notes = Files.writeString(tmp.resolve("run_notes.txt"), "notes for the run\n");

        PreparedUpload p = new UploadPlanner(tmp.resolve("t")).prepare(notes, null)
                .withMetadata(List.of(Map.entry("kind", "text")));
        Artifact a = add(ws, sb.id(), p, false);

        String member = "data/Proj/Sub/my task." + sb.id() + "/artifacts/run_notes.txt/run_notes.txt";
        assertThat(session.resolve(member)).hasContent("notes for the run");
        assertThat(a.uri()).isEqualTo("/home/someone/.clearml/cache/offline/" + sb.id() + "/" + member);
        assertThat(a.type()).isEqualTo("custom");
        assertThat(a.contentType()).isEqualTo("text/plain");
        assertThat(a.preview()).isEqualTo("run_notes.txt - 18 bytes\n");
        assertThat(a.contentSize()).isEqualTo(18);
        assertThat(a.location()).isEqualTo(new Location.LocalFile(session.resolve(member).toAbsolutePath().normalize()));

        JsonNode entry = taskJson(session).path("execution").path("artifacts").get(0);
        assertThat(entry.path("hash").asText()).isEqualTo(p.sha256());
        assertThat(entry.path("timestamp").asLong()).isEqualTo(1_800_000_000L);
        assertThat(entry.path("display_data").get(0).get(1).asText()).isEqualTo("text");
        assertThat(entry.path("mode").asText()).isEqualTo("output");
        // one line, sorted keys, ASCII: as json.dump(sort_keys=True) writes it
        String raw = Files.readString(session.resolve("task.json"));
        assertThat(raw).doesNotContain("\n").startsWith("{\"execution\": {");
        assertThat(Files.list(session).map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    @Test
    void aNameClashIsRefusedUnlessReplacing() throws Exception {
        SessionBuilder sb = new SessionBuilder("d".repeat(32), "t", "P", "training").artifact("data.csv", "custom", "text/csv", "data.csv", "old");
        Path session = sb.writeTo(tmp.resolve("s"));
        OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(session));
        Path f = Files.writeString(tmp.resolve("data.csv"), "a,b\n1,2\n");
        PreparedUpload p = new UploadPlanner(tmp).prepare(f, null);
        assertThatThrownBy(() -> add(ws, sb.id(), p, false)).isInstanceOf(WorkspaceException.class).hasMessageContaining("already has an artifact named 'data.csv'");
        assertThat(taskJson(session).path("execution").path("artifacts")).hasSize(1);
        add(ws, sb.id(), p, true);
        assertThat(taskJson(session).path("execution").path("artifacts")).hasSize(1);
        assertThat(ws.task(sb.id()).artifact("data.csv").orElseThrow().hash()).isEqualTo(p.sha256());
    }

    @Test
    void aFolderIsZippedAsAnArchiveWithTheSdkPreview() throws Exception {
        Path dir = tmp.resolve("assets");
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("readme.txt"), "hello world!\n");
        Files.writeString(dir.resolve("nested/values.csv"), "1,2,3\n");
        PreparedUpload p = new UploadPlanner(tmp.resolve("t")).prepare(dir, null);
        assertThat(p.type()).isEqualTo("archive");
        assertThat(p.contentType()).isEqualTo("application/zip");
        assertThat(p.storedName()).isEqualTo("assets.zip");
        assertThat(p.preview()).isEqualTo("Archive content " + dir.toAbsolutePath() + "/*:\nnested/values.csv - 6 bytes\nreadme.txt - 13 bytes\n");
        try (ZipFile z = new ZipFile(p.file().toFile())) {
            List<String> names = new ArrayList<>();
            z.stream().map(ZipEntry::getName).forEach(names::add);
            assertThat(names).containsExactly("nested/values.csv", "readme.txt");
            assertThat(z.getEntry("readme.txt").getMethod()).isEqualTo(ZipEntry.DEFLATED);
        }
        p.close();
        assertThat(p.file()).doesNotExist();
    }

    @Test
    void aZippedSessionIsRewrittenWholeAndStaysReadable() throws Exception {
        Path zip = Files.copy(Corpus.require().resolve("sessions/model_checkpoints.zip"), tmp.resolve("session.zip"));
        OfflineWorkspace ws = OfflineWorkspace.open("z", List.of(zip));
        String taskId = ws.sessions().get(0).taskId();
        int before;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            before = z.size();
        }
        Path f = Files.write(tmp.resolve("extra.bin"), new byte[] {1, 2, 3});
        PreparedUpload p = new UploadPlanner(tmp).prepare(f, "extra weights");
        Artifact a = add(ws, taskId, p, false);
        assertThat(a.location()).isInstanceOf(Location.ZipMember.class);
        Path copy = new SessionFiles(tmp.resolve("cache")).localCopy(a.location(), a.hash());
        assertThat(Files.readAllBytes(copy)).containsExactly(1, 2, 3);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.size()).isEqualTo(before + 1);
        }
        // models are untouched
        assertThat(ws.models(dev.vitrine.workspace.ModelQuery.all()).items()).hasSize(4);
        assertThat(Files.list(tmp).map(x -> x.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    @Test
    void badInputIsRefusedClearly() throws Exception {
        UploadPlanner planner = new UploadPlanner(tmp.resolve("t"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> planner.prepare(empty, null)).isInstanceOf(StorageException.class).hasMessageContaining("has no files");
        assertThatThrownBy(() -> planner.prepare(tmp.resolve("nope"), null)).hasMessageContaining("No such file");
        Path f = Files.writeString(tmp.resolve("f.txt"), "x");
        assertThatThrownBy(() -> planner.prepare(f, "..")).hasMessageContaining("Not a usable artifact name");
        // a name with ../ cannot leave the task's folder: R() turns slashes into .slash.
        SessionBuilder sb = new SessionBuilder("e".repeat(32), "t", "P", "training");
        Path session = sb.writeTo(tmp.resolve("s"));
        OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(session));
        Artifact a = add(ws, sb.id(), planner.prepare(f, "../../escape"), false);
        assertThat(a.uri()).contains("/artifacts/...slash....slash.escape/f.txt");
        assertThat(((Location.LocalFile) a.location()).path()).startsWith(session);
        // a 0-byte file is a valid artifact
        Path zero = Files.write(tmp.resolve("zero.bin"), new byte[0]);
        PreparedUpload pz = planner.prepare(zero, null);
        assertThat(pz.size()).isZero();
        assertThat(pz.preview()).isEqualTo("zero.bin - 0 bytes\n");
        assertThat(pz.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    private static JsonNode taskJson(Path session) throws Exception {
        try (InputStream in = Files.newInputStream(session.resolve("task.json"))) {
            return JsonMapper.builder().build().readTree(in);
        }
    }
}
