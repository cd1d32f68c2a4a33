package dev.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SHA-256 this process verified per cache file. A running task re-uploads an artifact under the
 * same uri (so the same cache name), possibly with the same size, so a cache hit must match the
 * expected hash, not only the size; remembering it hashes each file at most once per size.
 * Thread-safe.
 */
final class HashMemo {

    private record Known(long size, String sha256) {}

    private final Map<Path, Known> known = new ConcurrentHashMap<>();

    /** True when {@code file} (of {@code size} bytes) has hash {@code sha}, or no hash is expected. */
    boolean matches(Path file, long size, String sha) throws IOException {
        if (sha == null || sha.isBlank()) return true;
        Known k = known.get(file);
        if (k == null || k.size() != size) {
            k = new Known(size, sha256(file, null));
            known.put(file, k);
        }
        return k.sha256().equalsIgnoreCase(sha.trim());
    }

    /** {@code file} was just published with this content; null forgets what was known. */
    void remember(Path file, long size, String sha) {
        if (sha == null || sha.isBlank()) known.remove(file);
        else known.put(file, new Known(size, sha.trim().toLowerCase(Locale.ROOT)));
    }

    static String sha256(Path p, Cancellation cancel) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(p)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    if (cancel != null && cancel.isCancelled()) throw StorageException.cancelled(p.getFileName().toString());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
