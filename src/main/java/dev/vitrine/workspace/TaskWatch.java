package dev.vitrine.workspace;

/** Live updates of one running task ({@link Workspace#watch}); the user can pause them. Closing stops them for good. */
public interface TaskWatch extends AutoCloseable {

    void pause();

    void resume();

    @Override
    void close();
}
