package dev.vitrine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Listing and removing cache entries: the SDK's least-recently-used cleanup by entry count
 * (STORAGE.md 6.5), an optional byte budget, and explicit evict/clear. Never removed: entries an
 * SDK lock file names, entries being downloaded here, entries pinned by an open reader
 * ({@link CacheLease}), and {@code .partially} files younger than an hour (another process may be
 * writing them). Thread-safe.
 */
final class CacheEviction {

    private static final Duration STALE_PARTIAL = Duration.ofHours(1);

    private final SdkCacheLayout layout;
    private final SourceIndex sources;
    private final Predicate<String> busy;
    private final CachePins pins;
    private volatile int entryLimit;
    private volatile long byteLimit;

    CacheEviction(SdkCacheLayout layout, SourceIndex sources, Predicate<String> busy, CachePins pins, int entryLimit, long byteLimit) {
        this.layout = layout;
        this.sources = sources;
        this.busy = busy;
        this.pins = pins;
        setLimits(entryLimit, byteLimit);
    }

    int entryLimit() {
        return entryLimit;
    }

    long byteLimit() {
        return byteLimit;
    }

    void setLimits(int entries, long bytes) {
        this.entryLimit = Math.max(1, entries);
        this.byteLimit = Math.max(0, bytes);
    }

    /** The entries, most recently used first (lock files and in-progress downloads left out). */
    List<CacheEntry> entries() {
        Path dir = layout.folder();
        List<CacheEntry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        Set<String> locked = layout.lockedNames();
        Map<String, String> src = sources.all();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (SdkCacheLayout.isLockFile(n) || SdkCacheLayout.isPartial(n)) continue;
                boolean d = Files.isDirectory(p);
                out.add(new CacheEntry(n, p, d, d ? treeSize(p) : size(p), accessTime(p), src.get(n), locked.contains(n)));
            }
        } catch (IOException e) {
            throw new StorageException("Cannot list the cache " + dir + ": " + ResumingDownload.describe(e), e);
        }
        out.sort(Comparator.comparing(CacheEntry::lastUsed).reversed());
        return out;
    }

    long totalSize() {
        return Files.isDirectory(layout.folder()) ? treeSize(layout.folder()) : 0;
    }

    /** Removes one entry by name; refuses names outside the folder and entries in use (saying by whom). */
    void evict(String name) {
        Path dir = layout.folder();
        Path p = ArchiveExtraction.inside(dir, name);
        if (p == null || !dir.equals(p.getParent())) throw new StorageException("Not a cache entry: " + name);
        if (layout.lockedNames().contains(name)) throw new StorageException(StorageException.Kind.ACCESS_DENIED, "In use by the ClearML SDK (lock file present): " + name);
        if (busy.test(name)) throw new StorageException(StorageException.Kind.ACCESS_DENIED, "Being downloaded: " + name);
        if (pins.pinned(name)) throw new StorageException(StorageException.Kind.ACCESS_DENIED, "Open in a preview: " + name);
        try {
            deleteTree(p);
            sources.remove(name);
        } catch (IOException e) {
            throw new StorageException("Cannot remove " + p + ": " + ResumingDownload.describe(e), e);
        }
    }

    /** Removes every entry not in use; returns how many were removed (what is left is in use). */
    int clear() {
        int removed = 0;
        for (CacheEntry e : entries()) {
            if (e.locked()) continue;
            try {
                evict(e.name());
                removed++;
            } catch (StorageException ignored) {
                // in use: left in place, and still listed
            }
        }
        return removed;
    }

    /**
     * The SDK's cleanup (STORAGE.md 6.5), plus the optional byte budget: when the folder holds more
     * entries than the limit (lock files and {@code .partially} included in the count), the oldest
     * beyond the newest {@code limit} are deleted; entries in use are kept in addition.
     */
    void cleanup() {
        Path dir = layout.folder();
        if (!Files.isDirectory(dir)) return;
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(all::add);
        } catch (IOException e) {
            return;
        }
        int limit = entryLimit;
        long budget = byteLimit;
        long total = budget > 0 ? treeSize(dir) : 0;
        if (all.size() <= limit && (budget <= 0 || total <= budget)) return;
        Set<String> locked = layout.lockedNames();
        Set<String> downloading = Set.copyOf(all.stream().map(p -> p.getFileName().toString()).filter(busy).toList());
        List<Path> entries = new ArrayList<>();
        Map<Path, Instant> times = new HashMap<>();
        for (Path p : all) {
            if (SdkCacheLayout.isLockFile(p.getFileName().toString())) continue;
            entries.add(p);
            times.put(p, accessTime(p));
        }
        entries.sort(Comparator.comparing((Path p) -> times.get(p)).reversed());
        int kept = 0;
        Instant staleBefore = Instant.now().minus(STALE_PARTIAL);
        for (Path p : entries) {
            String n = p.getFileName().toString();
            boolean partial = SdkCacheLayout.isPartial(n);
            boolean inUse = locked.contains(n) || busy.test(n) || pins.pinned(n)
                    || (partial && (times.get(p).isAfter(staleBefore) || downloading.stream().anyMatch(n::startsWith)));
            if (inUse) continue; // kept in addition to the newest `limit`
            if (kept < limit && !partial) {
                kept++;
                continue;
            }
            if (kept < limit) continue; // a stale .partially while under the limit: left for the SDK's own count
            total -= remove(p, n);
        }
        // byte budget: trim the oldest kept entries while still over it (newest first was kept above)
        if (budget > 0 && total > budget) {
            for (int i = entries.size() - 1; i > 0 && total > budget; i--) {
                Path p = entries.get(i);
                String n = p.getFileName().toString();
                if (!Files.exists(p) || locked.contains(n) || busy.test(n) || pins.pinned(n) || SdkCacheLayout.isPartial(n)) continue;
                total -= remove(p, n);
            }
        }
    }

    /** Deletes an entry; returns the bytes freed (0 when it could not be removed: in use on another OS, or gone). */
    private long remove(Path p, String name) {
        long sz = Files.isDirectory(p) ? treeSize(p) : size(p);
        try {
            deleteTree(p);
            sources.remove(name);
            return sz;
        } catch (IOException ignored) {
            return 0;
        }
    }

    /** A file's mtime; for a folder the newest of its own and its direct children's (as the SDK). */
    private static Instant accessTime(Path p) {
        try {
            Instant t = Files.getLastModifiedTime(p).toInstant();
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                    for (Path c : ds) {
                        Instant ct = Files.getLastModifiedTime(c).toInstant();
                        if (ct.isAfter(t)) t = ct;
                    }
                }
            }
            return t;
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    static long treeSize(Path root) {
        try (var s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(CacheEviction::size).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.walk(p)) {
                List<Path> l = s.sorted(Comparator.reverseOrder()).toList();
                for (Path x : l) Files.deleteIfExists(x);
            }
        } else {
            Files.deleteIfExists(p);
        }
    }
}
