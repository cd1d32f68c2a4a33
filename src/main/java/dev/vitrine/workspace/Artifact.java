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
        Location location) {

    public Artifact {
        Objects.requireNonNull(key, "key");
        type = type == null ? "" : type;
        mode = mode == null ? ArtifactMode.OUTPUT : mode;
        displayData = displayData == null ? List.of() : List.copyOf(displayData);
        location = location == null ? new Location.Missing("no location") : location;
    }

    /** The last path segment of the uri: the stored file's name, or null without a uri. */
    public String fileName() {
        if (uri == null || uri.isBlank()) return null;
        String u = uri.replace('\\', '/');
        int q = u.indexOf('?');
        if (q >= 0 && u.contains("://")) u = u.substring(0, q);
        int slash = u.lastIndexOf('/');
        return slash < 0 ? u : u.substring(slash + 1);
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
