package dev.vitrine.storage;

/**
 * Bytes could not be read or written: the message says what failed and where, for the user; the
 * {@link Kind} lets callers decide (retry a network error, ask for credentials on a refusal).
 */
public class StorageException extends RuntimeException {

    /** What went wrong, as far as the driver can tell. */
    public enum Kind {
        NOT_FOUND, ACCESS_DENIED, BAD_CREDENTIALS, NETWORK, SERVER, CHECKSUM, CANCELLED, UNSUPPORTED, OTHER;

        /** True for failures another attempt may cure (dropped connections, 5xx answers). */
        public boolean transientFailure() {
            return this == NETWORK || this == SERVER;
        }
    }

    private final Kind kind;

    public StorageException(String message) {
        this(Kind.OTHER, message, null);
    }

    public StorageException(String message, Throwable cause) {
        this(Kind.OTHER, message, cause);
    }

    public StorageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind == null ? Kind.OTHER : kind;
    }

    public Kind kind() {
        return kind;
    }

    public static StorageException cancelled(String what) {
        return new StorageException(Kind.CANCELLED, "Cancelled: " + what);
    }
}
