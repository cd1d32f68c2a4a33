package dev.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The download loop every driver shares: copy the body to a file; when the connection drops,
 * reopen at the byte reached (Range / ranged GET) instead of starting over.
 */
final class ResumingDownload {

    private ResumingDownload() {}

    static long run(StorageDriver driver, StorageUri uri, Path target, ProgressListener progress, Cancellation cancel, int maxResumes) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        long done = 0;
        long total = -1;
        int failuresInARow = 0;
        byte[] buf = new byte[1 << 18];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (true) {
                c.throwIfCancelled(uri.toString());
                long before = done;
                try (StorageDriver.Body body = driver.open(uri, done)) {
                    Runnable unhook = c.onCancel(body::close);
                    try {
                        if (body.length() >= 0) {
                            long t = done + body.length();
                            if (total >= 0 && t != total) {
                                throw new StorageException(StorageException.Kind.OTHER, "The object changed size while downloading (" + total + " then " + t + " bytes): " + uri);
                            }
                            total = t;
                        }
                        listener.progress(done, total);
                        InputStream in = body.stream();
                        int n;
                        // whole buffers go to the file (an OkHttp body hands out 8 KiB segments, and a write
                        // per segment cost a quarter of the throughput); progress follows every read
                        int filled = 0;
                        while ((n = in.read(buf, filled, buf.length - filled)) > 0) {
                            filled += n;
                            listener.progress(done + filled, total);
                            if (filled == buf.length) {
                                write(out, buf, filled);
                                done += filled;
                                filled = 0;
                            }
                            if (c.isCancelled()) break;
                        }
                        if (filled > 0 && !c.isCancelled()) {
                            write(out, buf, filled);
                            done += filled;
                        }
                        c.throwIfCancelled(uri.toString());
                        if (total >= 0 && done < total) {
                            throw new StorageException(StorageException.Kind.NETWORK, "Connection closed after " + done + " of " + total + " bytes: " + uri);
                        }
                        if (total >= 0 && done > total) {
                            throw new StorageException(StorageException.Kind.OTHER, "The server sent more bytes than announced: " + uri);
                        }
                        return done;
                    } finally {
                        unhook.run();
                    }
                } catch (IOException e) {
                    c.throwIfCancelled(uri.toString());
                    failuresInARow = retryOrThrow(new StorageException(StorageException.Kind.NETWORK,
                            "Network error reading " + uri + ": " + describe(e), e), done > before ? 0 : failuresInARow, maxResumes, c);
                } catch (StorageException e) {
                    if (e.kind() == StorageException.Kind.CANCELLED || c.isCancelled()) throw StorageException.cancelled(uri.toString());
                    failuresInARow = retryOrThrow(e, done > before ? 0 : failuresInARow, maxResumes, c);
                }
            }
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot write " + target + ": " + describe(e), e);
        }
    }

    private static void write(FileChannel out, byte[] buf, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) out.write(bb);
    }

    private static int retryOrThrow(StorageException e, int failuresInARow, int maxResumes, Cancellation c) {
        if (!e.kind().transientFailure() || failuresInARow >= maxResumes) throw e;
        try {
            Thread.sleep(Math.min(2000, 100L << failuresInARow));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw StorageException.cancelled(e.getMessage());
        }
        c.throwIfCancelled("download");
        return failuresInARow + 1;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
