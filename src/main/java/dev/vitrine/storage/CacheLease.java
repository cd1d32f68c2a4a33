package dev.vitrine.storage;

/**
 * A hold on a cache entry while something reads it (an open preview): eviction, clear and the
 * size limits skip the entry, and a newer download of the same uri is published beside it instead
 * of over it. Close it when the reader is done; closing twice is harmless.
 */
public interface CacheLease extends AutoCloseable {

    /** A lease on nothing, for files outside any cache. */
    CacheLease NONE = () -> { };

    @Override
    void close();
}
