package dev.vitrine.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code task.execution.artifacts[]}, every field of the ClearML artifact schema
 * (ARTIFACTS.md 1.1), plus where its bytes were resolved to.
 *
 * @param contentSize  bytes of the stored file, or null when not recorded (links)
 * @param timestamp    registration time (the wire carries epoch seconds), or null
 * @param displayData  user metadata as ordered key/value pairs
 * @param location     where the bytes are, as resolved by the workspace
 */
public record Artifact(
        String key,
        String type,
        ArtifactMode mode,
        String uri,
        String hash,
        Long contentSize,
        Instant timestamp,
        String preview,
        String contentType,
        String dataHash,
        List<Map.Entry<String, String>> displayData,
        Location location) implements StoredFile {

    public Artifact {
        Objects.requireNonNull(key, "key");
        type = type == null ? "" : type;
        mode = mode == null ? ArtifactMode.OUTPUT : mode;
        displayData = displayData == null ? List.of() : List.copyOf(displayData);
        location = location == null ? new Location.Missing("no location") : location;
    }

    @Override
    public String label() {
        return key;
    }

    @Override
    public Long size() {
        return contentSize;
    }

    public Artifact withUri(String newUri) {
        return new Artifact(key, type, mode, newUri, hash, contentSize, timestamp, preview, contentType,
                dataHash, displayData, location);
    }

    public Artifact withLocation(Location newLocation) {
        return new Artifact(key, type, mode, uri, hash, contentSize, timestamp, preview, contentType,
                dataHash, displayData, newLocation);
    }
}
