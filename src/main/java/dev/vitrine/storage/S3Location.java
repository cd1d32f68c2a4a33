package dev.vitrine.storage;

/**
 * An S3 object: the endpoint host ({@code null} for AWS), the bucket and the key (no leading
 * {@code /}, not percent-decoded: S3 uris are stored raw, STORAGE.md 3.1).
 */
public record S3Location(String host, String bucket, String key) {

    static S3Location split(String netloc, String path, boolean netlocIsHost) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (netlocIsHost) {
            int slash = p.indexOf('/');
            String bucket = slash < 0 ? p : p.substring(0, slash);
            String key = slash < 0 ? "" : p.substring(slash + 1);
            return new S3Location(netloc, bucket, stripSlashes(key));
        }
        return new S3Location(null, netloc, stripSlashes(p));
    }

    private static String stripSlashes(String k) {
        int i = 0;
        while (i < k.length() && k.charAt(i) == '/') i++;
        return k.substring(i);
    }

    /** {@code s3://host/bucket/key} or {@code s3://bucket/key}: for messages. */
    public String describe() {
        return "s3://" + (host == null ? "" : host + "/") + bucket + "/" + key;
    }
}
