package dev.vitrine.storage;

/**
 * Told how far a transfer got. Called on the transferring thread, often: keep it cheap and
 * thread-safe. {@code total} is -1 while unknown.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
