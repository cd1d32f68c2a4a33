package dev.vitrine.app;

import com.typesafe.config.Config;
import dev.vitrine.cli.Sources;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.ConfigException;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.OfflineUploadTarget;
import dev.vitrine.transfer.upload.UploadPlanner;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.demo.DemoWorkspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import dev.vitrine.workspace.server.ServerWorkspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import java.nio.file.Path;

/**
 * The composition root: builds each service once and hands it on through constructors. No DI
 * framework, no static singletons.
 */
public final class Services implements AutoCloseable {

    private final ConfigLoader loader;
    private final Profiles profiles;
    private volatile ServerWorkspace currentServer;
    private volatile ClearmlConfig currentConfig;
    private final Path cacheRoot;
    private final Previewers previewers;
    private final ArtifactUploader uploader;
    private final Map<String, String> env = System.getenv();
    /** Storage per scope: null = the default configuration, else one per opened server. */
    private final Map<String, StorageDrivers> drivers = new HashMap<>();
    private final Map<String, Scope> scopes = new HashMap<>();
    /** One cache per folder, shared by every scope (a folder is what the SDK shares). */
    private final Map<Path, ArtifactCache> caches = new HashMap<>();
    /** The cache of the configuration in force (reset when another server is opened). */
    private ArtifactCache currentCache;
    private Transfers transfers;
    /** Default drivers replaced by a later connection, closed with the services (downloads may still use them). */
    private final List<StorageDrivers> retired = new ArrayList<>();

    /** A server's storage settings: its configuration tree and the token for its files server. */
    private record Scope(ClearmlConfig config, Supplier<String> token, java.util.function.Consumer<String> refused) { }

    private final Path sdkCacheOverride;
    /** Every thread of the app comes from here (docs/decisions/threading.md); closed last. */
    private final dev.vitrine.concurrent.ExecutorFactory executors = new dev.vitrine.concurrent.ExecutorFactory();
    /** Where every server workspace's task watchers poll: one poll at a time is plenty. */
    private final java.util.concurrent.ScheduledExecutorService watchTimer = executors.scheduled("task-watcher");

    public Services(ConfigLoader loader, Profiles profiles) {
        this(loader, profiles, vitrineCacheRoot(), null);
    }

    /**
     * Services kept under one folder (tests, portable setups): Vitrine's own cache and the
     * download cache both live under {@code cacheRoot}, away from the user's SDK cache.
     */
    public Services(ConfigLoader loader, Profiles profiles, Path cacheRoot) {
        this(loader, profiles, cacheRoot, cacheRoot.resolve("clearml-cache"));
    }

    private Services(ConfigLoader loader, Profiles profiles, Path cacheRoot, Path sdkCacheOverride) {
        this.sdkCacheOverride = sdkCacheOverride;
        this.loader = loader;
        this.profiles = profiles;
        this.cacheRoot = cacheRoot;
        this.previewers = StandardReaders.previewers(executors.cached("table-load"), tableStore(cacheRoot)).holding(this::pin);
        this.uploader = new ArtifactUploader(new UploadPlanner(cacheRoot.resolve("upload-tmp")), List.of(new OfflineUploadTarget(), new dev.vitrine.transfer.upload.ServerUploadTarget(this::drivers)));
    }

    /** CSVs that took a second or more to load are kept as DuckDB tables (2 GB at most) for their next open. */
    private static dev.vitrine.preview.table.TableStore tableStore(Path cacheRoot) {
        return new dev.vitrine.preview.table.TableStore(cacheRoot.resolve("tables"), 2L << 30, java.time.Duration.ofSeconds(1));
    }

    /** The real environment, {@code ~/clearml.conf} and {@code ~/.config/vitrine/profiles}. */
    public static Services create() {
        ConfigLoader loader = ConfigLoader.system();
        Services services = new Services(loader, Profiles.standard(loader));
        services.sweepStaleTempFiles();
        return services;
    }

    /** Where background work runs; the GUI's workers come from here too. Closed with the services. */
    public dev.vitrine.concurrent.ExecutorFactory executors() {
        return executors;
    }

