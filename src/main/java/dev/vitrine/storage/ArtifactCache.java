package dev.vitrine.storage;

import com.typesafe.config.Config;
import dev.vitrine.concurrent.ExecutorFactory;
import dev.vitrine.workspace.Location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The ClearML SDK's download cache, shared with it (STORAGE.md 6): what Vitrine fetched the SDK's
 * {@code get_local_copy()} finds, and the other way round. A facade over its parts:
 * {@link SdkCacheLayout} (folder and names, exactly the SDK's), {@link SharedDownloads} (one
 * download per entry however many ask), {@link CacheWriter} (complete-or-nothing publish),
 * {@link HashMemo} (hashes verified once), {@link ArchiveExtraction} (unpacking beside the
 * archive), {@link CacheEviction} (LRU, limits, evict, clear), {@link CachePins} (entries open in a
 * reader) and {@link SourceIndex} (which uri each entry came from).
 *
 * <p>Guarantees: a file appears under its final name only complete (size and SHA-256 checked,
 * atomically renamed); a failed or cancelled download leaves nothing. Local uris ({@code file://},
 * plain paths) are used in place. An entry pinned by a {@link CacheLease} is never removed, and a
 * newer version of it is published beside it (under {@code <base>/vitrine/beside}) until the lease
 * is released.
 *
 * <p>Blocking methods; thread-safe. Downloads run on the executor handed in (else on one it owns
 * and stops on close).
 */
public final class ArtifactCache implements LocalCopies, AutoCloseable {

    /** Code default of {@code sdk.storage.cache.default_cache_manager_size}. */
    public static final int SDK_ENTRY_LIMIT = SdkCacheLayout.SDK_ENTRY_LIMIT;

    /** A fetched artifact: its local path and whether it came from the cache (no bytes crossed the network). */
    public record Result(Path path, boolean fromCache, long size) {}

    private final SdkCacheLayout layout;
    private final Function<String, StorageDrivers> drivers;
    private final SessionFiles sessionFiles;
    /** The executors this cache made itself when none were handed in; null when they belong to the caller. */
    private final ExecutorFactory owned;
    private final SharedDownloads shared;
    private final HashMemo hashes = new HashMemo();
    private final SourceIndex sources;
    private final CachePins pins;
    private final CachePins besidePins;
    private final Path beside;
    private final CacheEviction eviction;
    private final CacheWriter writer;

    /**
     * @param base       the cache base ({@link #defaultBase}); entries go to {@code base/storage_manager/global}
     * @param entryLimit the SDK's entry count limit (at least 1)
     * @param byteLimit  a byte budget for the folder, or 0 for none
     */
    public ArtifactCache(Path base, int entryLimit, long byteLimit, StorageDrivers drivers) {
        this(base, entryLimit, byteLimit, scope -> drivers);
        Objects.requireNonNull(drivers);
    }

    /**
     * A cache whose remote locations are fetched with the drivers of their storage scope
     * ({@link Location.Remote#storage()}: a server's own files server token and S3 credentials);
     * {@code drivers.apply(null)} serves plain uris and locations without a scope.
     */
    public ArtifactCache(Path base, int entryLimit, long byteLimit, Function<String, StorageDrivers> drivers) {
        this(base, entryLimit, byteLimit, drivers, null, new ExecutorFactory(), CacheWriter.Mover.ATOMIC);
    }

    /**
     * @param downloads runs the downloads (each request waits for its shared download there, so it
     *                  must not be a same-thread executor); owned by the caller
     */
    public ArtifactCache(Path base, int entryLimit, long byteLimit, Function<String, StorageDrivers> drivers, Executor downloads) {
        this(base, entryLimit, byteLimit, drivers, Objects.requireNonNull(downloads), null, CacheWriter.Mover.ATOMIC);
    }

    ArtifactCache(Path base, int entryLimit, long byteLimit, Function<String, StorageDrivers> drivers, CacheWriter.Mover mover) {
        this(base, entryLimit, byteLimit, drivers, null, new ExecutorFactory(), mover);
    }

    private ArtifactCache(Path base, int entryLimit, long byteLimit, Function<String, StorageDrivers> drivers,
                          Executor downloads, ExecutorFactory owned, CacheWriter.Mover mover) {
        this.owned = owned;
        this.shared = new SharedDownloads(downloads != null ? downloads : owned.cached("cache-download"));
        this.layout = new SdkCacheLayout(base);
        this.drivers = Objects.requireNonNull(drivers);
        this.sessionFiles = new SessionFiles(layout.vitrineFolder().resolve("sessions"));
        this.sources = new SourceIndex(layout.vitrineFolder().resolve("cache-sources.tsv"));
        this.pins = new CachePins(layout.folder());
        this.beside = layout.vitrineFolder().resolve("beside");
        this.besidePins = new CachePins(beside);
        this.eviction = new CacheEviction(layout, sources, shared::busy, pins, entryLimit, byteLimit);
        this.writer = new CacheWriter(mover);
    }

    /** See {@link SdkCacheLayout#defaultBase}. */
    public static Path defaultBase(Config config, Map<String, String> env) {
        return SdkCacheLayout.defaultBase(config, env);
    }

    /** See {@link SdkCacheLayout#defaultEntryLimit}. */
    public static int defaultEntryLimit(Config config) {
        return SdkCacheLayout.defaultEntryLimit(config);
    }

    /** See {@link SdkCacheLayout#sdkUsesDiskSpaceStrategy}. */
    public static boolean sdkUsesDiskSpaceStrategy(Config config) {
        return SdkCacheLayout.sdkUsesDiskSpaceStrategy(config);
    }

    /** See {@link SdkCacheLayout#cacheFileName}. */
    public static String cacheFileName(String uri) {
        return SdkCacheLayout.cacheFileName(uri);
    }

    /** The cache base. */
    public Path base() {
        return layout.base();
    }

    /** The folder holding the entries ({@code base/storage_manager/global}). */
    public Path folder() {
        return layout.folder();
    }

    /** Where the SDK (and Vitrine) keep the download of {@code uri}. Never outside {@link #folder()}. */
    public Path cacheFileFor(String uri) {
        return layout.cacheFileFor(uri);
    }

    public int entryLimit() {
        return eviction.entryLimit();
    }

    public long byteLimit() {
        return eviction.byteLimit();
    }

    /** Changes the limits and applies them at once. */
    public void setLimits(int entries, long bytes) {
        eviction.setLimits(entries, bytes);
        eviction.cleanup();
    }

    /** The drivers for uris without a storage scope. */
    public StorageDrivers drivers() {
        return drivers.apply(null);
    }

    // ------------------------------------------------------------------ fetching

    @Override
    public Path localCopy(Location location, String expectedSha256) {
        if (location instanceof Location.Remote r) return fetch(FetchRequest.of(r).expecting(expectedSha256, null)).path();
        return sessionFiles.localCopy(location, expectedSha256);
    }

    /** A remote location's size is asked of its storage with the drivers of its scope. */
    @Override
    public long sizeOf(Location location) {
        if (location instanceof Location.Remote r) return ObjectSizes.remote(drivers.apply(r.storage()), r.uri());
        return ObjectSizes.local(location);
    }

    /** Like {@link #localCopy} for every location kind, telling whether it was already local. */
    public Result fetch(Location location, String expectedSha256, Long expectedSize, ProgressListener progress, Cancellation cancel) {
        if (location instanceof Location.Remote r) return fetch(FetchRequest.of(r).expecting(expectedSha256, expectedSize).observed(progress, cancel));
        Path p = sessionFiles.localCopy(location, expectedSha256);
        return new Result(p, true, CacheEviction.size(p));
    }

    /**
     * The local copy of the request's uri: from the cache when it holds it (touched: the LRU signal),
     * else downloaded, checked and atomically placed there. Local uris are returned in place.
     *
     * @throws StorageException with the kind and a message for the user
     */
    public Result fetch(FetchRequest request) {
        ProgressListener listener = request.progress();
        StorageDrivers scoped = drivers.apply(request.storage());
        StorageUri original = StorageUri.parse(request.uri());
        StorageUri resolved = scoped.resolve(original);
        if (!resolved.isRemote()) {
            Path p = scoped.local().existing(resolved);
            long size = CacheEviction.size(p);
            listener.progress(size, size);
            return new Result(p, true, size);
        }
        StorageDriver driver = scoped.driverFor(resolved); // unsupported schemes fail before any work
        Path target = layout.cacheFileFor(request.uri());
        if (!request.force()) {
            Result hit = hit(target, request.size(), request.sha256());
            if (hit != null) {
                listener.progress(hit.size(), hit.size());
                return hit;
            }
        }
        String name = target.getFileName().toString();
        // a newer version must not replace a file a preview still reads: it goes beside it
        boolean besideIt = pins.pinned(name);
        String key = besideIt ? "beside:" + name : name;
        return shared.join(key, original.toString(), (progress, cancel) -> {
            Path into = besideIt ? beside.resolve(UUID.randomUUID().toString()).resolve(name) : target;
            if (!besideIt) eviction.cleanup();
            long size = writer.download(request.uri(), resolved, driver, into, request.sha256(), request.size(), progress, cancel);
            if (!besideIt) {
                hashes.remember(target, size, request.sha256());
                sources.put(name, request.uri());
            }
            return new Result(into, false, size);
        }, listener, request.cancel());
    }

    private Result hit(Path target, Long expectedSize, String expectedSha256) {
        try {
            if (!Files.isRegularFile(target)) return null;
            long size = Files.size(target);
            if (expectedSize != null && expectedSize >= 0 && size != expectedSize) return null;
            if (!hashes.matches(target, size, expectedSha256)) return null; // a newer version under the same uri
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            return new Result(target, true, size);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Pins the cache entry holding {@code file} while it is read (see {@link CacheLease}); files
     * outside this cache get {@link CacheLease#NONE}. A copy published beside a pinned entry is
     * deleted when its own last lease is released.
     */
    public CacheLease pin(Path file) {
        CacheLease main = pins.pin(file);
        if (main != CacheLease.NONE) return main;
        String besideName = besidePins.entryName(file);
        if (besideName == null) return CacheLease.NONE;
        CacheLease held = besidePins.pin(file);
        return () -> {
            held.close();
            if (!besidePins.pinned(besideName)) deleteQuietly(beside.resolve(besideName));
        };
    }

    /** SHA-256 hex of a local file (what ClearML records as an artifact's {@code hash}). */
    public static String sha256(Path p) {
        try {
            return HashMemo.sha256(p, null);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot read " + p + ": " + ResumingDownload.describe(e), e);
        }
    }

    /** See {@link CacheWriter#copyInto}. */
    public static Path copyInto(Path source, Path dir, String fileName, Cancellation cancel) {
        return CacheWriter.copyInto(source, dir, fileName, cancel);
    }

    /** See {@link ArchiveExtraction#extract}. */
    public Path extract(Path archive, String artifactName, Cancellation cancel) {
        return ArchiveExtraction.extract(archive, artifactName, cancel);
    }

    // ------------------------------------------------------------------ listing and cleanup

    /** The entries, most recently used first (lock files and in-progress downloads left out). */
    public List<CacheEntry> entries() {
        return eviction.entries();
    }

    /** Bytes used by the cache folder. */
    public long totalSize() {
        return eviction.totalSize();
    }

    /**
     * Removes one entry (a file or an extracted folder) by name. Refuses names outside the folder,
     * entries being downloaded, open in a preview, or named by an SDK lock file.
     */
    public void evict(String name) {
        eviction.evict(name);
    }

    /** Removes every entry not in use (and copies beside pinned entries no longer read); returns how many entries were removed. */
    public int clear() {
        sweepBeside();
        return eviction.clear();
    }

    /** The SDK's cleanup by entry count, plus the byte budget (see {@link CacheEviction#cleanup}). */
    public void cleanup() {
        eviction.cleanup();
    }

    /** Copies published beside a pinned entry that nobody reads any more. */
    private void sweepBeside() {
        if (!Files.isDirectory(beside)) return;
        try (var ds = Files.newDirectoryStream(beside)) {
            for (Path p : ds) {
                if (!besidePins.pinned(p.getFileName().toString())) deleteQuietly(p);
            }
        } catch (IOException ignored) {
            // nothing to sweep
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            CacheEviction.deleteTree(p);
        } catch (IOException ignored) {
            // the next clear tries again
        }
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
    }
}
