package dev.vitrine.doctor;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.clearml.ServerInfo;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.ConfigException;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.storage.AzureDriver;
import dev.vitrine.storage.AzureSettings;
import dev.vitrine.storage.GcsDriver;
import dev.vitrine.storage.GcsSettings;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDriver;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageException;
import dev.vitrine.storage.StorageUri;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks the user's setup the way the SDK would use it (CONFIG.md, STORAGE.md): every config file
 * and the one that wins, syntax errors with file:line, the API server (reachable, TLS, version,
 * credentials), the files server, each {@code sdk.aws.s3} entry (the defaults and each credentials
 * entry), {@code sdk.google.storage}, {@code sdk.azure.storage} and {@code path_substitution}. Each
 * storage is listed or looked up; with {@code probe} a small object is written and deleted.
 *
 * <p>Blocking; run it off the FX thread. Secrets are never part of a result or a log line.
 */
public final class SetupDoctor {

    /** Every config file the SDK would read, in merge order. */
    public record ConfigFile(String path, boolean exists, boolean wins) {}

    /** The whole report. */
    public record Report(List<ConfigFile> files, List<String> errors, Check server, List<Check> storages) {
        public boolean allOk() {
            return errors.isEmpty() && (server == null || server.ok()) && storages.stream().allMatch(Check::ok);
        }
    }

    private static final String PROBE_DIR = ".vitrine-doctor";

    private final ConfigLoader loader;
    private final Map<String, String> env;
    private final Function<ClearmlConfig, ClearmlClient> clients;
    /** A named profile's name and file (checked instead of the SDK's files); both null for the default profile. */
    private final String profile;
    private final Path profileFile;

    /** @param clients builds the API client for a configuration (tests give short timeouts) */
    public SetupDoctor(ConfigLoader loader, Function<ClearmlConfig, ClearmlClient> clients) {
        this(loader, clients, null, null);
    }

    public SetupDoctor(ConfigLoader loader) {
        this(loader, SetupDoctor::client);
    }

    private SetupDoctor(ConfigLoader loader, Function<ClearmlConfig, ClearmlClient> clients, String profile, Path profileFile) {
        this.loader = loader;
        this.env = loader.env();
        this.clients = clients;
        this.profile = profile;
        this.profileFile = profileFile;
    }

    private static ClearmlClient client(ClearmlConfig c) {
        return ClearmlClient.builder(c).maxAttempts(1).connectTimeout(java.time.Duration.ofSeconds(5))
                .callTimeout(java.time.Duration.ofSeconds(20)).build();
    }

    /**
     * The doctor of a profile as {@code --profile NAME} and the window's server choose it: "default"
     * (or null) is the SDK's clearml.conf and environment, any other name its own file, read as
     * {@link Profiles#load} reads it (over the bundled defaults, the environment not applied).
     *
     * @throws ConfigException for a profile that has no file
     */
    public static SetupDoctor forProfile(Profiles profiles, String name) {
        return forProfile(profiles, name, SetupDoctor::client);
    }

    public static SetupDoctor forProfile(Profiles profiles, String name, Function<ClearmlConfig, ClearmlClient> clients) {
        if (name == null || Profiles.DEFAULT.equals(name)) return new SetupDoctor(profiles.loader(), clients);
        Path file = profiles.fileOf(name);
        if (!Files.isRegularFile(file)) throw new ConfigException("No profile named '" + name + "' (looked for " + file + ")");
        return new SetupDoctor(profiles.loader(), clients, name, file);
    }

    /** The profile checked: "default" or a named one. */
    public String profile() {
        return profile == null ? Profiles.DEFAULT : profile;
    }

