package dev.vitrine.workspace;

/**
 * A workspace could not answer: the message is written for the user (it names what failed and
 * where), the cause keeps the detail for the log.
 */
public class WorkspaceException extends RuntimeException {
    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
