package dev.vitrine.storage;

import com.typesafe.config.Config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sdk.google.storage} as the ClearML SDK reads it (STORAGE.md 4): default {@code project} and
 * {@code credentials_json}, and {@code credentials: [{bucket, subdir, project, credentials_json}]}
 * matched by the prefix {@code gs://<bucket>/<subdir>}, longest (descending order) first; an
 * unmatched uri uses the defaults. {@code GOOGLE_APPLICATION_CREDENTIALS} is the fallback for the
 * credentials file, then the application default credentials.
 *
 * <p>One Vitrine extension: {@code endpoint} (default {@code https://storage.googleapis.com}) for
 * emulators and private endpoints.
 */
public final class GcsSettings {

    /** The credentials and endpoint for a uri; {@code credentialsJson} empty = application default credentials. */
    public record Target(String bucket, String object, String project, String credentialsJson, String endpoint) {
        public String describe() {
            return "gs://" + bucket + "/" + object;
        }
    }

    private record Entry(String prefix, String project, String credentialsJson, String endpoint) { }

    private final List<Entry> entries;
    private final Entry defaults;

    private GcsSettings(List<Entry> entries, Entry defaults) {
        this.entries = entries;
        this.defaults = defaults;
    }

    public static GcsSettings empty() {
        return from(null, Map.of());
    }

    public static GcsSettings from(Config config, Map<String, String> env) {
        String envCreds = env == null ? "" : env.getOrDefault("GOOGLE_APPLICATION_CREDENTIALS", "").strip();
        String project = "";
        String creds = "";
        String endpoint = "";
        List<Entry> list = new ArrayList<>();
        try {
            if (config != null && config.hasPath("sdk.google.storage")) {
                Config g = config.getConfig("sdk.google.storage");
                project = str(g, "project");
                if (project.isEmpty()) project = "default";
                creds = str(g, "credentials_json");
                endpoint = str(g, "endpoint");
                if (g.hasPath("credentials")) {
                    for (Config c : g.getConfigList("credentials")) {
                        String bucket = str(c, "bucket");
                        if (bucket.isEmpty()) continue;
                        String subdir = str(c, "subdir");
                        while (subdir.startsWith("/")) subdir = subdir.substring(1);
                        String prefix = ("gs://" + bucket + (subdir.isEmpty() ? "" : "/" + subdir)).toLowerCase(Locale.ROOT);
                        list.add(new Entry(prefix, str(c, "project").isEmpty() ? project : str(c, "project"),
                                str(c, "credentials_json").isEmpty() ? creds : str(c, "credentials_json"),
                                str(c, "endpoint").isEmpty() ? endpoint : str(c, "endpoint")));
                    }
                }
            }
        } catch (RuntimeException e) {
            // a malformed section configures nothing: the defaults below apply
        }
        if (creds.isEmpty()) creds = envCreds;
        final String fallback = envCreds;
        List<Entry> withEnv = new ArrayList<>();
        for (Entry e : list) withEnv.add(e.credentialsJson().isEmpty() ? new Entry(e.prefix(), e.project(), fallback, e.endpoint()) : e);
        withEnv.sort(Comparator.comparing(Entry::prefix).reversed()); // as the SDK: prefixes in descending order
        return new GcsSettings(List.copyOf(withEnv), new Entry("", project, creds, endpoint));
    }

    private static String str(Config c, String path) {
        return c.hasPath(path) && !c.getIsNull(path) ? expand(c.getString(path).strip()) : "";
    }

    private static String expand(String p) {
        return p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
    }

    /** The bucket, object and settings for a {@code gs://bucket/object} uri. */
    public Target resolve(StorageUri uri) {
        String bucket = uri.netloc() == null ? "" : uri.netloc();
        String object = uri.path() == null ? "" : uri.path();
        while (object.startsWith("/")) object = object.substring(1);
        if (bucket.isEmpty() || object.isEmpty()) throw new StorageException(StorageException.Kind.OTHER, "Not a gs://bucket/object uri: " + uri);
        String lower = uri.raw().toLowerCase(Locale.ROOT);
        Entry e = defaults;
        for (Entry c : entries) {
            if (UriPrefix.matches(lower, c.prefix())) {
                e = c;
                break;
            }
        }
        return new Target(bucket, object, e.project(), e.credentialsJson(),
                e.endpoint().isEmpty() ? "https://storage.googleapis.com" : e.endpoint().replaceAll("/+$", ""));
    }
}
