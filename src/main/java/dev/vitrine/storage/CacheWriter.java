package dev.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Writes cache entries complete-or-nothing: a download goes to the SDK's {@code .partially} name in
 * the entry's folder, its size and SHA-256 are checked, then it is renamed into place in one atomic
 * move. A failed, cancelled or refused download leaves nothing behind. Thread-safe.
 */
final class CacheWriter {

    /** The atomic rename into place; a seam so tests can make it fail as Windows does on an open file. */
    interface Mover {
        Mover ATOMIC = (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        void move(Path from, Path to) throws IOException;
    }

    private final Mover mover;

    CacheWriter(Mover mover) {
        this.mover = mover;
    }

    /**
     * Downloads {@code resolved} into {@code target}, checked against the expected size and hash.
     * Returns the number of bytes published.
     */
    long download(String uri, StorageUri resolved, StorageDriver driver, Path target, String sha, Long expectedSize,
                  ProgressListener progress, Cancellation cancel) {
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = SdkCacheLayout.partialFor(target, Instant.now());
            long n = driver.download(resolved, tmp, expectedSize == null ? -1 : expectedSize, progress, cancel);
            cancel.throwIfCancelled(uri);
            long size = Files.size(tmp);
            if (size != n) throw new StorageException(StorageException.Kind.OTHER, "The download of " + uri + " was not written completely");
            if (expectedSize != null && expectedSize >= 0 && size != expectedSize) {
                throw new StorageException(StorageException.Kind.CHECKSUM, "Size mismatch for " + uri + ": expected " + expectedSize + " bytes, got " + size);
            }
            if (size == 0 && (expectedSize == null || expectedSize != 0)) {
                throw new StorageException(StorageException.Kind.OTHER, "The download of " + uri + " is empty (0 bytes)");
            }
            if (sha != null && !sha.isBlank()) {
                String actual = HashMemo.sha256(tmp, cancel);
                if (!actual.equalsIgnoreCase(sha.trim())) {
                    throw new StorageException(StorageException.Kind.CHECKSUM, "Checksum mismatch for " + uri + ": expected SHA-256 " + sha.trim() + ", got " + actual);
                }
            }
            cancel.throwIfCancelled(uri);
            try {
                mover.move(tmp, target);
                tmp = null;
            } catch (IOException moveFailed) {
                // only the very bytes we verified, published by another process first, count as done
                if (!sameBytes(target, tmp, size)) {
                    throw new StorageException(StorageException.Kind.OTHER, "Cannot place the download of " + uri + " in the cache as "
                            + target + " (" + reason(moveFailed) + ")", moveFailed);
                }
            }
            return size;
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot write the cache file for " + uri + " in " + target.getParent() + ": " + ResumingDownload.describe(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Copies a local file to {@code dir/fileName} complete-or-nothing (a temporary name, then an
     * atomic rename), replacing an older copy. {@code fileName} must be a plain file name: names
     * from uris or servers never escape {@code dir}.
     */
    static Path copyInto(Path source, Path dir, String fileName, Cancellation cancel) {
        String name = StorageUri.safeName(fileName);
        if (name == null) throw new StorageException("Refused file name: " + fileName);
        Path d = dir.toAbsolutePath().normalize();
        Path target = d.resolve(name).normalize();
        if (!d.equals(target.getParent())) throw new StorageException("Refused file name: " + fileName);
        Path tmp = null;
        try {
            Files.createDirectories(d);
            if (Files.isSameFile(d, source.toAbsolutePath().getParent()) && source.getFileName().toString().equals(name)) return source;
            tmp = Files.createTempFile(d, "." + (name.length() > 100 ? name.substring(0, 100) : name), ".partially");
            byte[] buf = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(tmp)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (cancel != null) cancel.throwIfCancelled("copy to " + target);
                    out.write(buf, 0, n);
                }
            }
            Mover.ATOMIC.move(tmp, target);
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot write " + target + ": " + ResumingDownload.describe(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static boolean sameBytes(Path target, Path ours, long size) {
        try {
            return Files.isRegularFile(target) && Files.size(target) == size
                    && HashMemo.sha256(target, null).equals(HashMemo.sha256(ours, null));
        } catch (IOException e) {
            return false;
        }
    }

    /** The JDK names only the file in these; say what happened. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "access denied: the file is open in another program or read-only";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return ResumingDownload.describe(e);
    }

    static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the cleanup removes stale .partially files later
        }
    }
}
