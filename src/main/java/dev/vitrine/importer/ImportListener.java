package dev.vitrine.importer;

/**
 * What an import reports while it runs, from its worker thread: the step it is on and each file's
 * bytes as they go out. Implementations must be quick and thread-safe.
 */
public interface ImportListener {

    ImportListener NONE = new ImportListener() {
        @Override
        public void step(String what) {}

        @Override
        public void file(int index, int count, String name, long done, long total) {}
    };

    /** A new step ("Creating the task", "Replaying console output"). */
    void step(String what);

    /**
     * Progress of one file upload.
     *
     * @param index 1-based number of the file
     * @param count files known so far to be uploaded (debug samples are found while events replay)
     */
    void file(int index, int count, String name, long done, long total);
}
