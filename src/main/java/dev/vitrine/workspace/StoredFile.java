package dev.vitrine.workspace;

/**
 * What a user selects, pins, previews, saves, drags out or compares: a stored file a workspace
 * listed, either an artifact of a task or a model's weights. Everything that only moves bytes
 * reads these methods; code that shows what differs (the detail fields, the stored preview text)
 * tells the two apart with a pattern.
 */
public sealed interface StoredFile permits Artifact, ModelRef {

    /** Where the bytes are, as the workspace resolved them. */
    Location location();

    /** The name shown to the user: an artifact's key, a model's name. */
    String label();

    /** The SHA-256 of the stored file as registered, or null when none was (models, links). */
    String hash();

    /** The stored file's size in bytes as registered, or null when unknown. */
    Long size();

    /** The uri as the source recorded it, or null. */
    String uri();

    /** What the preview readers are told the file is: an artifact's type, {@code "model"} for weights. */
    String type();

    /** The content type recorded with the file, or null. */
    String contentType();

    /** The last path segment of the uri: the stored file's name, or null without a uri. */
    default String fileName() {
        String uri = uri();
        if (uri == null || uri.isBlank()) return null;
        String u = uri.replace('\\', '/');
        int q = u.indexOf('?');
        if (q >= 0 && u.contains("://")) u = u.substring(0, q);
        int slash = u.lastIndexOf('/');
        return slash < 0 ? u : u.substring(slash + 1);
    }

    /** The name proposed by Save as: the stored file's name, else the label. */
    default String suggestedFileName() {
        String f = fileName();
        return f != null ? f : label();
    }
}
