package dev.vitrine.preview;

/** A file could not be previewed: the message says why, for the user (corrupt, refused, too big). */
public class PreviewException extends Exception {
    public PreviewException(String message) {
        super(message);
    }

    public PreviewException(String message, Throwable cause) {
        super(message, cause);
    }
}
