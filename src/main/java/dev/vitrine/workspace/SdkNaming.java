package dev.vitrine.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The ClearML SDK's naming rules for uploaded artifacts (ARTIFACTS.md 3.2, 3.3, 2.6), reproduced
 * exactly so that what Vitrine uploads is indistinguishable from {@code task.upload_artifact()}.
 */
public final class SdkNaming {

    /** Characters Python's {@code quote(x, safe="'[]{}()$^,.; -_+-=/")} leaves alone, besides ASCII letters and digits. */
    private static final String Q_SAFE = "_.-~'[]{}()$^,.; -_+-=/";
    private static final String R_ESCAPED = "#\"';?:@&=+$,%!\r\n";

    private SdkNaming() {}

    /** Q(): urllib quote with the SDK's safe set; everything else as %XX of its UTF-8 bytes. */
    public static String q(String s) {
        return percent(s, Q_SAFE);
    }

    /** Python's {@code quote(path, safe="/")}: how an http(s) uri is encoded once. */
    public static String quotePath(String s) {
        return percent(s, "_.-~/");
    }

    private static String percent(String s, String safe) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c < 128 && safe.indexOf(c) >= 0);
            if (keep) out.append((char) c);
            else out.append('%').append(String.format(Locale.ROOT, "%02X", c));
        }
        return out.toString();
    }

    /** R(): slashes become {@code .slash.}, the special characters {@code 0xNN}. */
    public static String r(String s) {
        String x = s.replace('\\', '/');
        int start = 0;
        int end = x.length();
        while (start < end && x.charAt(start) == '/') start++;
        while (end > start && x.charAt(end - 1) == '/') end--;
        x = x.substring(start, end).replace("/", ".slash.");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < x.length(); i++) {
            char c = x.charAt(i);
            if (R_ESCAPED.indexOf(c) >= 0) out.append("0x").append(String.format(Locale.ROOT, "%02x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    /**
     * The storage key of an artifact file:
     * {@code Q(project)/Q(task name.task id)/artifacts/R(key)/R(file)}, long segments shortened.
     */
    public static String artifactKey(String projectName, String projectId, String taskName, String taskId, String artifactKey, String fileName) {
        String key = prefix(projectName, projectId, taskName, taskId) + "/" + r("artifacts") + "/" + r(artifactKey) + "/" + r(fileName);
        return shortenSegments(key);
    }

    /** {@code Q(P)/Q(T)}: the project and task part shared by artifacts and models. */
    public static String prefix(String projectName, String projectId, String taskName, String taskId) {
        String p = projectName == null || projectName.isEmpty() ? "unknown" : projectName;
        if (p.length() >= 256) {
            String pid = projectId == null ? "" : projectId;
            p = p.substring(0, Math.max(2, 256 - pid.length() - 1)) + "." + pid;
        }
        String name = taskName == null ? "" : taskName;
        String t = name.substring(0, Math.min(name.length(), Math.max(2, 128 - taskId.length() - 1))) + "." + taskId;
        return q(p) + "/" + q(t);
    }

    public static String shortenSegments(String key) {
        String[] segs = key.split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            if (s.length() <= 250) continue;
            int dot = s.lastIndexOf('.');
            if (dot >= 0) {
                String candidate = md5(s.substring(0, dot)) + "." + s.substring(dot + 1);
                segs[i] = candidate.length() <= 250 ? candidate : md5(s);
            } else {
                segs[i] = md5(s);
            }
        }
        return String.join("/", segs);
    }

    /**
     * The uri to register: {@code strip("/", dest) + "/" + key}, a leading "/" kept for local paths,
     * percent-encoded once for http(s) only.
     */
    public static String uri(String destination, String key) {
        String dest = destination;
        boolean absolute = dest.startsWith("/");
        while (dest.endsWith("/")) dest = dest.substring(0, dest.length() - 1);
        while (dest.startsWith("/")) dest = dest.substring(1);
        String url = (absolute ? "/" : "") + dest + "/" + key;
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int schemeEnd = url.indexOf("://") + 3;
            int pathStart = url.indexOf('/', schemeEnd);
            if (pathStart > 0) return url.substring(0, pathStart) + quotePath(url.substring(pathStart));
        }
        return url;
    }

    /**
     * The stored file name for a single local file (2.6): its own name, with the extension rule of
     * 3.2 ({@code Makefile} becomes {@code Makefile.}).
     */
    public static String singleFileName(String localName) {
        int firstDot = localName.indexOf('.');
        String ext = firstDot < 0 ? "." : "." + localName.substring(firstDot + 1);
        return withExtension(localName, ext);
    }

    /** Appends {@code ext} only when the base's last {@code .}-segment differs from the extension's. */
    public static String withExtension(String base, String ext) {
        String baseLast = base.substring(base.lastIndexOf('.') + 1);
        String extLast = ext.substring(ext.lastIndexOf('.') + 1);
        if (base.contains(".") && baseLast.equals(extLast)) return base;
        return base + ext;
    }

    /** The SDK's {@code format_size}: decimal units, at most 2 decimals, trailing zeros dropped. */
    public static String humanSize(long bytes) {
        if (bytes == 1) return "1 byte";
        if (bytes < 1000) return bytes + " bytes";
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String num = new java.math.BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return num + " " + units[u];
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
