package dev.vitrine.workspace;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

    /**
     * One page of a task's artifacts, sorted by key as the server returns them: for a task whose
     * {@link TaskDetails#allArtifacts()} is false, the way to the rest.
     */
    default Page<Artifact> artifacts(String taskId, int page, int pageSize) {
        return Page.of(task(taskId).artifacts(), page, pageSize);
    }

    /** The task's artifacts named {@code key} (an input and an output may share it), found without loading every artifact where the source can. */
    default List<Artifact> artifacts(String taskId, String key) {
        return task(taskId).artifacts().stream().filter(a -> a.key().equals(key)).toList();
    }

    /** Models, paged. */
    Page<ModelRef> models(ModelQuery query);

    /** One model by id. */
    ModelRef model(String modelId);

    /** Tasks that list this model among their input models, newest first; empty where the source cannot tell. */
    default List<Task> tasksUsingModel(String modelId) {
        return List.of();
    }

    /**
     * How many tasks {@code query} matches in all (its paging ignored), counted by the source; null
     * when the source cannot tell without listing them all.
     */
    default Long countTasks(TaskQuery query) {
        return null;
    }

    /** Looks a project up by its full name; null when none has it. */
    default Project projectByName(String name) {
        return projects().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The task that produced an input artifact or model (lineage), when this workspace can tell.
     * Blocks; may scan many tasks on a server.
     */
    default Optional<Task> producerOf(StoredFile input) {
        return Optional.empty();
    }

    /**
     * The web-app address of a task, or of a model when one is given; empty where there is no
     * web app (sessions, the demo) or none is configured.
     */
    default Optional<String> webLink(Task task, ModelRef model) {
        return Optional.empty();
    }

    /**
     * Live updates of a running task: its changes are reported (on a background thread) until it
     * stops running or the watch is closed. Empty where tasks cannot change under the user.
     *
     * @param current what the caller shows now, the base of the first comparison
     */
    default Optional<TaskWatch> watch(TaskDetails current, Duration interval, Consumer<TaskChange> onChange, Consumer<Throwable> onError) {
        return Optional.empty();
    }

    /** How uploads add artifacts to this workspace's tasks; empty when it is read-only (the demo). */
    default Optional<ArtifactIntake> intake() {
        return Optional.empty();
    }

    @Override
    default void close() {}

    enum Kind { SERVER, OFFLINE, DEMO }
}
