package dev.vitrine.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.cli.Sources;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.demo.DemoWorkspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The composition root: builds each service once and hands it on through constructors. No DI
 * framework, no static singletons.
 */
public final class Services implements AutoCloseable {

    private final Config config;
    private final Supplier<String> serverToken;
    private final Map<String, String> env;
    private StorageDrivers drivers;
    private ArtifactCache cache;
    private Transfers transfers;

    /**
     * @param config      the merged clearml configuration (another part builds it), or null for none
     * @param serverToken the API session token for the fileserver, or null when there is no server
     */
    public Services(Config config, Supplier<String> serverToken) {
        this.config = config == null ? ConfigFactory.empty() : config;
        this.serverToken = serverToken == null ? () -> null : serverToken;
        this.env = System.getenv();
    }

    public static Services create() {
        return new Services(null, null);
    }

    /**
     * The storage drivers: the fileserver token goes to {@code api.files_server} (or
     * {@code CLEARML_FILES_HOST}), {@code sdk.storage.http.legacy_fileservers} and
     * {@code sdk.metrics.plot_upload_destination}; S3 from {@code sdk.aws}; path substitution.
     */
    public synchronized StorageDrivers drivers() {
        if (drivers == null) {
            List<String> fileServers = new ArrayList<>();
            String files = env.get("CLEARML_FILES_HOST");
            if (files == null || files.isBlank()) files = string("api.files_server");
            if (files != null) fileServers.add(files);
            fileServers.addAll(strings("sdk.storage.http.legacy_fileservers"));
            String plots = string("sdk.metrics.plot_upload_destination");
            if (plots != null) fileServers.add(plots);
            List<StorageDrivers.Substitution> subs = StorageDrivers.substitutions(config);
            List<String> substituted = new ArrayList<>(fileServers);
            for (String fs : fileServers) {
                String r = StorageDrivers.substitute(fs, subs);
                if (!r.equals(fs)) substituted.add(r);
            }
            drivers = new StorageDrivers(HttpDriver.create(serverToken, substituted),
                    new S3Driver(S3Settings.from(config, env)), new LocalDriver(), subs);
        }
        return drivers;
    }

    /**
     * The download cache: the SDK's location ({@code CLEARML_CACHE_DIR}, {@code sdk.storage.cache.default_base_dir},
     * {@code ~/.clearml/cache}) unless the {@code vitrine.cache.dir} system property or
     * {@code VITRINE_CACHE_DIR} names another; the SDK's entry limit.
     */
    public synchronized ArtifactCache cache() {
        if (cache == null) {
            String override = System.getProperty("vitrine.cache.dir", env.get("VITRINE_CACHE_DIR"));
            Path base = override != null && !override.isBlank() ? Path.of(override) : ArtifactCache.defaultBase(config, env);
            cache = new ArtifactCache(base, ArtifactCache.defaultEntryLimit(config), 0, drivers());
        }
        return cache;
    }

    /** The transfer queue the Transfers panel shows (three at a time by default). */
    public synchronized Transfers transfers() {
        if (transfers == null) transfers = new Transfers(3);
        return transfers;
    }

    private String string(String path) {
        try {
            return config.hasPath(path) ? config.getString(path) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private List<String> strings(String path) {
        try {
            return config.hasPath(path) ? config.getStringList(path) : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        if (transfers != null) transfers.close();
        if (cache != null) cache.close();
        if (drivers != null) drivers.close();
    }

    /**
     * Opens the workspace the sources name. The default (no option) is the configured ClearML
     * server; when none is configured the CLI says so, and the GUI falls back to the demo.
     */
    public Workspace openWorkspace(Sources sources) {
        if (sources.demo()) return DemoWorkspace.open();
        if (!sources.offline().isEmpty()) return OfflineWorkspace.open(sessionName(sources), sources.offline());
        throw new WorkspaceException("No ClearML server is configured (no clearml.conf or CLEARML_API_HOST): "
                + "use --demo or --offline PATH");
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

    private static String sessionName(Sources s) {
        if (s.offline().size() == 1) return s.offline().get(0).getFileName().toString();
        return "Offline sessions";
    }
}