    /** Runs every check; {@code each} hears every storage check as it finishes (for a live view). */
    public Report run(boolean probe, Consumer<Check> each) {
        List<ConfigFile> files = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Path> userFiles = profileFile != null ? List.of(profileFile) : loader.userFiles();
        Path winner = null;
        for (Path p : userFiles) if (Files.isRegularFile(p)) winner = p; // merged in order: the last existing one wins
        boolean broken = false;
        for (Path p : userFiles) {
            boolean exists = Files.isRegularFile(p);
            files.add(new ConfigFile(p.toString(), exists, p.equals(winner)));
            if (!exists) continue;
            try {
                loader.parseFile(p);
            } catch (ConfigException e) {
                broken = true;
                errors.add(syntaxError(p, e));
            }
        }
        List<Check> storages = new ArrayList<>();
        if (broken) return new Report(files, errors, null, storages);

        Config raw;
        try {
            raw = profileFile != null ? loader.parseFile(profileFile).withFallback(ConfigLoader.defaults()) : loader.mergedRaw();
        } catch (ConfigException e) {
            errors.add(Diagnosis.firstLine(e.getMessage()));
            return new Report(files, errors, null, storages);
        }
        Optional<ClearmlConfig> config;
        Check server;
        ClearmlClient client = null;
        try {
            config = profileFile != null ? Optional.of(loader.loadFile(profile, profileFile)) : loader.load();
            if (config.isEmpty()) {
                server = new Check("server", "(none)", "api.api_server", false, "no ClearML server is configured",
                        "run clearml-init or paste the credentials from the web app's Settings > Workspace into ~/clearml.conf");
            } else {
                client = clients.apply(config.get());
                server = checkServer(client, config.get());
            }
        } catch (ConfigException e) {
            config = Optional.empty();
            server = new Check("server", "(none)", "api.credentials", false, Diagnosis.firstLine(e.getMessage()),
                    "add api.credentials.access_key and secret_key (or CLEARML_API_ACCESS_KEY / CLEARML_API_SECRET_KEY)");
        }
        try {
            ClearmlClient c = server.ok() ? client : null;
            if (c != null) {
                Check clock = checkClock(c, config.get());
                if (clock != null) {
                    storages.add(clock);
                    each.accept(clock);
                }
            }
            if (config.isPresent()) {
                Check fs = checkFileServer(config.get(), c, probe);
                storages.add(fs);
                each.accept(fs);
            }
            for (Check ch : checkS3(raw, probe)) {
                storages.add(ch);
                each.accept(ch);
            }
            try (GcsDriver gcs = new GcsDriver(GcsSettings.from(raw, env))) {
                for (Check ch : checkGcs(raw, gcs, probe)) {
                    storages.add(ch);
                    each.accept(ch);
                }
            }
            try (AzureDriver az = new AzureDriver(AzureSettings.from(raw, env))) {
                for (Check ch : checkAzure(raw, az, probe)) {
                    storages.add(ch);
                    each.accept(ch);
                }
            }
            for (Check ch : checkSubstitutions(raw)) {
                storages.add(ch);
                each.accept(ch);
            }
        } finally {
            if (client != null) client.close();
        }
        return new Report(files, errors, server, storages);
    }

    /** {@code file:line: message} from Lightbend's parse error. */
    static String syntaxError(Path p, ConfigException e) {
        com.typesafe.config.ConfigException cause = Diagnosis.find(e, com.typesafe.config.ConfigException.class);
        int line = cause != null && cause.origin() != null ? cause.origin().lineNumber() : -1;
        String msg = cause != null ? cause.getMessage() : e.getMessage();
        // Lightbend prefixes "<origin>: <line>: "; keep only the reason
        msg = msg.replaceFirst("^.*?: \\d+: ", "");
        return p + (line > 0 ? ":" + line : "") + ": " + Diagnosis.firstLine(msg);
    }

