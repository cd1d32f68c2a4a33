package dev.vitrine.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Bytes behind one family of {@link StorageUri}s. Every method blocks: call it off the FX thread.
 * Implementations are thread-safe. Every failure is a {@link StorageException} whose message says
 * what failed and where, and whose {@link StorageException.Kind} says why (not found, access denied,
 * wrong credentials, network, checksum, cancelled).
 */
public interface StorageDriver {

    /** How many times a dropped download is resumed before it fails (the SDK's StorageHelper uses 5). */
    int DEFAULT_RESUMES = 5;

    /** Size and existence of an object. */
    ObjectInfo stat(StorageUri uri);

    /**
     * Opens the object from byte {@code offset} to its end (an HTTP Range / S3 ranged GET when
     * offset &gt; 0). The caller closes the body.
     */
    Body open(StorageUri uri, long offset);

    /**
     * Opens the object from byte {@code offset}, resuming a download begun on the version
     * {@code validator} names (a {@link Body#validator()} seen before; null when unknown). When the
     * object changed since, or the server does not honour ranges, the body holds the whole object
     * and says so with {@link Body#start()} 0. Drivers that cannot tell versions apart keep
     * {@link #open(StorageUri, long)}.
     */
    default Body open(StorageUri uri, long offset, String validator) {
        return open(uri, offset);
    }

    /**
     * Downloads the object to {@code target} (created or truncated), resuming from the bytes already
     * written when the connection drops, up to {@link #DEFAULT_RESUMES} times in a row without
     * progress. Returns the number of bytes written. On failure or cancel {@code target} may hold a
     * partial file: callers write to a temporary name.
     */
    default long download(StorageUri uri, Path target, ProgressListener progress, Cancellation cancel) {
        return download(uri, target, -1, progress, cancel);
    }

    /**
     * Like {@link #download(StorageUri, Path, ProgressListener, Cancellation)}, failing as soon as
     * the body grows past {@code expectedSize} (the registered size; -1 when unknown), so a server
     * that never stops sending cannot fill the disk.
     */
    default long download(StorageUri uri, Path target, long expectedSize, ProgressListener progress, Cancellation cancel) {
        return ResumingDownload.run(this, uri, target, progress, cancel, DEFAULT_RESUMES, expectedSize);
    }

    /**
     * Uploads {@code source} to {@code target}, overwriting. On failure or cancel nothing usable is
     * left at the target (an S3 multipart upload is aborted).
     */
    void upload(Path source, StorageUri target, ProgressListener progress, Cancellation cancel);

    /** Deletes one object. */
    void delete(StorageUri uri);

    /** What {@link #stat} knows: the size in bytes, or -1 when the server does not say. */
    record ObjectInfo(StorageUri uri, long size) {}

    /** An open download stream and how many bytes it will deliver (-1 when unknown). */
    final class Body implements Closeable {
        private final InputStream in;
        private final long length;
        private final long start;
        private final String validator;

        public Body(InputStream in, long length) {
            this(in, length, -1, null);
        }

        /**
         * @param start     the byte the stream starts at when the driver knows it (a Content-Range start,
         *                  or 0 when the whole object came instead of a range); -1 for "as asked"
         * @param validator what names this version of the object for a later resume (an ETag,
         *                  Last-Modified or generation), or null
         */
        public Body(InputStream in, long length, long start, String validator) {
            this.in = in;
            this.length = length;
            this.start = start;
            this.validator = validator;
        }

        /** The byte the stream starts at, or -1 when it starts where it was asked to. */
        public long start() {
            return start;
        }

        public String validator() {
            return validator;
        }

        public InputStream stream() {
            return in;
        }

        /** Bytes from the requested offset to the end, or -1 when unknown. */
        public long length() {
            return length;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing a dropped connection can fail; nothing to recover
            }
        }
    }
}
