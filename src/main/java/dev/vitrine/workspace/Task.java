package dev.vitrine.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A ClearML task as shown in lists. Every field but {@code id} and {@code name} may be null:
 * offline sessions carry no status, dates or user, and a server may be asked for fewer fields.
 * Null means "unknown", never "empty".
 *
 * @param outputDestination the task's {@code output.destination}: where the SDK uploads its artifacts
 */
public record Task(
        String id,
        String name,
        String projectId,
        String projectName,
        String status,
        String type,
        String user,
        List<String> tags,
        List<String> systemTags,
        Instant created,
        Instant started,
        Instant lastUpdate,
        String outputDestination,
        String comment) {

    public Task {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        tags = tags == null ? List.of() : List.copyOf(tags);
        systemTags = systemTags == null ? List.of() : List.copyOf(systemTags);
    }

    /** True while the server still accepts artifact writes (API.md 5.5: created, queued, in_progress). */
    public boolean isWritable() {
        return status == null || "created".equals(status) || "queued".equals(status) || "in_progress".equals(status);
    }

    public boolean isRunning() {
        return "in_progress".equals(status) || "queued".equals(status);
    }
}
