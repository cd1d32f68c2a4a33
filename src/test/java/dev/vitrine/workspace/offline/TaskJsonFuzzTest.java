package dev.vitrine.workspace.offline;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitrine.testutil.FuzzChecks;
import dev.vitrine.workspace.WorkspaceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fuzz target for an offline session's task.json: WorkspaceException only. */
class TaskJsonFuzzTest {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("vitrine-session-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void taskJson(byte[] data) {
        FuzzChecks.check(List.of(WorkspaceException.class), 64L << 20, () -> {
            Files.write(DIR.resolve("task.json"), data);
            OfflineSession s = OfflineSession.open(DIR);
            s.task(); // name, status, artifacts and models as the workspace lists them
        });
    }
}
