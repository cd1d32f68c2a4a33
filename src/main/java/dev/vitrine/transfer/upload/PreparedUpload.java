package dev.vitrine.transfer.upload;

import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A file ready to be stored as an artifact, with every field the SDK would register for it
 * except the uri, which depends on where it is stored.
 *
 * @param file       the bytes to store (a temporary zip for a folder)
 * @param temporary  whether {@code file} is ours to delete once stored
 * @param storedName the file name in storage (the SDK's rule: own name, or {@code <folder>.zip})
 */
public record PreparedUpload(
        Path source,
        Path file,
        boolean temporary,
        String key,
        String type,
        String contentType,
        String preview,
        String sha256,
        long size,
        String storedName,
        List<Map.Entry<String, String>> metadata) implements AutoCloseable {

    public PreparedUpload {
        metadata = metadata == null ? List.of() : List.copyOf(metadata);
    }

    /** The entry to register once the bytes are stored at {@code uri}. */
    public Artifact entry(String uri, Instant timestamp) {
        return entry(uri, timestamp, new Location.Remote(uri));
    }

    /** {@link #entry(String, Instant)} with where its bytes are, as the target workspace resolves the uri. */
    public Artifact entry(String uri, Instant timestamp, Location location) {
        return new Artifact(key, type, ArtifactMode.OUTPUT, uri, sha256, size, timestamp, preview, contentType, null, metadata, location);
    }

    public PreparedUpload withKey(String newKey) {
        return new PreparedUpload(source, file, temporary, newKey, type, contentType, preview, sha256, size, storedName, metadata);
    }

    public PreparedUpload withMetadata(List<Map.Entry<String, String>> newMetadata) {
        return new PreparedUpload(source, file, temporary, key, type, contentType, preview, sha256, size, storedName, newMetadata);
    }

    /** Deletes the temporary zip, if any. */
    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left in the temp folder is harmless
            }
        }
    }
}
