package dev.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code file://} uris and plain paths: files on this machine, used in place (the SDK's
 * {@code direct_access} default: never copied into the cache). Uploads copy to a temporary name
 * beside the target and rename, so the target is never half-written. Thread-safe (stateless).
 */
public final class LocalDriver implements StorageDriver {

    @Override
    public ObjectInfo stat(StorageUri uri) {
        Path p = existing(uri);
        try {
            return new ObjectInfo(uri, Files.size(p));
        } catch (IOException e) {
            throw failure(e, p, "read");
        }
    }

    /** The file itself, checked to exist and be a regular file. */
    public Path existing(StorageUri uri) {
        Path p = uri.localPath();
        if (!Files.isRegularFile(p)) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, Files.isDirectory(p) ? "A folder, not a file: " + p : "File not found: " + p);
        }
        return p;
    }

    @Override
    public Body open(StorageUri uri, long offset) {
        Path p = existing(uri);
        try {
            InputStream in = Files.newInputStream(p);
            in.skipNBytes(offset);
            return new Body(in, Math.max(0, Files.size(p) - offset));
        } catch (IOException e) {
            throw failure(e, p, "read");
        }
    }

    @Override
    public void upload(Path source, StorageUri target, ProgressListener progress, Cancellation cancel) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        Path dest = target.localPath().toAbsolutePath().normalize();
        Path tmp = null;
        try {
            long size = Files.size(source);
            Files.createDirectories(dest.getParent());
            tmp = Files.createTempFile(dest.getParent(), "." + dest.getFileName(), ".partially");
            byte[] buf = new byte[1 << 16];
            long done = 0;
            try (InputStream in = Files.newInputStream(source); var out = Files.newOutputStream(tmp)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    c.throwIfCancelled("copy to " + dest);
                    out.write(buf, 0, n);
                    done += n;
                    listener.progress(done, size);
                }
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw failure(e, dest, "write");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    @Override
    public void delete(StorageUri uri) {
        Path p = existing(uri);
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw failure(e, p, "delete");
        }
    }

    private static StorageException failure(IOException e, Path p, String verb) {
        if (e instanceof NoSuchFileException) return new StorageException(StorageException.Kind.NOT_FOUND, "File not found: " + p, e);
        if (e instanceof AccessDeniedException) return new StorageException(StorageException.Kind.ACCESS_DENIED, "Permission denied to " + verb + " " + p, e);
        return new StorageException(StorageException.Kind.OTHER, "Cannot " + verb + " " + p + ": " + ResumingDownload.describe(e), e);
    }
}
