package dev.vitrine.compare;

import dev.vitrine.preview.PreviewException;

/** A checkpoint could not be read (corrupt, unsupported, refused); the message says why, for the user. */
public class CheckpointException extends PreviewException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