    private Check checkServer(ClearmlClient client, ClearmlConfig c) {
        String source = envSource("CLEARML_API_HOST", "api.api_server");
        try {
            ServerInfo info = client.checkConnection();
            boolean tls = c.apiServer().regionMatches(true, 0, "https://", 0, 8);
            String msg = "reachable; ClearML server " + nz(info.serverVersion()) + " (API " + nz(info.apiVersion()) + "); credentials of "
                    + nz(info.userName()) + " accepted" + (tls ? (c.verifyCertificate() ? "; TLS verified" : "; TLS NOT verified (api.verify_certificate: false)") : "");
            return Check.ok("server", c.apiServer(), source, msg);
        } catch (RuntimeException e) {
            return Check.failed("server", c.apiServer(), source, Diagnosis.of(e, source));
        }
    }

    /**
     * This machine's clock against the API server's ({@code Date} of its answers): null when they
     * agree within {@link #CLOCK_SKEW_LIMIT}, else a failure. Skewed clocks break signed storage
     * requests (S3 and Azure refuse past 15 minutes) and token lifetimes long before anything says why.
     */
    private static Check checkClock(ClearmlClient client, ClearmlConfig c) {
        java.time.Duration offset = client.serverClockOffset().orElse(null);
        if (offset == null || offset.abs().compareTo(CLOCK_SKEW_LIMIT) <= 0) return null;
        return new Check("clock", c.apiServer(), "system clock", false,
                "clock skew: this machine's clock is " + describe(offset.abs()) + (offset.isNegative() ? " ahead of" : " behind")
                        + " the API server's",
                "set the system clock right (enable NTP time sync); storages refuse requests signed more than 15 minutes off");
    }

    /** Beyond this the clocks are reported as skewed: the Date header has one-second resolution and a request takes a moment. */
    static final java.time.Duration CLOCK_SKEW_LIMIT = java.time.Duration.ofSeconds(90);

    /** Rounded to the minute: the Date header is truncated to the second, so 20 min off reads 19:59. */
    private static String describe(java.time.Duration d) {
        long s = d.getSeconds();
        if (s < 120) return s + " s";
        long min = (s + 30) / 60;
        if (min < 120) return min + " min";
        if (min < 48 * 60) return (min / 60) + " h " + (min % 60) + " min";
        return (min / (24 * 60)) + " days";
    }

    private Check checkFileServer(ClearmlConfig c, ClearmlClient client, boolean probe) {
        String files = c.filesServer();
        String source = envSource("CLEARML_FILES_HOST", "api.files_server");
        if (files == null || files.isBlank()) {
            return new Check("fileserver", "(none)", source, false, "no files server is configured", "set api.files_server in clearml.conf");
        }
        HttpDriver http = HttpDriver.create(client == null ? () -> null : client::token, List.of(files));
        String base = files.endsWith("/") ? files : files + "/";
        try {
            try (StorageDriver.Body body = http.open(StorageUri.parse(base), 0)) {
                body.stream().readNBytes(64);
            }
            String done = "answers" + (client == null ? " (token not checked: the API server failed)" : " and accepts the API token");
            if (probe) done += probe(http, StorageUri.parse(base + PROBE_DIR + "/probe-" + UUID.randomUUID() + ".txt"));
            return Check.ok("fileserver", files, source, done);
        } catch (RuntimeException | IOException e) {
            Diagnosis d = Diagnosis.of(e, source);
            if (e instanceof StorageException se && (se.kind() == StorageException.Kind.BAD_CREDENTIALS || se.kind() == StorageException.Kind.ACCESS_DENIED)) {
                d = new Diagnosis("the files server refused the API token (" + Diagnosis.firstLine(se.getMessage()) + ")",
                        "check that api.files_server belongs to the same ClearML server as api.api_server");
            }
            return Check.failed("fileserver", files, source, d);
        }
    }

