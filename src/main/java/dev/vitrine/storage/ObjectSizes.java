package dev.vitrine.storage;

import dev.vitrine.workspace.Location;

import java.io.IOException;
import java.nio.file.Files;

/**
 * How big the file behind a {@link Location} is without fetching it: a local file's size, a session
 * zip member's recorded size, a remote object's size from its storage (an HTTP HEAD, an S3
 * HeadObject, a GCS metadata GET, Azure blob properties) after {@code path_substitution}. Used where
 * a listing has no size of its own (ClearML's models carry none).
 */
public final class ObjectSizes {

    /** What {@link #local} and {@link #remote} answer when the size cannot be known. */
    public static final long UNKNOWN = -1;

    private ObjectSizes() {}

    /**
     * The size of a location on this machine; {@link #UNKNOWN} for a remote one, a file that is not
     * there, and a path outside its session (never touched without the user asking).
     */
    public static long local(Location location) {
        if (location instanceof Location.ZipMember m) return m.size();
        if (location instanceof Location.LocalFile f) {
            try {
                return Files.isRegularFile(f.path()) ? Files.size(f.path()) : UNKNOWN;
            } catch (IOException | SecurityException e) {
                return UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    /**
     * The size of {@code uri} as its storage reports it, through {@code drivers} (the scope that
     * listed it); {@link #UNKNOWN} when the object is missing, refused, unreachable, or the storage
     * does not say. Blocks on one request.
     */
    public static long remote(StorageDrivers drivers, String uri) {
        try {
            StorageUri resolved = drivers.resolve(StorageUri.parse(uri));
            long size = drivers.driverFor(resolved).stat(resolved).size();
            return size < 0 ? UNKNOWN : size;
        } catch (RuntimeException e) {
            // a placeholder uri ("uploading_file"), a deleted object, a storage without credentials here
            return UNKNOWN;
        }
    }
}
