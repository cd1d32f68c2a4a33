package dev.vitrine.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A ClearML model: a separate entity whose {@code uri} points at the weights file.
 *
 * @param taskId    the task that created the model, or null
 * @param labels    class enumeration ({@code label -> id}), in the server's order
 * @param design    the design/config text, or null
 * @param metadata  key/value metadata, in order
 * @param ready     true when published; null when unknown (offline)
 */
public record ModelRef(
        String id,
        String name,
        String framework,
        String uri,
        String taskId,
        String projectId,
        String projectName,
        Instant created,
        List<String> tags,
        Map<String, Integer> labels,
        Boolean ready,
        String comment,
        String design,
        Map<String, String> metadata,
        Location location) implements StoredFile {

    public ModelRef {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        tags = tags == null ? List.of() : List.copyOf(tags);
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        location = location == null ? new Location.Missing("no weights uri") : location;
    }

    @Override
    public String label() {
        return name;
    }

    /** Models record no hash of their weights. */
    @Override
    public String hash() {
        return null;
    }

    @Override
    public Long size() {
        return null;
    }

    @Override
    public String type() {
        return "model";
    }

    @Override
    public String contentType() {
        return null;
    }
}
