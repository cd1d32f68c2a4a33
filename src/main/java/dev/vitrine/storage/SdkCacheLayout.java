package dev.vitrine.storage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the ClearML SDK keeps its downloads and what it names them (STORAGE.md 6): the folder
 * {@code <base>/storage_manager/global}, entry names {@code md5(uri).<last segment>}, partial files,
 * extracted archive folders and lock files. Everything here must match the SDK byte for byte: the
 * SDK and Vitrine read each other's entries. Immutable.
 */
public final class SdkCacheLayout {

    /** Code default of {@code sdk.storage.cache.default_cache_manager_size}. */
    public static final int SDK_ENTRY_LIMIT = 100;
    private static final int NAME_MAX = 255;
    private static final Pattern LOCK = Pattern.compile("^\\.lock\\.\\d{3}\\.(.+)\\.clearml$");
    private static final String PARTIAL = ".partially";

    private final Path base;
    private final Path dir;

    public SdkCacheLayout(Path base) {
        this.base = base.toAbsolutePath().normalize();
        this.dir = this.base.resolve("storage_manager").resolve("global");
    }

    /** The cache base. */
    public Path base() {
        return base;
    }

    /** The folder holding the entries ({@code base/storage_manager/global}). */
    public Path folder() {
        return dir;
    }

    /** Vitrine's own files beside the SDK's context folder (never counted by the SDK's cleanup). */
    Path vitrineFolder() {
        return base.resolve("vitrine");
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

    /** True when the config switches the SDK to its other cache layout (STORAGE.md 6.7), which Vitrine does not share. */
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
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String val = env.get(name);
            m.appendReplacement(sb, Matcher.quoteReplacement(val == null ? m.group() : val));
        }
        m.appendTail(sb);
        return sb.toString();
    }

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

    /** The SDK's temporary name for a download in progress: {@code <name>_<epoch seconds.micros>.partially}, same folder. */
    static Path partialFor(Path target, Instant now) {
        return target.resolveSibling(target.getFileName() + "_" + now.getEpochSecond() + "."
                + String.format(Locale.ROOT, "%06d", now.getNano() / 1000) + PARTIAL);
    }

    static boolean isPartial(String name) {
        return name.endsWith(PARTIAL);
    }

    static boolean isLockFile(String name) {
        return LOCK.matcher(name).matches();
    }

    /**
     * The folder {@code get_local_copy(extract_archive=True)} unpacks {@code archive} into (STORAGE.md
     * 6.4): {@code <cache name without the archive suffix>_artifacts_archive_<quote(name, safe=" ")>};
     * null when the file is not an archive the SDK extracts.
     */
    static Path extractionFolder(Path archive, String artifactName) {
        String fileName = archive.getFileName().toString();
        String lower = fileName.toLowerCase(Locale.ROOT);
        String stem;
        if (lower.endsWith(".tar.gz")) stem = fileName.substring(0, fileName.length() - 7);
        else if (lower.endsWith(".tgz") || lower.endsWith(".zip")) stem = fileName.substring(0, fileName.length() - 4);
        else return null;
        Path parent = archive.toAbsolutePath().getParent();
        Path target = parent.resolve(stem + "_artifacts_archive_" + quote(artifactName == null ? "None" : artifactName)).normalize();
        if (!parent.equals(target.getParent())) throw new StorageException("Refused archive folder name for " + artifactName);
        return target;
    }

    /** Entry names an SDK lock file ({@code .lock.NNN.<name>.clearml}) names. */
    Set<String> lockedNames() {
        Set<String> out = new HashSet<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".lock.*.clearml")) {
            for (Path p : ds) {
                Matcher m = LOCK.matcher(p.getFileName().toString());
                if (m.matches()) out.add(m.group(1));
            }
        } catch (IOException ignored) {
            // no locks visible
        }
        return out;
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

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
