package dev.vitrine.workspace;

import java.util.List;

/**
 * The port every source of tasks implements: a ClearML server, offline sessions, the demo.
 * Methods block and may do I/O: call them off the FX thread. Implementations are thread-safe.
 * Failures are {@link WorkspaceException}s whose message is fit for the user.
 */
public interface Workspace extends AutoCloseable {

    /** A short name for the navigator and the status bar ("Demo", "app.clear.ml", a session name). */
    String displayName();

    Kind kind();

    /** Every project, nested names joined with {@code /}. */
    List<Project> projects();

    /** One page of tasks, newest first unless the query orders otherwise. */
    Page<Task> tasks(TaskQuery query);

    /** A task with its artifacts and models. */
    TaskDetails task(String taskId);

    /** Models, paged. */
    Page<ModelRef> models(ModelQuery query);

    /** One model by id. */
    ModelRef model(String modelId);

    /** Looks a project up by its full name; null when none has it. */
    default Project projectByName(String name) {
        return projects().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    default void close() {}

    enum Kind { SERVER, OFFLINE, DEMO }
}
