package dev.vitrine.importer;

/**
 * An import that did not happen, with a message for the user. When it failed midway, everything it
 * had created was removed first ({@link #cleanedUp()} says whether that fully succeeded).
 */
public class ImportException extends RuntimeException {
    private final boolean cleanedUp;

    public ImportException(String message, Throwable cause, boolean cleanedUp) {
        super(message, cause);
        this.cleanedUp = cleanedUp;
    }

    public ImportException(String message) {
        this(message, null, true);
    }

    public boolean cleanedUp() {
        return cleanedUp;
    }

    /** The session was imported before; importing it again makes a second task. */
    public static final class AlreadyImported extends ImportException {
        private final String taskId;

        public AlreadyImported(String message, String taskId) {
            super(message);
            this.taskId = taskId;
        }

        public String taskId() {
            return taskId;
        }
    }

    /** The user cancelled; what was created is removed. */
    public static final class Cancelled extends ImportException {
        public Cancelled(String message, boolean cleanedUp) {
            super(message, null, cleanedUp);
        }
    }
}
