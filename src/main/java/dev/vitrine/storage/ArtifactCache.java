package dev.vitrine.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.workspace.Location;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The ClearML SDK's download cache, shared with it (STORAGE.md 6): files live in
 * {@code <base>/storage_manager/global/<md5(uri)>.<last uri segment>}, so what Vitrine fetched the
 * SDK's {@code get_local_copy()} finds, and the other way round.
 *
 * <p>Guarantees: a file appears under its final name only complete (written to
 * {@code <name>_<time>.partially} in the same folder, size checked, SHA-256 checked against the
 * artifact hash, atomically renamed); a failed or cancelled download leaves nothing. Concurrent
 * requests for one uri share one download. Local uris ({@code file://}, plain paths) are used in
 * place. Entries named by an SDK lock file are never evicted automatically; the Python lock itself
 * ({@code flock}) is invisible to Java, so the lock file's presence is what counts. The limit is the
 * SDK's entry count ({@code default_cache_manager_size}), optionally also a byte budget, enforced
 * least recently used first before each download.
 *
 * <p>Vitrine remembers the source uri of what it downloaded in {@code <base>/vitrine/cache-sources.tsv}
 * (outside the SDK's context folder, so its cleanup never counts it).
 *
 * <p>Blocking methods; thread-safe. Close to stop the download threads.
 */
public final class ArtifactCache implements LocalCopies, AutoCloseable {

    /** Code default of {@code sdk.storage.cache.default_cache_manager_size}. */
    public static final int SDK_ENTRY_LIMIT = 100;
    private static final int NAME_MAX = 255;
    private static final Pattern LOCK = Pattern.compile("^\\.lock\\.\\d{3}\\.(.+)\\.clearml$");
    private static final Duration STALE_PARTIAL = Duration.ofHours(1);

    /** A fetched artifact: its local path and whether bytes crossed the network for it. */
    public record Result(Path path, boolean fromCache, long size) {}

    private final Path base;
    private final Path dir;
    private final Function<String, StorageDrivers> drivers;
    private final SessionFiles sessionFiles;
    private volatile int entryLimit;
    private volatile long byteLimit;
    private final Map<String, Inflight> inflight = new HashMap<>();
    private final ExecutorService downloads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vitrine-cache-download");
        t.setDaemon(true);
        return t;
    });
    private final SourceIndex sources;

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
        this.base = base.toAbsolutePath().normalize();
        this.dir = this.base.resolve("storage_manager").resolve("global");
        this.drivers = Objects.requireNonNull(drivers);
        this.sessionFiles = new SessionFiles(this.base.resolve("vitrine").resolve("sessions"));
        this.entryLimit = Math.max(1, entryLimit);
        this.byteLimit = Math.max(0, byteLimit);
        this.sources = new SourceIndex(this.base.resolve("vitrine").resolve("cache-sources.tsv"));
    }

    /**
     * The SDK's cache base (STORAGE.md 6.1): {@code CLEARML_CACHE_DIR}, {@code TRAINS_CACHE_DIR},
     * {@code sdk.storage.cache.default_base_dir}, else the bundled {@code ~/.clearml/cache};
     * {@code ~} and {@code $VARS} expanded.
     */
    public static Path defaultBase(Config config, Map<String, String> env) {
        Config c = config == null ? ConfigFactory.empty() : config;
        Map<String, String> e = env == null ? Map.of() : env;
        String v = e.get("CLEARML_CACHE_DIR");
        if (v == null || v.isBlank()) v = e.get("TRAINS_CACHE_DIR");
        if ((v == null || v.isBlank()) && c.hasPath("sdk.storage.cache.default_base_dir")) v = c.getString("sdk.storage.cache.default_base_dir");
        if (v == null || v.isBlank()) v = "~/.clearml/cache";
        return Path.of(expand(v.trim(), e));
    }

    /** {@code sdk.storage.cache.default_cache_manager_size}, else the SDK's 100. */
    public static int defaultEntryLimit(Config config) {
        Config c = config == null ? ConfigFactory.empty() : config;
        try {
            return c.hasPath("sdk.storage.cache.default_cache_manager_size") ? c.getInt("sdk.storage.cache.default_cache_manager_size") : SDK_ENTRY_LIMIT;
        } catch (RuntimeException ex) {
            return SDK_ENTRY_LIMIT;
        }
    }

    /** True when the config switches the SDK to its other cache layout (STORAGE.md 6.7), which this class does not share. */
    public static boolean sdkUsesDiskSpaceStrategy(Config config) {
        String k = "sdk.storage.cache.disk_space_file_size_strategy.enabled";
        try {
            return config != null && config.hasPath(k) && config.getBoolean(k);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String expand(String s, Map<String, String> env) {
        String out = s;
        if (out.equals("~") || out.startsWith("~/")) out = System.getProperty("user.home") + out.substring(1);
        java.util.regex.Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String val = env.get(name);
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(val == null ? m.group() : val));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The cache base. */
    public Path base() {
        return base;
    }

    /** The folder holding the entries ({@code base/storage_manager/global}). */
    public Path folder() {
        return dir;
    }

    public int entryLimit() {
        return entryLimit;
    }

    public long byteLimit() {
        return byteLimit;
    }

    /** Changes the limits and applies them at once. */
    public void setLimits(int entries, long bytes) {
        this.entryLimit = Math.max(1, entries);
        this.byteLimit = Math.max(0, bytes);
        cleanup();
    }

    /** The drivers for uris without a storage scope. */
    public StorageDrivers drivers() {
        return drivers.apply(null);
    }

    // ------------------------------------------------------------------ naming

    /**
     * The SDK's cache file name for a uri ({@code CacheManager.get_hashed_url_file}):
     * {@code md5_hex(uri) + "." + uri.split("/")[-1]}, the last segment verbatim; names longer than
     * {@code 255 - 32} are shortened keeping the last two suffixes (STORAGE.md 6.2).
     */
    public static String cacheFileName(String uri) {
        String seg = uri.substring(uri.lastIndexOf('/') + 1);
        String name = md5(uri) + "." + seg;
        int max = NAME_MAX - 32;
        if (name.length() <= max) return name;
        String ext = String.join("", lastTwo(suffixes(name)));
        if (ext.length() > max) ext = ext.substring(0, max);
        String stem = name.substring(0, name.length() - ext.length());
        stem = stem.substring(0, Math.min(stem.length(), max - ext.length())).strip();
        return stem + ext;
    }

    private static List<String> suffixes(String name) {
        List<String> out = new ArrayList<>();
        if (name.endsWith(".")) return out;
        String n = name.replaceAll("^\\.+", "");
        String[] parts = n.split("\\.", -1);
        for (int i = 1; i < parts.length; i++) out.add("." + parts[i]);
        return out;
    }

    private static List<String> lastTwo(List<String> l) {
        return l.size() <= 2 ? l : l.subList(l.size() - 2, l.size());
    }

    /** Where the SDK (and Vitrine) keep the download of {@code uri}. Never outside {@link #folder()}. */
    public Path cacheFileFor(String uri) {
        String name = cacheFileName(uri);
        try {
            Path p = dir.resolve(name).normalize();
            if (!dir.equals(p.getParent())) throw new StorageException("Refused cache name for " + uri);
            return p;
        } catch (InvalidPathException e) {
            throw new StorageException("Refused cache name for " + uri + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ fetching

    @Override
    public Path localCopy(Location location, String expectedSha256) {
        if (location instanceof Location.Remote r) {
            return fetch(drivers.apply(r.storage()), r.uri(), expectedSha256, null, false, ProgressListener.NONE, Cancellation.none()).path();
        }
        return sessionFiles.localCopy(location, expectedSha256);
    }

    /** Like {@link #localCopy} for every location kind, telling whether it was already local. */
    public Result fetch(Location location, String expectedSha256, Long expectedSize, ProgressListener progress, Cancellation cancel) {
        if (location instanceof Location.Remote r) return fetch(drivers.apply(r.storage()), r.uri(), expectedSha256, expectedSize, false, progress, cancel);
        Path p = sessionFiles.localCopy(location, expectedSha256);
        return new Result(p, true, size(p));
    }

    /**
     * The local copy of {@code uri}: from the cache when it holds it (touched: the LRU signal), else
     * downloaded, checked and atomically placed there. Local uris are returned in place.
     *
     * @param expectedSha256 the artifact's hash, checked after download when not blank
     * @param expectedSize   the artifact's content_size when known: checked after download, and a
     *                       cached file of another size is downloaded again
     * @param force          download even when cached
     * @throws StorageException with the kind and a message for the user
     */
    public Result fetch(String uri, String expectedSha256, Long expectedSize, boolean force, ProgressListener progress, Cancellation cancel) {
        return fetch(drivers.apply(null), uri, expectedSha256, expectedSize, force, progress, cancel);
    }

    private Result fetch(StorageDrivers drivers, String uri, String expectedSha256, Long expectedSize, boolean force, ProgressListener progress, Cancellation cancel) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        StorageUri original = StorageUri.parse(uri);
        StorageUri resolved = drivers.resolve(original);
        if (!resolved.isRemote()) {
            Path p = drivers.local().existing(resolved);
            long size = size(p);
            listener.progress(size, size);
            return new Result(p, true, size);
        }
        StorageDriver driver = drivers.driverFor(resolved); // unsupported schemes fail before any work
        Path target = cacheFileFor(uri);
        if (!force) {
            Result hit = hit(target, expectedSize, expectedSha256);
            if (hit != null) {
                listener.progress(hit.size(), hit.size());
                return hit;
            }
        }
        String name = target.getFileName().toString();
        Inflight f;
        boolean starter = false;
        synchronized (inflight) {
            f = inflight.get(name);
            if (f == null) {
                f = new Inflight();
                inflight.put(name, f);
                starter = true;
            }
            f.waiters++;
            f.listeners.add(listener);
        }
        if (starter) {
            Inflight job = f;
            downloads.execute(() -> {
                Result r = null;
                Throwable error = null;
                try {
                    r = download(uri, resolved, driver, target, expectedSha256, expectedSize, job.fanOut, job.cancel);
                } catch (Throwable t) {
                    error = t;
                }
                // no longer in flight before anyone hears it finished: an evict or clear right after must see it done
                synchronized (inflight) {
                    inflight.remove(name, job);
                }
                if (error == null) job.future.complete(r);
                else job.future.completeExceptionally(error);
            });
        } else {
            long[] last = f.last;
            listener.progress(last[0], last[1]);
        }
        CompletableFuture<Result> mine = new CompletableFuture<>();
        f.future.whenComplete((r, e) -> {
            if (e == null) mine.complete(r);
            else mine.completeExceptionally(e);
        });
        Runnable unhook = c.onCancel(() -> mine.completeExceptionally(StorageException.cancelled(original.toString())));
        try {
            return mine.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageException.cancelled(original.toString());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StorageException se) {
                throw new StorageException(se.kind(), se.getMessage(), se);
            }
            throw new StorageException(StorageException.Kind.OTHER, "Download of " + original + " failed: " + ResumingDownload.describe(cause), cause);
        } finally {
            unhook.run();
            leave(name, f, listener);
        }
    }

    private void leave(String name, Inflight f, ProgressListener listener) {
        synchronized (inflight) {
            f.listeners.remove(listener);
            f.waiters--;
            if (f.waiters <= 0 && !f.future.isDone()) {
                f.cancel.cancel();
                inflight.remove(name, f); // a new request starts afresh rather than joining a cancelled one
            }
        }
    }

    /**
     * Hashes this process has verified, per cache file: a running task re-uploads an artifact under
     * the same uri (so the same cache name), possibly with the same size, so a hit must match the
     * expected hash, not only the size. Each file is hashed at most once per size.
     */
    private final Map<Path, long[]> verifiedSizes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Path, String> verifiedHashes = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean matchesHash(Path target, long size, String sha) throws IOException {
        if (sha == null || sha.isBlank()) return true;
        long[] known = verifiedSizes.get(target);
        String hash = verifiedHashes.get(target);
        if (known == null || known[0] != size || hash == null) {
            hash = sha256(target, null);
            verifiedHashes.put(target, hash);
            verifiedSizes.put(target, new long[] {size});
        }
        return hash.equalsIgnoreCase(sha.trim());
    }

    private Result hit(Path target, Long expectedSize, String expectedSha256) {
        try {
            if (!Files.isRegularFile(target)) return null;
            long size = Files.size(target);
            if (expectedSize != null && expectedSize >= 0 && size != expectedSize) return null;
            if (!matchesHash(target, size, expectedSha256)) return null; // a newer version under the same uri
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            return new Result(target, true, size);
        } catch (IOException e) {
            return null;
        }
    }

    private Result download(String uri, StorageUri resolved, StorageDriver driver, Path target, String sha, Long expectedSize,
                            ProgressListener progress, Cancellation cancel) {
        String name = target.getFileName().toString();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            cleanup();
            Instant now = Instant.now();
            tmp = dir.resolve(name + "_" + now.getEpochSecond() + "." + String.format(Locale.ROOT, "%06d", now.getNano() / 1000) + ".partially");
            long n = driver.download(resolved, tmp, progress, cancel);
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
                String actual = sha256(tmp, cancel);
                if (!actual.equalsIgnoreCase(sha.trim())) {
                    throw new StorageException(StorageException.Kind.CHECKSUM, "Checksum mismatch for " + uri + ": expected SHA-256 " + sha.trim() + ", got " + actual);
                }
            }
            cancel.throwIfCancelled(uri);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                if (!(Files.isRegularFile(target) && Files.size(target) > 0)) throw moveFailed; // else another process won
            }
            tmp = null;
            if (sha != null && !sha.isBlank()) {
                verifiedHashes.put(target, sha.trim().toLowerCase(Locale.ROOT));
                verifiedSizes.put(target, new long[] {size});
            } else {
                verifiedHashes.remove(target);
                verifiedSizes.remove(target);
            }
            sources.put(name, uri);
            return new Result(target, false, size);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot write the cache file for " + uri + " in " + dir + ": " + ResumingDownload.describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the cleanup removes stale .partially files later
                }
            }
        }
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

    /** SHA-256 hex of a local file (what ClearML records as an artifact's {@code hash}). */
    public static String sha256(Path p) {
        try {
            return sha256(p, null);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot read " + p + ": " + ResumingDownload.describe(e), e);
        }
    }

    /**
     * Copies a local file to {@code dir/fileName} complete-or-nothing (a temporary name, then an
     * atomic rename), replacing an older copy. {@code fileName} must be a plain file name: names
     * from uris or servers never escape {@code dir}.
     */
    public static Path copyInto(Path source, Path dir, String fileName, Cancellation cancel) {
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
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot write " + target + ": " + ResumingDownload.describe(e), e);
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

    // ------------------------------------------------------------------ archives

    /**
     * Unpacks a cached {@code .zip}, {@code .tgz} or {@code .tar.gz} beside it as the SDK's
     * {@code get_local_copy(extract_archive=True)} does (STORAGE.md 6.4):
     * {@code <cache name without the archive suffix>_artifacts_archive_<quote(name, safe=" ")>};
     * an existing folder is touched and reused. Member names that would leave the folder, links and
     * devices are skipped. Returns the folder; a non-archive file is returned unchanged.
     */
    public Path extract(Path archive, String artifactName, Cancellation cancel) {
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        String fileName = archive.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        String stem;
        if (lower.endsWith(".tar.gz")) stem = fileName.substring(0, fileName.length() - 7);
        else if (lower.endsWith(".tgz") || lower.endsWith(".zip")) stem = fileName.substring(0, fileName.length() - 4);
        else return archive;
        Path parent = archive.toAbsolutePath().getParent();
        Path target = parent.resolve(stem + "_artifacts_archive_" + quote(artifactName == null ? "None" : artifactName)).normalize();
        if (!parent.equals(target.getParent())) throw new StorageException("Refused archive folder name for " + artifactName);
        try {
            if (Files.isDirectory(target)) {
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return target;
            }
            Path tmp = parent.resolve(target.getFileName() + "_" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(100000, 999999));
            Files.createDirectories(tmp);
            try {
                if (lower.endsWith(".zip")) unzip(archive, tmp, c);
                else untar(archive, tmp, c);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    if (!Files.isDirectory(target)) throw e;
                } catch (IOException e) {
                    if (!Files.isDirectory(target)) throw e; // a non-empty target: another process got there first
                }
            } finally {
                if (Files.exists(tmp)) deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot unpack " + fileName + ": " + ResumingDownload.describe(e), e);
        }
    }

    private static void unzip(Path zip, Path into, Cancellation c) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            var en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                c.throwIfCancelled(zip.getFileName().toString());
                Path out = inside(into, e.getName());
                if (out == null) continue;
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zf.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void untar(Path tgz, Path into, Cancellation c) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            TarReader tar = new TarReader(in);
            TarReader.Entry e;
            while ((e = tar.next()) != null) {
                c.throwIfCancelled(tgz.getFileName().toString());
                Path out = inside(into, e.name());
                if (out == null) continue;
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        tar.body().transferTo(os);
                    }
                } // links, devices, fifos: skipped
            }
        }
    }

    /** {@code root/name} when it stays inside {@code root}; null for names that would leave it. */
    static Path inside(Path root, String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) return null;
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || (n.length() > 1 && n.charAt(1) == ':')) return null;
        try {
            Path p = root.resolve(n).normalize();
            return p.startsWith(root) && !p.equals(root) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Python's {@code urllib.parse.quote(s, safe=" ")}: UTF-8, unreserved {@code A-Za-z0-9_.-~} and space kept. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '~' || c == ' ') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ listing and cleanup

    /** The entries, most recently used first (lock files and in-progress downloads left out). */
    public List<CacheEntry> entries() {
        List<CacheEntry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        Set<String> locked = lockedNames();
        Map<String, String> src = sources.all();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (LOCK.matcher(n).matches() || n.endsWith(".partially")) continue;
                boolean d = Files.isDirectory(p);
                out.add(new CacheEntry(n, p, d, d ? treeSize(p) : size(p), accessTime(p), src.get(n), locked.contains(n)));
            }
        } catch (IOException e) {
            throw new StorageException("Cannot list the cache " + dir + ": " + ResumingDownload.describe(e), e);
        }
        out.sort(Comparator.comparing(CacheEntry::lastUsed).reversed());
        return out;
    }

    /** Bytes used by the cache folder. */
    public long totalSize() {
        return Files.isDirectory(dir) ? treeSize(dir) : 0;
    }

    /**
     * Removes one entry (a file or an extracted folder) by name. Refuses names outside the folder,
     * entries being downloaded and entries an SDK lock file names.
     */
    public void evict(String name) {
        Path p = inside(dir, name);
        if (p == null || !dir.equals(p.getParent())) throw new StorageException("Not a cache entry: " + name);
        if (lockedNames().contains(name)) throw new StorageException(StorageException.Kind.ACCESS_DENIED, "In use by the ClearML SDK (lock file present): " + name);
        synchronized (inflight) {
            if (inflight.containsKey(name)) throw new StorageException(StorageException.Kind.ACCESS_DENIED, "Being downloaded: " + name);
        }
        try {
            deleteTree(p);
            sources.remove(name);
        } catch (IOException e) {
            throw new StorageException("Cannot remove " + p + ": " + ResumingDownload.describe(e), e);
        }
    }

    /** Removes every entry that is not locked or being downloaded; returns how many were removed. */
    public int clear() {
        int removed = 0;
        for (CacheEntry e : entries()) {
            if (e.locked()) continue;
            try {
                evict(e.name());
                removed++;
            } catch (StorageException ignored) {
                // in use: left in place
            }
        }
        return removed;
    }

    /**
     * The SDK's cleanup (STORAGE.md 6.5), plus the optional byte budget: when the folder holds more
     * entries than the limit (lock files and {@code .partially} included in the count), the oldest
     * beyond the newest {@code limit} are deleted. Kept regardless: entries an SDK lock file names,
     * downloads in progress here, and {@code .partially} files younger than an hour (another process
     * may be writing them).
     */
    public void cleanup() {
        if (!Files.isDirectory(dir)) return;
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(all::add);
        } catch (IOException e) {
            return;
        }
        long total = byteLimit > 0 ? treeSize(dir) : 0;
        if (all.size() <= entryLimit && (byteLimit <= 0 || total <= byteLimit)) return;
        Set<String> locked = lockedNames();
        Set<String> busy;
        synchronized (inflight) {
            busy = Set.copyOf(inflight.keySet());
        }
        List<Path> entries = new ArrayList<>();
        Map<Path, Instant> times = new HashMap<>();
        for (Path p : all) {
            if (LOCK.matcher(p.getFileName().toString()).matches()) continue;
            entries.add(p);
            times.put(p, accessTime(p));
        }
        entries.sort(Comparator.comparing((Path p) -> times.get(p)).reversed());
        int kept = 0;
        Instant staleBefore = Instant.now().minus(STALE_PARTIAL);
        for (Path p : entries) {
            String n = p.getFileName().toString();
            boolean partial = n.endsWith(".partially");
            boolean protectedEntry = locked.contains(n) || busy.contains(n)
                    || (partial && (times.get(p).isAfter(staleBefore) || busy.stream().anyMatch(n::startsWith)));
            if (protectedEntry) continue; // kept in addition to the newest `limit`
            if (kept < entryLimit && !partial) {
                kept++;
                continue;
            }
            if (kept < entryLimit) continue; // a stale .partially while under the limit: left for the SDK's own count
            long sz = Files.isDirectory(p) ? treeSize(p) : size(p);
            try {
                deleteTree(p);
                sources.remove(n);
                total -= sz;
            } catch (IOException ignored) {
                // in use on another OS, or already gone
            }
        }
        // byte budget: trim the oldest kept entries while still over it (newest first was kept above)
        if (byteLimit > 0 && total > byteLimit) {
            for (int i = entries.size() - 1; i > 0 && total > byteLimit; i--) {
                Path p = entries.get(i);
                String n = p.getFileName().toString();
                if (!Files.exists(p) || locked.contains(n) || busy.contains(n) || n.endsWith(".partially")) continue;
                long sz = Files.isDirectory(p) ? treeSize(p) : size(p);
                try {
                    deleteTree(p);
                    sources.remove(n);
                    total -= sz;
                } catch (IOException ignored) {
                    // keep going
                }
            }
        }
    }

    private Set<String> lockedNames() {
        Set<String> out = new java.util.HashSet<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".lock.*.clearml")) {
            for (Path p : ds) {
                java.util.regex.Matcher m = LOCK.matcher(p.getFileName().toString());
                if (m.matches()) out.add(m.group(1));
            }
        } catch (IOException ignored) {
            // no locks visible
        }
        return out;
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

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long treeSize(Path root) {
        try (var s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(ArtifactCache::size).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.walk(p)) {
                List<Path> l = s.sorted(Comparator.reverseOrder()).toList();
                for (Path x : l) Files.deleteIfExists(x);
            }
        } else {
            Files.deleteIfExists(p);
        }
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        downloads.shutdownNow();
    }

    /** One download shared by every request for its uri. */
    private static final class Inflight {
        final CompletableFuture<Result> future = new CompletableFuture<>();
        final Cancellation cancel = new Cancellation();
        final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
        final long[] last = {0, -1};
        int waiters;
        final ProgressListener fanOut = (done, total) -> {
            last[0] = done;
            last[1] = total;
            for (ProgressListener l : listeners) l.progress(done, total);
        };
    }

    /** Vitrine's note of which uri each cache file came from: a small tab-separated file, rewritten atomically. */
    private static final class SourceIndex {
        private final Path file;
        private Map<String, String> map;

        SourceIndex(Path file) {
            this.file = file;
        }

        synchronized Map<String, String> all() {
            return Map.copyOf(load());
        }

        synchronized void put(String name, String uri) {
            if (uri.indexOf('\n') >= 0 || uri.indexOf('\t') >= 0 || uri.indexOf('\r') >= 0) return;
            load().put(name, uri);
            save();
        }

        synchronized void remove(String name) {
            if (load().remove(name) != null) save();
        }

        private Map<String, String> load() {
            if (map != null) return map;
            map = new ConcurrentHashMap<>();
            try {
                if (Files.isRegularFile(file)) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        int tab = line.indexOf('\t');
                        if (tab > 0) map.put(line.substring(0, tab), line.substring(tab + 1));
                    }
                }
            } catch (IOException ignored) {
                // an unreadable index only loses the source column
            }
            return map;
        }

        private void save() {
            try {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), "sources", ".tmp");
                StringBuilder sb = new StringBuilder();
                map.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
                Files.writeString(tmp, sb, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // best effort: the cache itself is fine without it
            }
        }
    }
}