    /**
     * Removes temporary files an earlier run could not delete (a memory-mapped npz member on
     * Windows, extracted Keras weights after a crash) once they are a day old; in the background.
     */
    void sweepStaleTempFiles() {
        executors.cached("temp-sweep").execute(() -> {
            java.time.Instant dayAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
            try (var dir = java.nio.file.Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "vitrine-{npz,keras,frame}-*")) {
                for (Path p : dir) {
                    try {
                        if (java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo)) {
                            java.nio.file.Files.deleteIfExists(p);
                        }
                    } catch (java.io.IOException stillInUse) {
                        // another running instance maps it
                    }
                }
            } catch (java.io.IOException | RuntimeException ignored) {
                // no temp folder to sweep
            }
        });
    }

    /** The real configuration, with Vitrine's own caches under {@code cacheRoot} (tests, portable setups). */
    public static Services create(Path cacheRoot) {
        ConfigLoader loader = ConfigLoader.system();
        return new Services(loader, Profiles.standard(loader), cacheRoot);
    }

    /** Vitrine's own cache; the SDK's cache is separate. */
    static Path vitrineCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vitrine");
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    /** Local copies of any artifact: in place, from a session zip, or downloaded through the SDK-shared cache. */
    public LocalCopies localCopies() {
        return cache();
    }

    /**
     * The storage drivers for uris without a scope (offline sessions, plain uris): the
     * configuration of the server opened last, else of the default profile.
     */
    public StorageDrivers drivers() {
        return drivers(null);
    }

    /**
     * The storage drivers of a scope ({@link dev.vitrine.workspace.Location.Remote#storage()}): a
     * server's files server gets that server's token; S3 uses its configuration's {@code sdk.aws.s3};
     * {@code sdk.storage.path_substitution} applies. An unknown or null scope gets the default ones.
     * Each server keeps its own drivers, so a second connection never changes how the first
     * server's artifacts are fetched.
     */
    public synchronized StorageDrivers drivers(String scope) {
        Scope sc = scope == null ? null : scopes.get(scope);
        String key = sc == null ? null : scope;
        StorageDrivers d = drivers.get(key);
        if (d == null) {
            ClearmlConfig cc = sc != null ? sc.config() : currentConfig;
            Config config = cc != null ? cc.raw() : storageConfig();
            // the token of the server these drivers were built for, never of one connected later
            ServerWorkspace current = currentServer;
            Supplier<String> token = sc != null ? sc.token() : current != null ? current.tokenSupplier() : () -> null;
            java.util.function.Consumer<String> refused = sc != null ? sc.refused() : current != null ? current.tokenRefused() : t -> { };
            d = build(config, cc, token, refused);
            drivers.put(key, d);
        }
        return d;
    }

    private StorageDrivers build(Config config, ClearmlConfig server, Supplier<String> token, java.util.function.Consumer<String> refused) {
        List<String> fileServers = new ArrayList<>();
        // a server's configuration already applied CLEARML_FILES_HOST where it applies (the default profile only)
        String files = server != null ? server.filesServer() : env.get("CLEARML_FILES_HOST");
        if (files == null || files.isBlank()) files = string(config, "api.files_server");
        if (files != null) fileServers.add(files);
        fileServers.addAll(strings(config, "sdk.storage.http.legacy_fileservers"));
        String plots = string(config, "sdk.metrics.plot_upload_destination");
        if (plots != null) fileServers.add(plots);
        List<StorageDrivers.Substitution> subs = StorageDrivers.substitutions(config);
        List<String> substituted = new ArrayList<>(fileServers);
        for (String fs : fileServers) {
            String r = StorageDrivers.substitute(fs, subs);
            if (!r.equals(fs)) substituted.add(r);
        }
        return new StorageDrivers(HttpDriver.create(token, refused, substituted), new S3Driver(S3Settings.from(config, env), executors),
                new dev.vitrine.storage.AzureDriver(dev.vitrine.storage.AzureSettings.from(config, env), executors),
                new dev.vitrine.storage.GcsDriver(dev.vitrine.storage.GcsSettings.from(config, env)), new LocalDriver(), subs);
    }

    /**
     * The download cache shared with the SDK: its location ({@code CLEARML_CACHE_DIR},
     * {@code sdk.storage.cache.default_base_dir}, {@code ~/.clearml/cache}) unless the
     * {@code vitrine.cache.dir} system property or {@code VITRINE_CACHE_DIR} names another. One
     * instance per folder, fetching each location with the drivers of its scope.
     */
    public synchronized ArtifactCache cache() {
        if (currentCache != null) return currentCache; // resolved once per configuration: no clearml.conf parsing per call
        Config config = storageConfig();
        String override = System.getProperty("vitrine.cache.dir", env.get("VITRINE_CACHE_DIR"));
        Path base = override != null && !override.isBlank() ? Path.of(override)
                : sdkCacheOverride != null ? sdkCacheOverride : ArtifactCache.defaultBase(config, env);
        currentCache = caches.computeIfAbsent(base.toAbsolutePath().normalize(),
                b -> new ArtifactCache(b, ArtifactCache.defaultEntryLimit(config), 0, this::drivers, executors.cached("cache-download")));
        return currentCache;
    }

    /** Pins a file that a preview opens in whichever cache holds it, so eviction, clear and re-downloads leave it alone. */
    private synchronized dev.vitrine.storage.CacheLease pin(Path file) {
        for (ArtifactCache c : caches.values()) {
            dev.vitrine.storage.CacheLease lease = c.pin(file);
            if (lease != dev.vitrine.storage.CacheLease.NONE) return lease;
        }
        return dev.vitrine.storage.CacheLease.NONE;
    }

    /** Each workspace's debug samples, kept while the workspace is (an offline session's index is read once). */
    private final Map<Workspace, dev.vitrine.samples.DebugSamples> samples = new java.util.WeakHashMap<>();

    /** The debug samples of a workspace: its server's events API, its sessions' metrics.jsonl. */
    public synchronized dev.vitrine.samples.DebugSamples samples(Workspace ws) {
        return samples.computeIfAbsent(ws, Services::samplesOf);
    }

    /** The port's adapter for a workspace (a new one each call). */
    public static dev.vitrine.samples.DebugSamples samplesOf(Workspace ws) {
        if (ws instanceof ServerWorkspace s) return new dev.vitrine.workspace.server.ServerSamples(s);
        if (ws instanceof OfflineWorkspace o) return new dev.vitrine.workspace.offline.OfflineSamples(o);
        return dev.vitrine.samples.DebugSamples.none();
    }

    /** Sample files through the SDK-shared cache, with Vitrine's per-file event marks under its own cache root. */
    public dev.vitrine.samples.SampleFiles sampleFiles() {
        return new dev.vitrine.samples.SampleFiles(cache(), localCopies(), cacheRoot.resolve("sample-events"));
    }

    /** What the command line's verbs use. */
    public dev.vitrine.cli.CliServices cli() {
        return new dev.vitrine.cli.CliServices(this::openWorkspace, this::cache, this::previewers, this::localCopies);
    }

    /** Save as, download all and drag-out, as jobs of the Transfers panel. */
    public dev.vitrine.transfer.Downloads downloads() {
        return new dev.vitrine.transfer.Downloads(transfers(), this::cache, (loc, hash) -> localCopies().localCopy(loc, hash));
    }

    /** The transfer queue the Transfers panel shows (three at a time by default). */
    public synchronized Transfers transfers() {
        if (transfers == null) transfers = new Transfers(3, executors.cached("transfer"));
        return transfers;
    }

    private static String string(Config config, String path) {
        try {
            return config.hasPath(path) ? config.getString(path) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> strings(Config config, String path) {
        try {
            return config.hasPath(path) ? config.getStringList(path) : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        if (transfers != null) transfers.close();
        caches.values().forEach(ArtifactCache::close);
        caches.clear();
        currentCache = null;
        drivers.values().forEach(StorageDrivers::close);
        drivers.clear();
        retired.forEach(StorageDrivers::close);
        retired.clear();
        executors.close();
    }

    public Previewers previewers() {
        return previewers;
    }

    public ArtifactUploader uploader() {
        return uploader;
    }

    public ConfigLoader configLoader() {
        return loader;
    }

    public Profiles profiles() {
        return profiles;
    }

    /**
     * Opens the workspace the sources name. The default (no option) is the configured ClearML
     * server; when none is configured the CLI says so, and the GUI falls back to the demo.
     */
    public Workspace openWorkspace(Sources sources) {
        if (sources.demo()) return DemoWorkspace.open();
        if (!sources.offline().isEmpty()) return OfflineWorkspace.open(sessionName(sources), sources.offline());
        Optional<ClearmlConfig> config;
        try {
            config = profiles.load(sources.profile());
        } catch (ConfigException e) {
            throw new WorkspaceException(e.getMessage(), e);
        }
        if (config.isEmpty()) {
            throw new WorkspaceException("No ClearML server is configured (no clearml.conf or CLEARML_API_HOST): "
                    + "use --demo or --offline PATH");
        }
        return openServer(config.get());
    }

    /** A workspace on a server (the Connect dialog's result goes through here too). */
    public ServerWorkspace openServer(ClearmlConfig config) {
        ClearmlClient client = ClearmlClient.builder(config).build();
        String name = Profiles.DEFAULT.equals(config.profile()) ? host(config.apiServer()) : config.profile();
        ServerWorkspace ws = new ServerWorkspace(client, name, watchTimer);
        synchronized (this) {
            currentServer = ws;
            currentConfig = config;
            scopes.put(ws.storageScope(), new Scope(config, ws.tokenSupplier(), ws.tokenRefused()));
            // uris without a scope follow the server opened last; running downloads keep their drivers
            StorageDrivers old = drivers.remove(null);
            if (old != null) retired.add(old);
            currentCache = null; // its configuration may name another cache folder
        }
        return ws;
    }

    /**
     * An importer of offline sessions into the server {@code ws} is connected to, with that server's
     * storage and {@code path_substitution}.
     *
     * @throws WorkspaceException when {@code ws} is not a server
     */
    public dev.vitrine.importer.SessionImporter importer(Workspace ws) {
        if (!(ws instanceof ServerWorkspace sw)) {
            throw new WorkspaceException("Importing needs a ClearML server (clearml.conf, CLEARML_API_HOST or --profile), not " + ws.displayName());
        }
        StorageDrivers d = drivers(sw.storageScope());
        List<StorageDrivers.Substitution> subs = StorageDrivers.substitutions(sw.client().config().raw());
        return new dev.vitrine.importer.SessionImporter(sw.client(), d, subs, cacheRoot.resolve("import-tmp"), java.time.Clock.systemUTC());
    }

    /** The workspace the window opens with: the sources asked for, else the demo. */
    public Workspace openForGui(Sources sources) {
        if (sources.isDefault()) {
            try {
                return openWorkspace(sources);
            } catch (WorkspaceException e) {
                return DemoWorkspace.open();
            }
        }
        return openWorkspace(sources);
    }

    /**
     * Bearer tokens for the fileserver of the server opened last: the storage layer calls it per
     * request; it yields null while no server is open.
     */
    public Supplier<String> tokenSupplier() {
        return () -> {
            ServerWorkspace ws = currentServer;
            return ws == null ? null : ws.client().token();
        };
    }

    /**
     * The merged configuration tree (bundled defaults + clearml.conf files) of the server opened
     * last, else of the default profile: {@code sdk.aws.s3}, {@code sdk.storage.cache}, ...
     */
    public Config storageConfig() {
        ClearmlConfig c = currentConfig;
        if (c != null) return c.raw();
        try {
            return loader.mergedRaw();
        } catch (ConfigException e) {
            return ConfigLoader.defaults();
        }
    }

    /**
     * The configuration tree a scope's files are fetched with (its server's), else
     * {@link #storageConfig()}: what the download diagnosis matches a failed uri against.
     */
    public Config storageConfig(String scope) {
        Scope sc;
        synchronized (this) {
            sc = scope == null ? null : scopes.get(scope);
        }
        return sc != null ? sc.config().raw() : storageConfig();
    }

    /** Which storage entry served a failed download and why it failed, for the window (the doctor's words). */
    public dev.vitrine.doctor.DownloadDiagnosis downloadDiagnosis() {
        return (uri, scope, failure) -> dev.vitrine.doctor.SetupDoctor.explain(uri, failure, storageConfig(scope));
    }

    /** The server opened last, if any (where File › Import offline session sends a session). */
    public Optional<ServerWorkspace> currentServer() {
        return Optional.ofNullable(currentServer);
    }

    /**
     * Help › Check setup's doctor: of the profile of the server opened last when that profile has a
     * file, else of the SDK's configuration (a server connected with settings never saved has none).
     */
    public dev.vitrine.doctor.SetupDoctor currentDoctor() {
        ClearmlConfig c = currentConfig;
        String profile = c == null ? null : c.profile();
        if (profile != null && !Profiles.DEFAULT.equals(profile)) {
            try {
                return dev.vitrine.doctor.SetupDoctor.forProfile(profiles, profile);
            } catch (ConfigException unsaved) {
                // not a saved profile: check what the SDK would use
            }
        }
        return new dev.vitrine.doctor.SetupDoctor(loader);
    }

    /** The configuration of the server opened last, if any. */
    public Optional<ClearmlConfig> currentServerConfig() {
        return Optional.ofNullable(currentConfig);
    }

    private static String host(String url) {
        try {
            String h = java.net.URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String sessionName(Sources s) {
        if (s.offline().size() == 1) return s.offline().get(0).getFileName().toString();
        return "Offline sessions";
    }
}
