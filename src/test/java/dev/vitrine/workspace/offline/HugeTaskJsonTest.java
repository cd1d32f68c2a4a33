package dev.vitrine.workspace.offline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.testutil.HugeSession;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.WorkspaceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A task.json listing hundreds of thousands of artifacts (#12 defect 17) opens by one streaming
 * pass: its artifacts are paged and looked up by key without building them all, within a small heap,
 * and the writer still adds to it. The timing is {@code HugeSessionBench}'s; here only behaviour.
 */
class HugeTaskJsonTest {

    /** Past the 64 MB a whole tree may take, so the streaming paths are the only ones that work. */
    static final int N = 230_000;
    static final String ID = "7".repeat(32);

    @TempDir
    static Path dir;
    static Path session;

    @BeforeAll
    static void writeSession() throws IOException {
        session = write(dir.resolve("offline-huge"), N);
        assertThat(Files.size(session.resolve("task.json"))).isGreaterThan(OfflineSession.MAX_TASK_JSON_BYTES);
    }

    static Path write(Path session, int n) throws IOException {
        return HugeSession.write(session, n, ID);
    }

    @Test
    void theTaskOpensWithItsFirstArtifactsAndACount() {
        OfflineWorkspace ws = OfflineWorkspace.open("big", List.of(session));
        TaskDetails d = ws.task(ID);
        assertThat(d.task().name()).isEqualTo("huge");
        assertThat(d.task().projectName()).isEqualTo("Big");
        assertThat(d.artifactCount()).isEqualTo(N);
        assertThat(d.allArtifacts()).isFalse();
        assertThat(d.artifacts()).hasSize(OfflineWorkspace.INLINE_ARTIFACTS);
        Artifact first = d.artifacts().get(0);
        assertThat(first.key()).isEqualTo("k0000000");
        assertThat(first.location()).isEqualTo(new Location.LocalFile(session.resolve("data/k0000000.bin").toAbsolutePath().normalize()));
        assertThat(d.artifacts().get(9_999).key()).isEqualTo("k0009999");
    }

    @Test
    void pagesComeInKeyOrderToTheLastOne() {
        OfflineWorkspace ws = OfflineWorkspace.open("big", List.of(session));
        Page<Artifact> middle = ws.artifacts(ID, 115, 1000);
        assertThat(middle.items()).hasSize(1000);
        assertThat(middle.hasMore()).isTrue();
        Artifact m = middle.items().get(0);
        assertThat(m.key()).isEqualTo("k0115000");
        assertThat(m.contentSize()).isEqualTo(115_000L);
        assertThat(m.preview()).isEqualTo("p115000");
        assertThat(m.contentType()).isEqualTo("application/octet-stream");
        assertThat(m.displayData()).containsExactly(java.util.Map.entry("n", "115000"));
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(m.location()).isInstanceOf(Location.Missing.class);

        Page<Artifact> last = ws.artifacts(ID, 229, 1000);
        assertThat(last.hasMore()).isFalse();
        assertThat(last.items()).hasSize(1000);
        assertThat(last.items().get(999).key()).isEqualTo(String.format("k%07d", N - 1));
        assertThat(ws.artifacts(ID, 230, 1000).items()).isEmpty();
    }

    @Test
    void aKeyIsFoundWithoutTheOthers() {
        OfflineWorkspace ws = OfflineWorkspace.open("big", List.of(session));
        assertThat(ws.artifacts(ID, "k0229999")).singleElement().satisfies(a -> assertThat(a.contentSize()).isEqualTo(229_999L));
        assertThat(ws.artifacts(ID, "k0000000")).singleElement().satisfies(a -> assertThat(a.uri()).endsWith("/data/k0000000.bin"));
        assertThat(ws.artifacts(ID, "nope")).isEmpty();
    }

    @Test
    void theWholeTreeIsRefusedWithTheCapInTheMessage() {
        // the importer needs the whole task at once: that part keeps its stated cap
        OfflineSession s = OfflineSession.open(session);
        assertThatThrownBy(s::taskJson)
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("task.json is larger than 64 MB");
    }

    @Test
    void getByKeyRunsInASmallHeap() throws Exception {
        // 230k artifacts as records and trees take several hundred MB; the index a few dozen
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                HugeSessionProbe.class.getName(), session.toString(), ID, "k0123456")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("k0123456 123456 p123456");
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void theWriterAddsAndReplacesOnAHugeSessionByStreaming() throws Exception {
        // 3k artifacts written the way a task.json past 64 MB is (the huge one is HugeSessionBench's)
        int n = 3_000;
        Path copy = write(dir.resolve("offline-big-write"), n);
        OfflineWorkspace ws = new OfflineWorkspace("big", dev.vitrine.workspace.Workspace.Kind.OFFLINE, List.of(OfflineSession.open(copy)), 0);
        Path file = Files.writeString(dir.resolve("new.txt"), "new bytes");
        Artifact entry = new Artifact("added.txt", "custom", ArtifactMode.OUTPUT, null, "h", 9L, Instant.ofEpochSecond(1_900_000_000L),
                "new", "text/plain", null, List.of(), null);
        Artifact added = ws.addArtifact(ID, entry, "new.txt", file, false);
        assertThat(added.location()).isInstanceOf(Location.LocalFile.class);
        assertThat(ws.task(ID).artifactCount()).isEqualTo(n + 1);
        assertThat(ws.artifacts(ID, "k0002999")).hasSize(1);
        assertThat(ws.artifacts(ID, "added.txt")).singleElement().satisfies(a -> assertThat(a.hash()).isEqualTo("h"));

        assertThatThrownBy(() -> ws.addArtifact(ID, entry, "new.txt", file, false)).hasMessageContaining("already has an artifact named 'added.txt'");
        Artifact again = new Artifact("k0000007", "custom", ArtifactMode.OUTPUT, null, "h2", 9L, null, null, null, null, List.of(), null);
        ws.addArtifact(ID, again, "new.txt", file, true);
        assertThat(ws.task(ID).artifactCount()).isEqualTo(n + 1);
        assertThat(ws.artifacts(ID, "k0000007")).singleElement().satisfies(a -> assertThat(a.hash()).isEqualTo("h2"));
        // every other field and artifact is still there, in the SDK's one-line layout
        OfflineSession reread = OfflineSession.open(copy);
        assertThat(reread.taskFields().path("execution").path("parameters").path("lr").asText()).isEqualTo("0.1");
        assertThat(reread.taskFields().path("offline_folder").asText()).isEqualTo(copy.toAbsolutePath().toString());
        try (var lines = Files.lines(copy.resolve("task.json"))) {
            assertThat(lines.count()).isEqualTo(1);
        }
    }

    @Test
    void theStreamingRewriteWritesWhatTheTreeRewriteWrites(@TempDir Path tmp) throws Exception {
        // the same change through both paths, on a session small enough for a tree
        Path a = write(tmp.resolve("a"), 50);
        Path b = write(tmp.resolve("b"), 50);
        Files.writeString(a.resolve("task.json"), Files.readString(a.resolve("task.json")).replace(a.toAbsolutePath().toString(), "/orig"));
        Files.writeString(b.resolve("task.json"), Files.readString(b.resolve("task.json")).replace(b.toAbsolutePath().toString(), "/orig"));
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        for (String key : List.of("k0000003", "zzz")) {
            Artifact e = new Artifact(key, "custom", ArtifactMode.OUTPUT, null, "h", 1L, Instant.ofEpochSecond(5), null, "text/plain", null,
                    List.of(java.util.Map.entry("é", "ü")), null);
            SessionWriter.add(OfflineSession.open(a), e, "f.txt", file, true, Long.MAX_VALUE);
            SessionWriter.add(OfflineSession.open(b), e, "f.txt", file, true, 0);
        }
        JsonNode tree = OfflineSession.JSON.readTree(a.resolve("task.json").toFile());
        JsonNode streamed = OfflineSession.JSON.readTree(b.resolve("task.json").toFile());
        assertThat(streamed).isEqualTo(tree);
        assertThat(Files.readString(b.resolve("task.json"))).doesNotContain("é").contains("\\u00E9").doesNotContain("\n");
        List<String> keys = new ArrayList<>();
        streamed.path("execution").path("artifacts").forEach(x -> keys.add(x.path("key").asText()));
        assertThat(keys).hasSize(51).contains("zzz", "k0000003");
    }
}
