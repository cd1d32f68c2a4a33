package dev.vitrine.workspace.server;

import dev.vitrine.clearml.TaskInfo;
import dev.vitrine.clearml.TasksApi;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks a pipeline on a server: which task produced an input (the same uri among a task's output
 * artifacts, or the model's {@code task}) and which tasks use an output. The server cannot filter
 * tasks by artifact uri, so producers are found through the SDK's upload layout
 * ({@code .../<task name>.<task id>/artifacts/<key>/<file>}) and consumers by scanning a bounded
 * number of tasks of a project. Blocking; thread-safe.
 */
public final class Lineage {
    private static final Pattern TASK_IN_URI = Pattern.compile("\\.([0-9a-f]{32})/(?:artifacts|models)/");
    /** Tasks scanned at most when looking for consumers of an artifact. */
    public static final int SCAN_LIMIT = 5_000;

    private final ServerWorkspace ws;

    public Lineage(ServerWorkspace ws) {
        this.ws = ws;
    }

    /** The task whose output artifact has this artifact's uri, if it can be resolved. */
    public Optional<Task> producerOf(Artifact input) {
        if (input.uri() == null) return Optional.empty();
        Matcher m = TASK_IN_URI.matcher(input.uri());
        while (m.find()) {
            try {
                TaskDetails d = ws.task(m.group(1));
                boolean produced = d.artifacts().stream()
                        .anyMatch(a -> a.mode() == ArtifactMode.OUTPUT && input.uri().equals(a.uri()));
                if (produced) return Optional.of(d.task());
            } catch (NotFoundException e) {
                // not a task of this server
            }
        }
        return Optional.empty();
    }

    /** The task that created a model ({@code model.task}). */
    public Optional<Task> producerOf(ModelRef model) {
        if (model.taskId() == null) return Optional.empty();
        try {
            return Optional.of(ws.task(model.taskId()).task());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Tasks that list this model among their input models ({@code models.input.model} filter). */
    public List<Task> consumersOfModel(String modelId) {
        TasksApi.Query q = new TasksApi.Query().inputModels(List.of(modelId)).onlyFields(ServerWorkspace.TASK_LIST_FIELDS)
                .orderBy(List.of("-last_update")).page(0, ServerWorkspace.MAX_PAGE);
        List<Task> out = new ArrayList<>();
        for (TaskInfo t : ws.tasks(q)) out.add(ServerWorkspace.task(t));
        return out;
    }

    /**
     * Tasks of a project (sub-projects included) with an input artifact of the same uri as this
     * output, scanning at most {@link #SCAN_LIMIT} tasks, newest first.
     */
    public List<Task> consumersOf(Artifact output, String projectId) {
        List<Task> out = new ArrayList<>();
        if (output.uri() == null) return out;
        dev.vitrine.workspace.TaskQuery q = new dev.vitrine.workspace.TaskQuery(projectId, true, null, null, null, null,
                null, "-last_update", 0, ServerWorkspace.MAX_PAGE);
        for (int page = 0; page * ServerWorkspace.MAX_PAGE < SCAN_LIMIT; page++) {
            List<String> fields = new ArrayList<>(ServerWorkspace.TASK_LIST_FIELDS);
            fields.add("execution.artifacts");
            TasksApi.Query body = ServerWorkspace.taskFilter(q).onlyFields(fields).orderBy(List.of("-last_update"))
                    .page(page, ServerWorkspace.MAX_PAGE);
            List<TaskInfo> ts = ws.tasks(body);
            for (TaskInfo t : ts) {
                boolean uses = t.artifacts().stream()
                        .anyMatch(a -> "input".equals(a.mode()) && output.uri().equals(a.uri()));
                if (uses) out.add(ServerWorkspace.task(t));
            }
            if (ts.size() < ServerWorkspace.MAX_PAGE) break;
        }
        return out;
    }
}
