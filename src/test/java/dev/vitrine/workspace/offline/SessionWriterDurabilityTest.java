package dev.vitrine.workspace.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Registering uploads into an offline session (#12 defect 7): mode kept, concurrent writers both land. */
class SessionWriterDurabilityTest {

    @TempDir
    Path tmp;

    private static Artifact entry(String key, Path file) throws Exception {
        return new Artifact(key, "custom", ArtifactMode.OUTPUT, null, null, Files.size(file), java.time.Instant.ofEpochSecond(1_800_000_000L),
                null, "text/plain", null, List.of(), null);
    }

    @Test
    void taskJsonKeepsItsModeAndConcurrentWritersLoseNothing() throws Exception {
        SessionBuilder sb = new SessionBuilder("d".repeat(32), "t", "P", "training");
        Path session = sb.writeTo(tmp.resolve("s"));
        Path taskJson = session.resolve("task.json");
        boolean posix = Files.getFileAttributeView(taskJson, PosixFileAttributeView.class) != null;
        if (posix) Files.setPosixFilePermissions(taskJson, PosixFilePermissions.fromString("rw-r--r--"));
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");

        // two windows (workspaces) on the same session, each adding its own artifacts at once
        OfflineWorkspace a = OfflineWorkspace.open("a", List.of(session));
        OfflineWorkspace b = OfflineWorkspace.open("b", List.of(session));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        int n = 24;
        for (int i = 0; i < n; i++) {
            OfflineWorkspace ws = i % 2 == 0 ? a : b;
            String key = "k" + i;
            done.add(pool.submit((Callable<Object>) () -> ws.addArtifact(sb.id(), entry(key, file), "f.txt", file, false)));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();

        JsonNode t = new ObjectMapper().readTree(taskJson.toFile());
        Set<String> keys = new HashSet<>();
        t.path("execution").path("artifacts").forEach(x -> keys.add(x.path("key").asText()));
        for (int i = 0; i < n; i++) assertThat(keys).contains("k" + i);
        if (posix) assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(taskJson))).isEqualTo("rw-r--r--");
        try (var files = Files.list(session)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(s -> s.endsWith(".part"));
        }
    }
}
