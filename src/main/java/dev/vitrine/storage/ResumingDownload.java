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

    /**
     * @param expectedSize the registered size, or -1: no more than this (nor than the size the server
     *                     announced) is ever written
     */
    static long run(StorageDriver driver, StorageUri uri, Path target, ProgressListener progress, Cancellation cancel, int maxResumes,
                    long expectedSize) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        long done = 0;
        long total = -1;
        String version = null; // what the first answer called this object: a resume must get the same one
        int failuresInARow = 0;
        byte[] buf = new byte[1 << 18];
        int[] filled = {0}; // bytes read into buf and not yet written: kept when the connection drops
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (true) {
                c.throwIfCancelled(uri.toString());
                long before = done;
                try (StorageDriver.Body body = driver.open(uri, done, version)) {
                    Runnable unhook = c.onCancel(body::close);
                    try {
                        if (done > 0 && body.start() == 0) {
                            // the object changed since the first bytes, or the server ignored the range: start over
                            out.truncate(0);
                            out.position(0);
                            done = 0;
                            before = 0;
                            total = -1;
                            version = null;
                        } else if (body.start() >= 0 && body.start() != done) {
                            throw new StorageException(StorageException.Kind.OTHER, "The server answered from byte " + body.start()
                                    + " when asked for byte " + done + ": " + uri);
                        }
                        if (version == null) version = body.validator();
                        if (body.length() >= 0) {
                            long t = done + body.length();
                            if (total >= 0 && t != total) {
                                throw new StorageException(StorageException.Kind.OTHER, "The object changed size while downloading (" + total + " then " + t + " bytes): " + uri);
                            }
                            total = t;
                        }
                        if (expectedSize >= 0 && total > expectedSize) throw tooLong(uri, expectedSize, "expected");
                        long cap = expectedSize >= 0 ? expectedSize : total;
                        String capName = expectedSize >= 0 ? "expected" : "announced";
                        listener.progress(done, total);
                        InputStream in = body.stream();
                        int n;
                        // whole buffers go to the file (an OkHttp body hands out 8 KiB segments, and a write
                        // per segment cost a quarter of the throughput); progress follows every read
                        while ((n = in.read(buf, filled[0], buf.length - filled[0])) > 0) {
                            filled[0] += n;
                            if (cap >= 0 && done + filled[0] > cap) {
                                filled[0] = 0; // nothing past the cap reaches the disk
                                throw tooLong(uri, cap, capName);
                            }
                            listener.progress(done + filled[0], total);
                            if (filled[0] == buf.length) {
                                done += flush(out, buf, filled);
                            }
                            if (c.isCancelled()) break;
                        }
                        if (!c.isCancelled()) done += flush(out, buf, filled);
                        c.throwIfCancelled(uri.toString());
                        if (total >= 0 && done < total) {
                            throw new StorageException(StorageException.Kind.NETWORK, "Connection closed after " + done + " of " + total + " bytes: " + uri);
                        }
                        return done;
                    } finally {
                        unhook.run();
                    }
                } catch (IOException e) {
                    c.throwIfCancelled(uri.toString());
                    done += flush(out, buf, filled); // what arrived before the drop is kept: resume after it
                    failuresInARow = retryOrThrow(new StorageException(StorageException.Kind.NETWORK,
                            "Network error reading " + uri + ": " + describe(e), e), done > before ? 0 : failuresInARow, maxResumes, c);
                } catch (StorageException e) {
                    if (e.kind() == StorageException.Kind.CANCELLED || c.isCancelled()) throw StorageException.cancelled(uri.toString());
                    done += flush(out, buf, filled);
                    failuresInARow = retryOrThrow(e, done > before ? 0 : failuresInARow, maxResumes, c);
                }
            }
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot write " + target + ": " + describe(e), e);
        }
    }

    /** The first byte of a {@code Content-Range: bytes a-b/t} header, or -1 when there is none or it does not parse. */
    static long rangeStart(String contentRange) {
        int dash = contentRange == null ? -1 : contentRange.indexOf('-');
        if (dash <= 6 || !contentRange.startsWith("bytes ")) return -1;
        try {
            return Long.parseLong(contentRange.substring(6, dash).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static StorageException tooLong(StorageUri uri, long cap, String what) {
        return new StorageException(StorageException.Kind.OTHER, "The server sent more than the " + what + " " + cap + " bytes of " + uri);
    }

    /** Writes the pending bytes of {@code buf}; returns how many. */
    private static int flush(FileChannel out, byte[] buf, int[] filled) throws IOException {
        int n = filled[0];
        if (n == 0) return 0;
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) out.write(bb);
        filled[0] = 0;
        return n;
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

    /** What went wrong, in words: the JDK's exceptions often carry only a host name or nothing. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.net.UnknownHostException) return "unknown host " + (m == null ? "" : m.replaceAll(":.*", "")) + " (check the address and your network)";
        if (e instanceof java.net.ConnectException) return "connection refused" + (m == null || m.isBlank() ? "" : " (" + m + ")");
        if (e instanceof java.net.SocketTimeoutException) return "no answer in time" + (m == null || m.isBlank() ? "" : " (" + m + ")");
        if (e instanceof javax.net.ssl.SSLHandshakeException) return "the TLS certificate was not accepted (" + m + ")";
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
