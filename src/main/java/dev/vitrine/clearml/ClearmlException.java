package dev.vitrine.clearml;

/**
 * Talking to the ClearML server failed. The message is written for the user (what failed, where,
 * and what to check); {@link #kind()} lets callers react (e.g. the Connect dialog's hints).
 */
public class ClearmlException extends RuntimeException {

    /** What went wrong, from the user's point of view. */
    public enum Kind {
        /** DNS failure, connection refused, network down. */
        UNREACHABLE,
        /** TLS handshake failed: untrusted or invalid certificate, or not HTTPS. */
        TLS,
        /** No answer within the timeout. */
        TIMEOUT,
        /** Something answered, but not a ClearML API server. */
        NOT_CLEARML,
        /** The key/secret (or token) was refused. */
        BAD_CREDENTIALS,
        /** The server answered with an error envelope ({@link ApiException}). */
        API,
        /** The server's API is too old for Vitrine. */
        UNSUPPORTED,
        /** The calling thread was interrupted: the request was abandoned. */
        CANCELLED,
        /** The answer could not be understood (malformed JSON, missing fields). */
        PROTOCOL
    }

    private final Kind kind;

    public ClearmlException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ClearmlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
