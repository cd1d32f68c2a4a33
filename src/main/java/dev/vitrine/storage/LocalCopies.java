package dev.vitrine.storage;

import dev.vitrine.workspace.Location;

import java.nio.file.Path;

/**
 * Turns a {@link Location} into a complete local file that readers can open, memory-map or hand
 * to DuckDB. Blocks: call it off the FX thread. Implementations never leave a partial file where a
 * complete one is expected.
 */
public interface LocalCopies {

    /**
     * @param expectedSha256 the artifact's recorded hash, checked when not null
     * @throws StorageException with a message for the user (missing, refused, network, checksum)
     */
    Path localCopy(Location location, String expectedSha256);

    /**
     * The size in bytes of what {@link #localCopy} would give, without fetching it, or
     * {@link ObjectSizes#UNKNOWN}. Blocks (a remote location costs one request to its storage).
     */
    default long sizeOf(Location location) {
        return ObjectSizes.local(location);
    }
}
