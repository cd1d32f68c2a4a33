package dev.vitrine.clearml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.clearml.internal.Dtos;
import dev.vitrine.clearml.internal.Ref;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed calls of the tasks service (API.md 5.3-5.7, OFFLINE.md 5): bodies are built here, replies
 * read into {@link TaskInfo}. Blocks; thread-safe as the client is; errors as the client throws them.
 */
public final class TasksApi {

    private final ClearmlClient client;

    public TasksApi(ClearmlClient client) {
        this.client = client;
    }

    /** What {@code tasks.get_all_ex} filters on, beyond the shared filters. */
    public static final class Query extends ListQuery<Query> {
        /** With {@link #projects}: their sub-projects' tasks too. */
        public Query includeSubprojects(boolean include) {
            return put("include_subprojects", include);
        }

        public Query statuses(List<String> statuses) {
            return put("status", List.copyOf(statuses));
        }

        public Query types(List<String> types) {
            return put("type", List.copyOf(types));
        }

        public Query users(List<String> userIds) {
            return put("user", List.copyOf(userIds));
        }

        /** Tasks that list one of these models among their input models. */
        public Query inputModels(List<String> modelIds) {
            return put("models.input.model", List.copyOf(modelIds));
        }
    }

    /** {@code tasks.get_all_ex}: one page, references joined as asked by {@code only_fields} ({@code project.name}). */
    public List<TaskInfo> getAllEx(Query q) {
        Dtos.TasksReply r = client.call("tasks.get_all_ex", q.body, Dtos.TasksReply.class);
        List<TaskInfo> out = new ArrayList<>();
        for (Dtos.TaskDto t : Wire.list(r.tasks())) out.add(task(t));
        return out;
    }

    /**
     * The task's {@code execution} as the server stores it ({@code tasks.get_by_id}), as plain JSON
     * values (maps, lists, strings, numbers, booleans, nulls) to be edited and sent back whole; null
     * when the answer holds no task.
     */
    public Map<String, Object> execution(String taskId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        JsonNode task = client.call("tasks.get_by_id", body).path("task");
        if (!task.isObject()) return null;
        JsonNode exec = task.path("execution");
        return exec.isObject() ? ClearmlClient.plain(exec) : new LinkedHashMap<>();
    }

    /** {@code tasks.create} as the SDK's {@code Task.create} sends it; the new task's id, or null when the answer has none. */
    public String create(String name, String type, String comment, String projectId, List<String> systemTags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("comment", comment);
        body.put("project", projectId);
        body.put("system_tags", List.copyOf(systemTags));
        return client.call("tasks.create", body, Dtos.IdReply.class).id();
    }

    /**
     * {@code tasks.edit} with any {@code tasks.EditRequest} fields, given as plain JSON values (maps,
     * lists, strings, numbers, booleans): what an offline session's task.json holds passes through
     * field for field. {@code force} edits a task that is no longer a draft.
     */
    public void edit(String taskId, boolean force, Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        body.put("force", force);
        body.putAll(fields);
        client.call("tasks.edit", body);
    }

    /**
     * Replaces the task's whole artifact list ({@code tasks.edit} with force and
     * {@code execution.artifacts}, API.md 5.5 (b)): the way to register on a finished task.
     */
    public void replaceArtifacts(String taskId, List<ArtifactInfo> complete) {
        edit(taskId, true, Map.of("execution", Map.of("artifacts", artifacts(complete))));
    }

    /**
     * {@code tasks.add_or_update_artifacts}: upserts each entry by (key, mode); the task must be
     * created, queued or in progress ({@code force} does not lift that, API.md 5.5).
     */
    public void addOrUpdateArtifacts(String taskId, List<ArtifactInfo> entries, boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        body.put("artifacts", artifacts(entries));
        body.put("force", force);
        client.call("tasks.add_or_update_artifacts", body);
    }

    /** {@code tasks.add_or_update_model}: links a model under {@code name} as an "input" or "output" model. */
    public void addOrUpdateModel(String taskId, String name, String modelId, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        body.put("name", name);
        body.put("model", modelId);
        body.put("type", type);
        client.call("tasks.add_or_update_model", body);
    }

    /** {@code tasks.started} (the SDK's {@code mark_started}). */
    public void started(String taskId, boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        body.put("force", force);
        client.call("tasks.started", body);
    }

    /** {@code tasks.completed} (the SDK's {@code mark_completed}). */
    public void completed(String taskId, String statusReason, boolean force, boolean publish) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        body.put("status_reason", statusReason);
        body.put("force", force);
        body.put("publish", publish);
        client.call("tasks.completed", body);
    }

    /** {@code tasks.delete}; its events go with it. */
    public void delete(String taskId, boolean force, boolean deleteOutputModels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", taskId);
        body.put("force", force);
        body.put("delete_output_models", deleteOutputModels);
        client.call("tasks.delete", body);
    }

    // ---- wire <-> records ----

    private static List<Map<String, Object>> artifacts(List<ArtifactInfo> entries) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ArtifactInfo a : entries) out.add(artifact(a));
        return out;
    }

    /** ARTIFACTS.md 1.1, absent fields left out. */
    static Map<String, Object> artifact(ArtifactInfo a) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("key", a.key());
        Wire.putIf(o, "type", a.type());
        Wire.putIf(o, "mode", a.mode());
        Wire.putIf(o, "uri", a.uri());
        Wire.putIf(o, "hash", a.hash());
        Wire.putIf(o, "content_size", a.contentSize());
        Wire.putIf(o, "timestamp", a.timestamp());
        if (a.typeData() != null) {
            Map<String, Object> td = new LinkedHashMap<>();
            Wire.putIf(td, "preview", a.typeData().preview());
            Wire.putIf(td, "content_type", a.typeData().contentType());
            Wire.putIf(td, "data_hash", a.typeData().dataHash());
            o.put("type_data", td);
        }
        Wire.putIf(o, "display_data", a.displayData());
        return o;
    }

    static TaskInfo task(Dtos.TaskDto t) {
        List<ArtifactInfo> artifacts = new ArrayList<>();
        if (t.execution() != null) {
            for (Dtos.ArtifactDto a : Wire.list(t.execution().artifacts())) {
                Dtos.TypeDataDto td = a.typeData();
                artifacts.add(new ArtifactInfo(a.key(), a.type(), a.mode(), a.uri(), a.hash(), a.contentSize(), a.timestamp(),
                        td == null ? null : new ArtifactInfo.TypeData(td.preview(), td.contentType(), td.dataHash()), a.displayData()));
            }
        }
        return new TaskInfo(t.id(), t.name(), t.type(), t.status(), t.comment(),
                Wire.instant(t.created()), Wire.instant(t.started()), Wire.instant(t.lastUpdate()),
                t.tags(), t.systemTags(), Ref.id(t.project()), Ref.name(t.project()), Ref.id(t.user()), Ref.name(t.user()),
                t.output() == null ? null : t.output().destination(), artifacts,
                links(t.models() == null ? null : t.models().input()), links(t.models() == null ? null : t.models().output()),
                Wire.texts(t.runtime()));
    }

    private static List<ModelLink> links(List<Dtos.ModelItemDto> items) {
        List<ModelLink> out = new ArrayList<>();
        for (Dtos.ModelItemDto m : Wire.list(items)) out.add(new ModelLink(m.name(), Ref.id(m.model())));
        return out;
    }
}