    /**
     * Each entry is checked with its own key and secret (a driver that knows only that entry), so
     * two entries for one bucket are both checked; the defaults with the top-level keys.
     */
    private List<Check> checkS3(Config raw, boolean probe) {
        List<Check> out = new ArrayList<>();
        Config s3 = raw.hasPath("sdk.aws.s3") ? raw.getConfig("sdk.aws.s3") : null;
        if (s3 == null) return out;
        boolean defaults = !str(s3, "key").isEmpty() || !str(s3, "secret").isEmpty() || env.containsKey("AWS_ACCESS_KEY_ID")
                || (s3.hasPath("use_credentials_chain") && s3.getBoolean("use_credentials_chain"));
        if (defaults) {
            String source = "sdk.aws.s3 (key/secret/region)";
            if (str(s3, "key").isEmpty() != str(s3, "secret").isEmpty() && !env.containsKey("AWS_ACCESS_KEY_ID")) {
                out.add(new Check("s3", "s3 (default)", source, false, "only one of key and secret is set", "set both sdk.aws.s3.key and sdk.aws.s3.secret"));
            } else {
                out.add(s3Check(null, "s3://", "s3 (default)", source, probe, null));
            }
        }
        if (s3.hasPath("credentials") && s3.getValue("credentials").valueType() == ConfigValueType.LIST) {
            List<? extends Config> entries = s3.getConfigList("credentials");
            for (int i = 0; i < entries.size(); i++) {
                Config e = entries.get(i);
                String source = "sdk.aws.s3.credentials[" + i + "]";
                String host = str(e, "host");
                String bucket = str(e, "bucket").replace("\"", "");
                while (bucket.endsWith("/")) bucket = bucket.substring(0, bucket.length() - 1);
                String target = "s3://" + (host.isEmpty() ? "" : host + "/") + bucket;
                boolean chain = e.hasPath("use_credentials_chain") && e.getBoolean("use_credentials_chain");
                if (!chain && (str(e, "key").isEmpty() || str(e, "secret").isEmpty())) {
                    out.add(new Check("s3", target, source, false, "the entry has no " + (str(e, "key").isEmpty() ? "key" : "secret")
                            + ": the SDK ignores it", "add key and secret to " + source + " (or use_credentials_chain: true)"));
                    continue;
                }
                if (host.isEmpty() && bucket.isEmpty()) {
                    out.add(new Check("s3", target, source, false, "the entry names neither bucket nor host", "add bucket (and host for MinIO/Ceph) to " + source));
                    continue;
                }
                if (!host.isEmpty()) {
                    // the S3 client retries a dead endpoint for many seconds; one socket says it at once
                    Diagnosis down = reach(host, str(e, "secure").isEmpty() || Boolean.parseBoolean(str(e, "secure")), source);
                    if (down != null) {
                        out.add(Check.failed("s3", target, source, down));
                        continue;
                    }
                }
                Config only = raw.withValue("sdk.aws.s3.credentials", com.typesafe.config.ConfigValueFactory.fromIterable(List.of(e.root())));
                try (S3Driver driver = new S3Driver(S3Settings.from(only, env))) {
                    out.add(s3Check(driver, target + "/", target, source, probe, host.isEmpty() ? null : host));
                }
            }
        }
        return out;
    }

