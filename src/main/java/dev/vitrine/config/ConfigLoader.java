package dev.vitrine.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and merges clearml.conf exactly as the ClearML SDK does (CONFIG.md): bundled defaults,
 * then {@code ~/trains.conf} and {@code ~/clearml.conf} (or only {@code CLEARML_CONFIG_FILE}),
 * then the {@code CLEARML_*} environment variables for the keys the SDK reads through them.
 *
 * <p>The environment and home folder are injected so tests never depend on the machine. Stateless
 * and thread-safe; every call re-reads the files.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "/dev/vitrine/config/clearml-defaults.conf";

    private final Map<String, String> env;
    private final Path home;

    public ConfigLoader(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    /** The real process environment and {@code user.home}. */
    public static ConfigLoader system() {
        return new ConfigLoader(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public Path home() {
        return home;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The SDK's bundled defaults for the keys Vitrine reads. */
    public static Config defaults() {
        return BundledDefaults.CONFIG;
    }

    /** Read once, on first use (the holder idiom: no mutable static field). */
    private static final class BundledDefaults {
        static final Config CONFIG = read();

        private static Config read() {
            try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
                if (in == null) throw new IllegalStateException("missing " + DEFAULTS);
                return ConfigFactory.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).resolve();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + DEFAULTS, e);
            }
        }
    }

    /** The value of the first of {@code names} that is set and not blank, stripped (the SDK's EnvEntry). */
    public Optional<String> envValue(String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.strip().isEmpty()) return Optional.of(v.strip());
        }
        return Optional.empty();
    }

    /** The user files the SDK merges, in merge order (later wins); they may not exist. */
    public List<Path> userFiles() {
        Optional<String> explicit = envValue("CLEARML_CONFIG_FILE", "TRAINS_CONFIG_FILE");
        if (explicit.isPresent()) return List.of(Path.of(ClearmlConfig.expandHome(explicit.get(), home)));
        return List.of(home.resolve("trains.conf"), home.resolve("clearml.conf"));
    }

    /** The SDK's "active" file: CLEARML_CONFIG_FILE if it exists, else the first existing user file. */
    public Optional<Path> activeConfigFile() {
        return userFiles().stream().filter(Files::isRegularFile).findFirst();
    }

    /** Where the SDK writes a new configuration: CLEARML_CONFIG_FILE or ~/clearml.conf. */
    public Path writeTarget() {
        List<Path> files = userFiles();
        return files.get(files.size() - 1);
    }

    /** The merged tree: defaults, then each existing user file. */
    public Config mergedRaw() {
        Config merged = defaults();
        for (Path p : userFiles()) {
            if (Files.isRegularFile(p)) merged = parseFile(p).withFallback(merged);
        }
        return merged;
    }

    /**
     * The default profile: the user's clearml.conf merged with the environment.
     *
     * @return empty when nothing is configured (no user file, no CLEARML_API_* variable)
     * @throws ConfigException when a file cannot be parsed, or a server is configured without credentials
     */
    public Optional<ClearmlConfig> load() {
        List<String> sources = new ArrayList<>();
        for (Path p : userFiles()) if (Files.isRegularFile(p)) sources.add(p.toString());
        boolean envConfigured = envValue("CLEARML_API_HOST", "TRAINS_API_HOST", "CLEARML_API_ACCESS_KEY",
                "TRAINS_API_ACCESS_KEY", "CLEARML_AUTH_TOKEN").isPresent();
        if (sources.isEmpty() && !envConfigured) return Optional.empty();
        if (envConfigured) sources.add("CLEARML_* environment");
        return Optional.of(build(Profiles.DEFAULT, String.join(" + ", sources), mergedRaw(), true));
    }

    /**
     * A profile file (clearml.conf format) over the bundled defaults. The environment does not
     * override a named profile: choosing one means "this server", whatever the shell exports.
     */
    public ClearmlConfig loadFile(String profile, Path file) {
        if (!Files.isRegularFile(file)) throw new ConfigException("Profile '" + profile + "' has no file " + file);
        return build(profile, file.toString(), parseFile(file).withFallback(defaults()), false);
    }

    /** Parses one clearml.conf-format file. */
    public Config parseFile(Path p) {
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + p + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException("Cannot read " + p + " (not UTF-8 text)", e);
        }
        return Hocon.parse(text, p.toString(), env);
    }

    private ClearmlConfig build(String profile, String source, Config raw, boolean applyEnv) {
        String api = applyEnv ? envValue("CLEARML_API_HOST", "TRAINS_API_HOST").orElse(null) : null;
        if (api == null) api = nonBlank(raw, "api.api_server");
        if (api == null) api = nonBlank(raw, "api.host");
        if (api == null) api = Hosts.DEFAULT_API;
        api = Hosts.strip(api);

        String web = applyEnv ? envValue("CLEARML_WEB_HOST", "TRAINS_WEB_HOST").orElse(null) : null;
        if (web == null) web = nonBlank(raw, "api.web_server");
        web = web == null ? Hosts.webFromApi(api) : Hosts.strip(web);

        String files = applyEnv ? envValue("CLEARML_FILES_HOST", "TRAINS_FILES_HOST").orElse(null) : null;
        if (files == null) files = nonBlank(raw, "api.files_server");
        files = files == null ? Hosts.filesFrom(api, web) : Hosts.strip(files);

        String key = applyEnv ? envValue("CLEARML_API_ACCESS_KEY", "TRAINS_API_ACCESS_KEY").orElse(null) : null;
        if (key == null) key = nonBlank(raw, "api.credentials.access_key");
        String secret = applyEnv ? envValue("CLEARML_API_SECRET_KEY", "TRAINS_API_SECRET_KEY").orElse(null) : null;
        if (secret == null) secret = nonBlank(raw, "api.credentials.secret_key");
        String token = applyEnv ? envValue("CLEARML_AUTH_TOKEN").orElse(null) : null;

        Credentials creds = key != null && secret != null ? new Credentials(key, secret) : null;
        if (creds == null && token == null) {
            String missing = key == null && secret == null ? "api.credentials.access_key and secret_key"
                    : key == null ? "api.credentials.access_key" : "api.credentials.secret_key";
            throw new ConfigException("The ClearML configuration (" + source + ") has no " + missing
                    + (applyEnv ? " (nor CLEARML_API_ACCESS_KEY / CLEARML_API_SECRET_KEY)" : "")
                    + ": paste the credentials from the web app's Settings > Workspace page");
        }

        boolean verify = true;
        Path ca = null;
        String verifyEnv = applyEnv ? envValue("CLEARML_API_HOST_VERIFY_CERT", "TRAINS_API_HOST_VERIFY_CERT").orElse(null) : null;
        Object verifyValue = verifyEnv != null ? verifyEnv : rawValue(raw, "api.verify_certificate");
        if (verifyValue instanceof Boolean b) {
            verify = b;
        } else if (verifyValue instanceof String s && !s.isBlank()) {
            Boolean b = parseBool(s);
            if (b != null) verify = b;
            else ca = Path.of(ClearmlConfig.expandHome(s.strip(), home));
        }

        long threshold = raw.hasPath("api.auth.token_expiration_threshold_sec")
                ? raw.getLong("api.auth.token_expiration_threshold_sec") : 60;
        Long reqExp = null;
        for (String k : List.of("api.auth.request_token_expiration_sec", "api.auth.req_token_expiration_sec")) {
            if (reqExp == null && raw.hasPath(k)) reqExp = raw.getLong(k);
        }
        if (token != null && threshold < 3600) threshold = 3600;
        return new ClearmlConfig(profile, source, api, web, files, creds, token, verify, ca, threshold, reqExp, raw);
    }

    /** The SDK's boolean strings; null when the text is none of them. */
    public static Boolean parseBool(String s) {
        switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "y": case "yes": case "t": case "true": case "on": case "1": return Boolean.TRUE;
            case "n": case "no": case "f": case "false": case "off": case "0": return Boolean.FALSE;
            default: return null;
        }
    }

    private static Object rawValue(Config raw, String path) {
        if (!raw.hasPath(path)) return null;
        ConfigValue v = raw.getValue(path);
        if (v.valueType() == ConfigValueType.BOOLEAN) return v.unwrapped();
        if (v.valueType() == ConfigValueType.STRING || v.valueType() == ConfigValueType.NUMBER) return String.valueOf(v.unwrapped());
        return null;
    }

    private static String nonBlank(Config raw, String path) {
        try {
            if (!raw.hasPath(path)) return null;
            ConfigValue v = raw.getValue(path);
            if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) return null;
            String s = String.valueOf(v.unwrapped()).strip();
            return s.isEmpty() ? null : s;
        } catch (com.typesafe.config.ConfigException e) {
            return null;
        }
    }
}
