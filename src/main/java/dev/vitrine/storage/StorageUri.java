package dev.vitrine.storage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A storage location as the ClearML SDK recognises it (STORAGE.md 1): {@code http(s)://},
 * {@code s3://bucket/key}, {@code s3://host:port/bucket/key}, {@code gs://bucket/key},
 * {@code azure://account.blob.core.windows.net/container/blob}, {@code file://} and plain paths.
 * A uri with no scheme or an unknown one is a local path, as in the SDK.
 *
 * <p>Parsed by hand rather than with {@link java.net.URI}: registered uris may hold raw spaces and
 * non-ASCII characters (model uris from synchronous uploads), which {@code URI} rejects.
 * The original string is kept verbatim in {@link #raw()}: the cache names files after it.
 * Immutable.
 */
public final class StorageUri {

    public enum Scheme { HTTP, HTTPS, S3, GS, AZURE, FILE }

    private final String raw;
    private final Scheme scheme;
    private final String netloc;
    private final String path;

    private StorageUri(String raw, Scheme scheme, String netloc, String path) {
        this.raw = raw;
        this.scheme = scheme;
        this.netloc = netloc;
        this.path = path;
    }

    /** @throws StorageException for an empty uri */
    public static StorageUri parse(String uri) {
        if (uri == null || uri.isBlank()) throw new StorageException(StorageException.Kind.NOT_FOUND, "No uri: nothing to fetch");
        String s = uri.trim();
        int sep = s.indexOf("://");
        if (sep > 1 && validScheme(s.substring(0, sep))) {
            String sch = s.substring(0, sep).toLowerCase(Locale.ROOT);
            String rest = s.substring(sep + 3);
            int slash = rest.indexOf('/');
            String netloc = slash < 0 ? rest : rest.substring(0, slash);
            String p = slash < 0 ? "" : rest.substring(slash);
            switch (sch) {
                case "http": return new StorageUri(uri, Scheme.HTTP, netloc, p);
                case "https": return new StorageUri(uri, Scheme.HTTPS, netloc, p);
                case "s3": return new StorageUri(uri, Scheme.S3, netloc, p);
                case "gs": return new StorageUri(uri, Scheme.GS, netloc, p);
                case "azure": return new StorageUri(uri, Scheme.AZURE, netloc, p);
                case "file": {
                    // file:///abs -> "/abs"; file://~/x -> "~/x"; escapes are not decoded (STORAGE.md 5.1)
                    String local = rest.startsWith("/") ? rest : (netloc.isEmpty() || netloc.equals("~") || netloc.equals(".") ? rest : "/" + rest);
                    return new StorageUri(uri, Scheme.FILE, "", expandHome(local));
                }
                default: return new StorageUri(uri, Scheme.FILE, "", expandHome(s));
            }
        }
        return new StorageUri(uri, Scheme.FILE, "", expandHome(s));
    }

    private static boolean validScheme(String s) {
        if (s.length() < 2 || !Character.isLetter(s.charAt(0))) return false; // "C:\\..." is a Windows path
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) return false;
        }
        return true;
    }

    private static String expandHome(String p) {
        if (p.equals("~") || p.startsWith("~/")) return System.getProperty("user.home") + p.substring(1);
        return p;
    }

    /** The string exactly as given (registered uri): what the cache hashes. */
    public String raw() {
        return raw;
    }

    public Scheme scheme() {
        return scheme;
    }

    public boolean isRemote() {
        return scheme != Scheme.FILE;
    }

    public boolean isHttp() {
        return scheme == Scheme.HTTP || scheme == Scheme.HTTPS;
    }

    /** The part between {@code ://} and the next {@code /} (host[:port], or the bucket). */
    public String netloc() {
        return netloc;
    }

    /** The path after the netloc, with its leading {@code /} (empty when none); for local paths the path itself. */
    public String path() {
        return path;
    }

    /** For {@code file://} and plain paths: the local path. */
    public Path localPath() {
        if (scheme != Scheme.FILE) throw new IllegalStateException("not a local path: " + raw);
        return Path.of(path);
    }

    /**
     * The S3 bucket and key with the URL's own split (STORAGE.md 3.1): a netloc with an explicit port
     * is an endpoint host and the bucket is the first path segment; otherwise the netloc is the bucket.
     * {@link S3Settings} may re-split when a {@code credentials} entry names a host without port.
     */
    public S3Location s3() {
        if (scheme != Scheme.S3) throw new IllegalStateException("not an s3 uri: " + raw);
        return S3Location.split(netloc, path, hasPort(netloc));
    }

    static boolean hasPort(String netloc) {
        int colon = netloc.lastIndexOf(':');
        if (colon < 0 || colon == netloc.length() - 1) return false;
        for (int i = colon + 1; i < netloc.length(); i++) if (!Character.isDigit(netloc.charAt(i))) return false;
        return true;
    }

    /**
     * The last path segment, verbatim (still percent-encoded for http, with any {@code ?query}):
     * exactly what the SDK appends to cache file names. Empty when the uri ends in {@code /}.
     */
    public String lastSegment() {
        int slash = raw.lastIndexOf('/');
        return slash < 0 ? raw : raw.substring(slash + 1);
    }

    /**
     * A file name for this object on disk: the last path segment without a query, percent-decoded for
     * http(s). Never contains a separator, never {@code .} or {@code ..}; null when the uri has none.
     */
    public String fileName() {
        String p = path;
        if (isHttp()) {
            int q = p.indexOf('?');
            if (q >= 0) p = p.substring(0, q);
            int h = p.indexOf('#');
            if (h >= 0) p = p.substring(0, h);
        }
        p = p.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        String name = slash < 0 ? p : p.substring(slash + 1);
        if (isHttp()) name = percentDecode(name);
        return safeName(name);
    }

    /** {@code name} if it is a plain file name (no separators, not {@code .}/{@code ..}, no NUL); else null. */
    public static String safeName(String name) {
        if (name == null || name.isBlank()) return null;
        if (name.equals(".") || name.equals("..")) return null;
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) return null;
        if (name.indexOf(':') >= 0) return null; // "C:" / "C:x" are drive paths on Windows, ":" is not portable
        if (name.endsWith(".") || name.endsWith(" ")) return null; // Windows drops them: another file than asked
        return name;
    }

    /** Percent-decodes UTF-8 escapes; malformed escapes are kept literally. */
    public static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
                i++;
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageUri u && u.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw);
    }

    /** The uri with any user info stripped, for messages (never prints credentials). */
    @Override
    public String toString() {
        int sep = raw.indexOf("://");
        int at = raw.indexOf('@');
        int slash = sep < 0 ? -1 : raw.indexOf('/', sep + 3);
        if (sep >= 0 && at > sep && (slash < 0 || at < slash)) return raw.substring(0, sep + 3) + raw.substring(at + 1);
        return raw;
    }
}
