package dev.vitrine.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code sdk.aws.s3} and {@code sdk.aws.boto3} from clearml.conf, resolved per uri exactly as the
 * SDK's {@code S3BucketConfigurations.get_config_by_uri} does (STORAGE.md 3.2-3.3): entries without
 * key+secret (and without the credentials chain) are dropped; prefixes {@code s3://host[/bucket]} or
 * {@code s3://bucket} sorted in descending order; the first prefix of the lower-cased uri that ends
 * on a host, port or path boundary wins and is used as is (the SDK takes any string prefix, which
 * sends a key for {@code minio.corp} to {@code minio.corp.attacker.com}); otherwise the top-level defaults with the {@code AWS_*} env fallbacks.
 * Immutable; {@code toString} never shows secrets.
 */
public final class S3Settings {

    /** One {@code credentials} entry, or the defaults. Secrets stay inside. */
    public record Bucket(String bucket, String host, String key, String secret, String token, boolean multipart,
                         boolean secure, String region, String verify, boolean useCredentialsChain, String profile) {
        @Override
        public String toString() {
            return "Bucket[" + (host.isEmpty() ? "" : host + "/") + bucket + ", region=" + region + ", secure=" + secure + "]";
        }

        boolean usable() {
            return (!key.isEmpty() && !secret.isEmpty()) || useCredentialsChain;
        }
    }

    /** What one uri resolves to: where the object is and how to reach it. */
    public record Target(S3Location location, Bucket config, boolean pathStyle) {
        /** {@code http(s)://host} for a custom endpoint, or null for AWS. */
        public String endpoint() {
            return location.host() == null || location.host().isEmpty() ? null : (config.secure() ? "https://" : "http://") + location.host();
        }
    }

    private final Bucket defaults;
    private final List<Map.Entry<String, Bucket>> prefixes;
    private final String addressingStyle;
    private final long multipartThreshold;
    private final long multipartChunkSize;
    private final int maxConcurrency;
    private final int connectTimeoutSec;
    private final int readTimeoutSec;

    private S3Settings(Bucket defaults, List<Map.Entry<String, Bucket>> prefixes, String addressingStyle, long threshold,
                       long chunk, int concurrency, int connectTimeout, int readTimeout) {
        this.defaults = defaults;
        this.prefixes = prefixes;
        this.addressingStyle = addressingStyle;
        this.multipartThreshold = threshold;
        this.multipartChunkSize = chunk;
        this.maxConcurrency = concurrency;
        this.connectTimeoutSec = connectTimeout;
        this.readTimeoutSec = readTimeout;
    }

    /** No configuration: defaults and the process environment. */
    public static S3Settings empty() {
        return from(ConfigFactory.empty(), System.getenv());
    }

    /**
     * @param config the merged clearml configuration (root, holding {@code sdk.aws...}); may be empty
     * @param env    environment variables (the {@code AWS_*} fallbacks)
     */
    public static S3Settings from(Config config, Map<String, String> env) {
        Config c = config == null ? ConfigFactory.empty() : config;
        Config s3 = c.hasPath("sdk.aws.s3") ? c.getConfig("sdk.aws.s3") : ConfigFactory.empty();
        Config boto = c.hasPath("sdk.aws.boto3") ? c.getConfig("sdk.aws.boto3") : ConfigFactory.empty();
        Map<String, String> e = env == null ? Map.of() : env;
        Bucket defaults = new Bucket("", "",
                orEnv(str(s3, "key"), e, "AWS_ACCESS_KEY_ID"),
                orEnv(str(s3, "secret"), e, "AWS_SECRET_ACCESS_KEY"),
                orEnv(str(s3, "token"), e, "AWS_SESSION_TOKEN"),
                true,
                bool(s3, "secure", true),
                orEnv(str(s3, "region"), e, "AWS_DEFAULT_REGION"),
                null, // verify is stored but not applied to unmatched buckets (observed in the SDK)
                bool(s3, "use_credentials_chain", false),
                orEnv(str(s3, "profile"), e, "AWS_PROFILE"));
        List<Map.Entry<String, Bucket>> prefixes = new ArrayList<>();
        if (s3.hasPath("credentials") && s3.getValue("credentials").valueType() == ConfigValueType.LIST) {
            for (Config entry : s3.getConfigList("credentials")) {
                Bucket b = new Bucket(stripBucket(str(entry, "bucket")), str(entry, "host"), str(entry, "key"), str(entry, "secret"),
                        str(entry, "token"), bool(entry, "multipart", true), bool(entry, "secure", true), str(entry, "region"),
                        verify(entry), bool(entry, "use_credentials_chain", false), str(entry, "profile"));
                if (!b.usable()) continue; // the SDK drops it with a warning
                String prefix = b.host().isEmpty()
                        ? "s3://" + b.bucket().toLowerCase(Locale.ROOT)
                        : "s3://" + b.host().toLowerCase(Locale.ROOT) + (b.bucket().isEmpty() ? "" : "/" + b.bucket().toLowerCase(Locale.ROOT));
                prefixes.add(Map.entry(prefix, b));
            }
        }
        prefixes.sort(Map.Entry.<String, Bucket>comparingByKey(Comparator.reverseOrder()));
        String style = boto.hasPath("s3.addressing_style") ? str(boto, "s3.addressing_style") : "";
        return new S3Settings(defaults, List.copyOf(prefixes), style,
                num(boto, "multipart_threshold", 8L << 20), num(boto, "multipart_chunksize", 8L << 20),
                (int) num(boto, "max_multipart_concurrency", 16), (int) num(boto, "connect_timeout", 60), (int) num(boto, "read_timeout", 60));
    }

    /**
     * Resolves one {@code s3://} uri.
     *
     * @throws StorageException BAD_CREDENTIALS when neither key+secret nor the credentials chain is configured
     */
    public Target resolve(StorageUri uri) {
        String lower = uri.raw().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Bucket> p : prefixes) {
            if (UriPrefix.matches(lower, p.getKey())) {
                Bucket b = p.getValue();
                S3Location loc = S3Location.split(uri.netloc(), uri.path(), !b.host().isEmpty());
                return new Target(loc, b, pathStyle(loc));
            }
        }
        S3Location loc = uri.s3();
        if (!defaults.usable()) {
            throw new StorageException(StorageException.Kind.BAD_CREDENTIALS, "Missing key and secret for S3 storage access ("
                    + loc.describe() + "): set sdk.aws.s3 key/secret or a credentials entry in clearml.conf");
        }
        return new Target(loc, defaults, pathStyle(loc));
    }

    private boolean pathStyle(S3Location loc) {
        if ("path".equalsIgnoreCase(addressingStyle)) return true;
        if ("virtual".equalsIgnoreCase(addressingStyle)) return false;
        return loc.host() != null && !loc.host().isEmpty(); // MinIO and friends need path style
    }

    public long multipartThreshold() {
        return multipartThreshold;
    }

    public long multipartChunkSize() {
        return multipartChunkSize;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public int connectTimeoutSec() {
        return connectTimeoutSec;
    }

    public int readTimeoutSec() {
        return readTimeoutSec;
    }

    private static String stripBucket(String b) {
        String s = b.replace("\"", "").replace("'", "");
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    private static String verify(Config entry) {
        if (!entry.hasPathOrNull("verify") || entry.getIsNull("verify")) return null;
        ConfigValue v = entry.getValue("verify");
        Object u = v.unwrapped();
        return u == null ? null : u.toString();
    }

    private static String str(Config c, String path) {
        if (!c.hasPath(path)) return "";
        Object v = c.getValue(path).unwrapped();
        return v == null ? "" : v.toString().trim();
    }

    private static boolean bool(Config c, String path, boolean dflt) {
        if (!c.hasPath(path)) return dflt;
        try {
            return c.getBoolean(path);
        } catch (RuntimeException e) {
            return dflt;
        }
    }

    private static long num(Config c, String path, long dflt) {
        if (!c.hasPath(path)) return dflt;
        try {
            return c.getLong(path);
        } catch (RuntimeException e) {
            return dflt;
        }
    }

    private static String orEnv(String v, Map<String, String> env, String name) {
        if (v != null && !v.isEmpty()) return v;
        return Objects.requireNonNullElse(env.get(name), "");
    }
}
