package dev.vitrine.storage;

/**
 * Matches a configured credentials prefix against a lower-cased uri on host, port and path
 * boundaries. The SDK uses a plain string prefix (STORAGE.md 3.3), so {@code s3://minio.corp} would
 * hand its key to {@code s3://minio.corp.attacker.com}; Vitrine deliberately differs there, and
 * keeps the SDK's choice of the longest (descending-order) prefix among those that do match.
 */
final class UriPrefix {

    private UriPrefix() {
    }

    /**
     * @param lowerUri the lower-cased uri, {@code scheme://netloc/path}
     * @param prefix   the lower-cased prefix, {@code scheme://host[:port][/path]}
     */
    static boolean matches(String lowerUri, String prefix) {
        if (!lowerUri.startsWith(prefix)) return false;
        if (lowerUri.length() == prefix.length() || prefix.endsWith("/")) return true;
        char next = lowerUri.charAt(prefix.length());
        if (next == '/') return true;
        // a host given without a port also covers that host on any port
        return next == ':' && endsInNetloc(prefix) && !prefix.substring(prefix.indexOf("://") + 3).contains(":");
    }

    private static boolean endsInNetloc(String prefix) {
        int start = prefix.indexOf("://");
        return start >= 0 && prefix.indexOf('/', start + 3) < 0;
    }
}
