package dev.vitrine.storage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cache entries this process is reading, counted per entry name (a file, or the extracted
 * folder a file lies in). In-process only: another Vitrine process, or the SDK, does not see them.
 * Thread-safe.
 */
final class CachePins {

    private final Path folder;
    private final Map<String, Integer> counts = new HashMap<>();

    CachePins(Path folder) {
        this.folder = folder;
    }

    /** Pins the entry holding {@code file}; a file outside the folder gets {@link CacheLease#NONE}. */
    CacheLease pin(Path file) {
        String name = entryName(file);
        if (name == null) return CacheLease.NONE;
        synchronized (counts) {
            counts.merge(name, 1, Integer::sum);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (!open.compareAndSet(true, false)) return;
            synchronized (counts) {
                counts.computeIfPresent(name, (k, n) -> n <= 1 ? null : n - 1);
            }
        };
    }

    boolean pinned(String name) {
        synchronized (counts) {
            return counts.containsKey(name);
        }
    }

    Set<String> names() {
        synchronized (counts) {
            return Set.copyOf(counts.keySet());
        }
    }

    /** The first name under {@link #folder} on the way to {@code file}, or null when it is not inside. */
    String entryName(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (!p.startsWith(folder) || p.equals(folder)) return null;
        return folder.relativize(p).getName(0).toString();
    }
}
