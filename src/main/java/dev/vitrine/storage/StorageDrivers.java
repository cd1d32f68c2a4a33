package dev.vitrine.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Picks the driver for a uri, after the SDK's {@code sdk.storage.path_substitution} (STORAGE.md 5.2:
 * the first rule whose {@code registered_prefix} is a string prefix of the uri rewrites it).
 * {@code azure://} goes to {@link AzureDriver}, {@code gs://} to {@link GcsDriver}. Thread-safe.
 */
public final class StorageDrivers implements AutoCloseable {

    /** One {@code path_substitution} rule. */
    public record Substitution(String registeredPrefix, String localPrefix, boolean windowsSep, boolean linuxSep) {}

    private final HttpDriver http;
    private final S3Driver s3;
    private final LocalDriver local;
    private final AzureDriver azure;
    private final GcsDriver gcs;
    private final List<Substitution> substitutions;

    public StorageDrivers(HttpDriver http, S3Driver s3, LocalDriver local, List<Substitution> substitutions) {
        this(http, s3, new AzureDriver(AzureSettings.empty()), local, substitutions);
    }

    public StorageDrivers(HttpDriver http, S3Driver s3, AzureDriver azure, LocalDriver local, List<Substitution> substitutions) {
        this(http, s3, azure, new GcsDriver(GcsSettings.empty()), local, substitutions);
    }

    public StorageDrivers(HttpDriver http, S3Driver s3, AzureDriver azure, GcsDriver gcs, LocalDriver local, List<Substitution> substitutions) {
        this.http = Objects.requireNonNull(http);
        this.s3 = Objects.requireNonNull(s3);
        this.azure = Objects.requireNonNull(azure);
        this.gcs = Objects.requireNonNull(gcs);
        this.local = Objects.requireNonNull(local);
        this.substitutions = substitutions == null ? List.of() : List.copyOf(substitutions);
    }

    /** The drivers with no configuration: plain HTTP, S3 from the environment, local files. */
    public static StorageDrivers unconfigured() {
        return new StorageDrivers(HttpDriver.create(null, List.of()), new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
    }

    /** Reads {@code sdk.storage.path_substitution} from the merged configuration (invalid rules are skipped, as in the SDK). */
    public static List<Substitution> substitutions(Config config) {
        Config c = config == null ? ConfigFactory.empty() : config;
        List<Substitution> out = new ArrayList<>();
        if (!c.hasPath("sdk.storage.path_substitution")) return out;
        try {
            for (Config r : c.getConfigList("sdk.storage.path_substitution")) {
                if (!r.hasPath("registered_prefix") || !r.hasPath("local_prefix")) continue;
                boolean w = r.hasPath("replace_windows_sep") && r.getBoolean("replace_windows_sep");
                boolean l = r.hasPath("replace_linux_sep") && r.getBoolean("replace_linux_sep");
                if (w && l) continue;
                out.add(new Substitution(r.getString("registered_prefix"), r.getString("local_prefix"), w, l));
            }
        } catch (RuntimeException e) {
            return out;
        }
        return out;
    }

    /** The uri to access after path substitution (the cache still names files after the original). */
    public StorageUri resolve(StorageUri uri) {
        String r = substitute(uri.raw(), substitutions);
        return r.equals(uri.raw()) ? uri : StorageUri.parse(r);
    }

    /** Applies the first matching {@code path_substitution} rule to a uri string (STORAGE.md 5.2). */
    public static String substitute(String raw, List<Substitution> substitutions) {
        for (Substitution s : substitutions) {
            if (raw.startsWith(s.registeredPrefix())) {
                String rest = raw.substring(s.registeredPrefix().length());
                char sep = java.io.File.separatorChar;
                if (s.windowsSep()) rest = rest.replace('\\', sep);
                if (s.linuxSep()) rest = rest.replace('/', sep);
                return s.localPrefix() + rest;
            }
        }
        return raw;
    }

    /** The driver for an already {@link #resolve resolved} uri. */
    public StorageDriver driverFor(StorageUri uri) {
        switch (uri.scheme()) {
            case HTTP: case HTTPS: return http;
            case S3: return s3;
            case FILE: return local;
            case GS: return gcs;
            case AZURE: return azure;
            default: throw new StorageException(StorageException.Kind.UNSUPPORTED, "No storage driver for " + uri);
        }
    }

    public HttpDriver http() {
        return http;
    }

    public S3Driver s3() {
        return s3;
    }

    public LocalDriver local() {
        return local;
    }

    /** Uploads through the driver for {@code target}'s scheme. */
    public void upload(java.nio.file.Path source, StorageUri target, ProgressListener progress, Cancellation cancel) {
        StorageUri t = resolve(target);
        driverFor(t).upload(source, t, progress, cancel);
    }

    @Override
    public void close() {
        s3.close();
        azure.close();
        gcs.close();
    }
}
