package dev.vitrine.storage;

/** Bytes could not be read or written: the message says what failed and where, for the user. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