    /** Null when {@code host[:port]} accepts a connection within 3 s, else why not. */
    private static Diagnosis reach(String hostPort, boolean secure, String source) {
        String host = hostPort;
        int port = secure ? 443 : 80;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.indexOf(']') < colon) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                return new Diagnosis("the host's port is not a number (" + hostPort + ")", "fix host in " + source);
            }
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 3000);
            return null;
        } catch (IOException e) {
            return Diagnosis.of(e, source);
        }
    }

    private Check s3Check(S3Driver driver, String uri, String target, String source, boolean probe, String host) {
        try {
            StorageUri u = StorageUri.parse(uri.equals("s3://") ? "s3://" + PROBE_DIR : uri);
            if (uri.equals("s3://")) {
                return Check.ok("s3", target, source, "credentials set; nothing to list without a bucket (add a credentials entry per bucket to check it)");
            }
            if (u.s3().bucket() == null || u.s3().bucket().isEmpty()) {
                driver.probeList(u);
                return Check.ok("s3", target, source, "credentials accepted (buckets listed)");
            }
            driver.probeList(u);
            String msg = "listed";
            if (probe) {
                String base = uri.endsWith("/") ? uri : uri + "/";
                msg += probe(driver, StorageUri.parse(base + PROBE_DIR + "/probe-" + UUID.randomUUID() + ".txt"));
            }
            return Check.ok("s3", target, source, msg);
        } catch (RuntimeException e) {
            return Check.failed("s3", target, source, Diagnosis.of(e, source));
        }
    }

    private List<Check> checkGcs(Config raw, GcsDriver gcs, boolean probe) {
        List<Check> out = new ArrayList<>();
        if (!raw.hasPath("sdk.google.storage.credentials")) return out;
        List<? extends Config> entries;
        try {
            entries = raw.getConfigList("sdk.google.storage.credentials");
        } catch (com.typesafe.config.ConfigException e) {
            out.add(new Check("gs", "(all)", "sdk.google.storage.credentials", false, "not a list of entries", "write it as credentials: [{bucket: ..., credentials_json: ...}]"));
            return out;
        }
        for (int i = 0; i < entries.size(); i++) {
            Config e = entries.get(i);
            String source = "sdk.google.storage.credentials[" + i + "]";
            String bucket = str(e, "bucket");
            String subdir = str(e, "subdir");
            String target = "gs://" + bucket + (subdir.isEmpty() ? "" : "/" + subdir);
            if (bucket.isEmpty()) {
                out.add(new Check("gs", target, source, false, "the entry has no bucket", "add bucket to " + source));
                continue;
            }
            out.add(lookup("gs", gcs, target, source, probe, gcs::probeBucket));
        }
        return out;
    }

    private List<Check> checkAzure(Config raw, AzureDriver az, boolean probe) {
        List<Check> out = new ArrayList<>();
        if (!raw.hasPath("sdk.azure.storage.containers")) return out;
        List<? extends Config> entries;
        try {
            entries = raw.getConfigList("sdk.azure.storage.containers");
        } catch (com.typesafe.config.ConfigException e) {
            out.add(new Check("azure", "(all)", "sdk.azure.storage.containers", false, "not a list of entries",
                    "write it as containers: [{account_name: ..., account_key: ..., container_name: ...}]"));
            return out;
        }
        for (int i = 0; i < entries.size(); i++) {
            Config e = entries.get(i);
            String source = "sdk.azure.storage.containers[" + i + "]";
            String account = str(e, "account_name");
            String container = str(e, "container_name");
            String target = "azure://" + account + ".blob.core.windows.net/" + container;
            if (account.isEmpty()) {
                out.add(new Check("azure", target, source, false, "the entry has no account_name", "add account_name to " + source));
            } else if (str(e, "account_key").isEmpty()) {
                out.add(new Check("azure", target, source, false, "the account has no key", "add account_key to " + source
                        + " (the storage account's access key, Azure portal > Access keys)"));
            } else if (container.isEmpty()) {
                out.add(new Check("azure", target, source, false, "the entry has no container_name: nothing to check", "add container_name to " + source));
            } else {
                out.add(lookup("azure", az, target, source, probe, az::probeContainer));
            }
        }
        return out;
    }

    /**
     * The bucket's (container's) metadata first, so a missing one is told from an empty one
     * without writing; then a lookup of a probe name ("not found" means the service answered with
     * these credentials); with {@code probe} a small object is written and deleted.
     */
    private Check lookup(String kind, StorageDriver driver, String target, String source, boolean probe, Consumer<StorageUri> bucketOf) {
        StorageUri probeUri = StorageUri.parse(target + "/" + PROBE_DIR + "/probe-" + UUID.randomUUID() + ".txt");
        String noun = kind.equals("azure") ? "container" : "bucket";
        try {
            String bucket = noun + " exists";
            try {
                bucketOf.accept(probeUri);
            } catch (StorageException e) {
                if (e.kind() == StorageException.Kind.NOT_FOUND) {
                    return Check.failed(kind, target, source, new Diagnosis("unknown " + noun + ": " + Diagnosis.firstLine(e.getMessage()),
                            "check the " + noun + " name in " + source + " (or create the " + noun + ")"));
                }
                // object-only roles may not read the bucket's metadata; the object lookup still says whether the keys work
                if (e.kind() != StorageException.Kind.ACCESS_DENIED) throw e;
                bucket = noun + " not checked (these credentials may not read its metadata)";
            }
            try {
                driver.stat(probeUri);
            } catch (StorageException e) {
                if (e.kind() != StorageException.Kind.NOT_FOUND) throw e;
            }
            String msg = "reachable, credentials accepted, " + bucket;
            if (probe) msg += probe(driver, probeUri);
            return Check.ok(kind, target, source, msg);
        } catch (RuntimeException e) {
            return Check.failed(kind, target, source, Diagnosis.of(e, source));
        }
    }

    private List<Check> checkSubstitutions(Config raw) {
        List<Check> out = new ArrayList<>();
        List<StorageDrivers.Substitution> rules = StorageDrivers.substitutions(raw);
        for (int i = 0; i < rules.size(); i++) {
            StorageDrivers.Substitution r = rules.get(i);
            String source = "sdk.storage.path_substitution[" + i + "]";
            StorageUri local = StorageUri.parse(r.localPrefix());
            if (local.scheme() != StorageUri.Scheme.FILE) {
                out.add(Check.ok("local", r.localPrefix(), source, "maps " + r.registeredPrefix() + " to a remote prefix (checked with its storage entry)"));
                continue;
            }
            Path p = local.localPath();
            Path dir = Files.isDirectory(p) ? p : p.getParent();
            if (dir != null && Files.isDirectory(dir) && Files.isReadable(dir)) {
                out.add(Check.ok("local", r.localPrefix(), source, "maps " + r.registeredPrefix() + " to a readable folder"));
            } else {
                out.add(new Check("local", r.localPrefix(), source, false, "local_prefix does not exist on this machine",
                        "mount the share or fix local_prefix in " + source));
            }
        }
        return out;
    }

    /** Writes a few bytes to {@code uri}, reads their size back and deletes them. */
    private static String probe(StorageDriver driver, StorageUri uri) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("vitrine-doctor-", ".txt");
            Files.writeString(tmp, "vitrine doctor probe\n", StandardCharsets.UTF_8);
            driver.upload(tmp, uri, null, null);
            driver.delete(uri);
            return "; wrote and deleted " + uri.raw();
        } catch (IOException e) {
            throw new StorageException("Cannot make the probe file: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    /**
     * For a download that failed: which entry served {@code uri} (as the SDK matches it) and what
     * went wrong with it, in one line. Empty when no entry serves the uri (an http uri that is not the files server).
     */
    public static Optional<String> explainFailure(String uri, Throwable failure, Config raw) {
        return explain(uri, failure, raw).map(DownloadDiagnosis.Explanation::line);
    }

    /** The same as parts: the entry, the cause and the fix (what the window shows). */
    public static Optional<DownloadDiagnosis.Explanation> explain(String uri, Throwable failure, Config raw) {
        if (uri == null || failure == null) return Optional.empty();
        String source = entryFor(uri, raw);
        if (source == null) return Optional.empty();
        Diagnosis d = FILES_SERVER.equals(source) ? Diagnosis.ofFilesServer(failure, source) : Diagnosis.of(failure, source);
        return Optional.of(new DownloadDiagnosis.Explanation(source, d.message(), d.fix()));
    }

    static final String FILES_SERVER = "api.files_server";

    /** The config key whose entry the SDK would use for {@code uri} (STORAGE.md 3.3, 4). */
    static String entryFor(String uri, Config raw) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            if (raw.hasPath("sdk.aws.s3.credentials")) {
                List<? extends Config> entries = raw.getConfigList("sdk.aws.s3.credentials");
                List<Map.Entry<String, Integer>> prefixes = new ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    Config e = entries.get(i);
                    boolean chain = e.hasPath("use_credentials_chain") && e.getBoolean("use_credentials_chain");
                    if (!chain && (str(e, "key").isEmpty() || str(e, "secret").isEmpty())) continue;
                    String host = str(e, "host").toLowerCase(Locale.ROOT);
                    String bucket = str(e, "bucket").replace("\"", "").toLowerCase(Locale.ROOT);
                    while (bucket.endsWith("/")) bucket = bucket.substring(0, bucket.length() - 1);
                    prefixes.add(Map.entry(host.isEmpty() ? "s3://" + bucket : "s3://" + host + (bucket.isEmpty() ? "" : "/" + bucket), i));
                }
                prefixes.sort(Map.Entry.<String, Integer>comparingByKey(Comparator.reverseOrder()));
                for (Map.Entry<String, Integer> p : prefixes) if (lower.startsWith(p.getKey())) return "sdk.aws.s3.credentials[" + p.getValue() + "]";
            }
            return "sdk.aws.s3 (key/secret/region)";
        }
        if (lower.startsWith("gs://")) {
            if (raw.hasPath("sdk.google.storage.credentials")) {
                List<? extends Config> entries = raw.getConfigList("sdk.google.storage.credentials");
                List<Map.Entry<String, Integer>> prefixes = new ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    String sub = str(entries.get(i), "subdir");
                    prefixes.add(Map.entry(("gs://" + str(entries.get(i), "bucket") + (sub.isEmpty() ? "" : "/" + sub)).toLowerCase(Locale.ROOT), i));
                }
                prefixes.sort(Map.Entry.<String, Integer>comparingByKey(Comparator.reverseOrder()));
                for (Map.Entry<String, Integer> p : prefixes) if (lower.startsWith(p.getKey())) return "sdk.google.storage.credentials[" + p.getValue() + "]";
            }
            return "sdk.google.storage (project/credentials_json)";
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            // the files server: its uris carry the server's token, a refusal is about the API credentials
            String files = raw.hasPath("api.files_server") ? str(raw, "api.files_server").toLowerCase(Locale.ROOT) : "";
            while (files.endsWith("/")) files = files.substring(0, files.length() - 1);
            return !files.isEmpty() && (lower.equals(files) || lower.startsWith(files + "/")) ? FILES_SERVER : null;
        }
        if (lower.startsWith("azure://")) {
            if (raw.hasPath("sdk.azure.storage.containers")) {
                try {
                    AzureSettings.Location l = AzureSettings.locate(StorageUri.parse(uri));
                    List<? extends Config> entries = raw.getConfigList("sdk.azure.storage.containers");
                    for (int i = 0; i < entries.size(); i++) {
                        Config e = entries.get(i);
                        if (str(e, "account_name").equals(l.account()) && (str(e, "container_name").isEmpty() || str(e, "container_name").equals(l.container()))) {
                            return "sdk.azure.storage.containers[" + i + "]";
                        }
                    }
                } catch (RuntimeException e) {
                    return "sdk.azure.storage.containers";
                }
            }
            return "sdk.azure.storage.containers (no entry matches)";
        }
        return null;
    }

    private String envSource(String variable, String key) {
        if (profileFile != null) return key; // a named profile does not take the environment's servers
        String v = env.get(variable);
        return v != null && !v.isBlank() ? variable : key;
    }

    private static String str(Config c, String path) {
        try {
            return c.hasPath(path) && !c.getIsNull(path) ? c.getString(path).strip() : "";
        } catch (com.typesafe.config.ConfigException e) {
            return "";
        }
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }

}
