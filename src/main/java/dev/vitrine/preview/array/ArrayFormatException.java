package dev.vitrine.preview.array;

import dev.vitrine.preview.PreviewException;

/** An .npy/.npz file is corrupt, truncated, lying about its size or of a refused kind; the message says which. */
public class ArrayFormatException extends PreviewException {
    public ArrayFormatException(String message) {
        super(message);
    }

    public ArrayFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
