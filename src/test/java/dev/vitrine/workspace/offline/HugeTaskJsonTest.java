package dev.vitrine.workspace.offline;

import dev.vitrine.workspace.WorkspaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A task.json past the stated cap (a million artifacts) is refused at once with a clear message, not parsed for tens of seconds. */
class HugeTaskJsonTest {

    @Test
    void aTaskJsonPastTheCapIsRefusedWithItsReason(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("offline-huge");
        Files.createDirectories(session);
        long target = OfflineSession.MAX_TASK_JSON_BYTES + (1 << 20);
        try (BufferedWriter w = Files.newBufferedWriter(session.resolve("task.json"))) {
            w.write("{\"id\": \"" + "7".repeat(32) + "\", \"name\": \"huge\", \"execution\": {\"artifacts\": [");
            long written = 0;
            for (int i = 0; written < target; i++) {
                String a = (i == 0 ? "" : ",") + "{\"key\": \"a" + i + "\", \"type\": \"custom\", \"mode\": \"output\", \"uri\": \"file:///tmp/a" + i
                        + ".bin\", \"hash\": \"" + "0".repeat(64) + "\", \"content_size\": 1}";
                w.write(a);
                written += a.length();
            }
            w.write("]}}");
        }
        assertThat(Files.size(session.resolve("task.json"))).isGreaterThan(OfflineSession.MAX_TASK_JSON_BYTES);
        assertThatThrownBy(() -> OfflineSession.open(session))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("task.json is larger than 64 MB");
    }

    @Test
    void aTaskJsonUnderTheCapStillOpens(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("offline-small");
        Files.createDirectories(session);
        Files.writeString(session.resolve("task.json"), "{\"id\": \"" + "8".repeat(32) + "\", \"name\": \"small\"}");
        assertThat(OfflineSession.open(session)).isNotNull();
    }
}
