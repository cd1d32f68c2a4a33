package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write endpoints an offline-session import uses, as the real server (clearml-server 2.3.0,
 * {@code apiserver/services/tasks.py}, {@code models.py}, {@code projects.py},
 * {@code bll/event/event_bll.py}) implements them: {@code projects.create}, {@code tasks.create}
 * (name and a valid type required, the project must exist), the status changes of
 * {@code bll/task/utils.py}'s state machine ({@code force} skips it), {@code tasks.delete} (an
 * in-progress task only with force; its events go with it), {@code models.create/edit/delete},
 * {@code tasks.add_or_update_model} (writable tasks only) and {@code events.add_batch} (json-lines
 * only; unknown types, unknown or published tasks are counted as errors, and a batch where nothing
 * was added fails with 400/131).
 */
final class FakeWrites {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final Set<String> TASK_TYPES = Set.of("training", "testing", "inference", "data_processing", "application", "monitor",
            "controller", "optimizer", "service", "qc", "custom");
    static final Set<String> EVENT_TYPES = Set.of("training_stats_scalar", "training_stats_vector", "training_debug_image", "plot", "log");
    private static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "created", Set.of("queued", "in_progress"),
            "queued", Set.of("created", "in_progress", "stopped"),
            "in_progress", Set.of("stopped", "failed", "created", "completed"),
            "stopped", Set.of("closed", "created", "failed", "queued", "in_progress", "published", "publishing", "completed"),
            "closed", Set.of("created", "failed", "published", "publishing", "stopped"),
            "failed", Set.of("created", "stopped", "published", "queued"),
            "publishing", Set.of("published"),
            "published", Set.of(),
            "completed", Set.of("published", "in_progress", "created"));

    private final FakeWorld world;

    /** Tasks the events store knows without the world holding them (the recorded transcripts' tasks). */
    private final java.util.function.Predicate<String> eventTasks;
    /** Where an accepted task event also goes, so the events service's reads see it. */
    private final java.util.function.Consumer<ObjectNode> eventSink;

    FakeWrites(FakeWorld world) {
        this(world, id -> false, e -> { });
    }

    FakeWrites(FakeWorld world, java.util.function.Predicate<String> eventTasks, java.util.function.Consumer<ObjectNode> eventSink) {
        this.world = world;
        this.eventTasks = eventTasks;
        this.eventSink = eventSink;
    }

    static Map<String, String> endpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : List.of("projects.create", "projects.delete", "tasks.create", "tasks.started", "tasks.completed", "tasks.stopped", "tasks.failed",
                "tasks.delete", "models.create", "models.edit", "models.delete", "events.add_batch")) m.put(e, "1.0");
        m.put("tasks.add_or_update_model", "2.13");
        return m;
    }

    ObjectNode dispatch(String name, ObjectNode body, List<ObjectNode> batch) {
        ObjectNode data = F.objectNode();
        switch (name) {
            case "projects.create": {
                String pname = required(body, "name");
                if (pname.isBlank()) throw FakeError.validation("error for field 'name'. field is required!");
                if (world.projectByName(pname) != null) {
                    throw new FakeError(400, 407, "Invalid project name (Project with the same name already exists): name=" + pname);
                }
                data.put("id", world.addProject(pname).get("id").asText());
                return data;
            }
            case "projects.delete":
                return deleteProject(body);
            case "tasks.create":
                data.put("id", createTask(body));
                return data;
            case "tasks.started":
                return changeStatus(body, "in_progress");
            case "tasks.completed":
                return changeStatus(body, "completed");
            case "tasks.stopped":
                return changeStatus(body, "stopped");
            case "tasks.failed":
                return changeStatus(body, "failed");
            case "tasks.delete":
                data.put("deleted", deleteTask(body));
                return data;
            case "tasks.add_or_update_model":
                data.put("updated", addOrUpdateModel(body));
                return data;
            case "models.create":
                data.put("id", createModel(body));
                data.put("created", true);
                return data;
            case "models.edit":
                data.put("updated", editModel(body));
                data.putObject("fields");
                return data;
            case "models.delete":
                data.put("deleted", deleteModel(body));
                return data;
            case "events.add_batch":
                return addEvents(batch);
            default:
                throw new FakeError(404, 0, "Unable to find endpoint for name " + name);
        }
    }

    /** Every event stored for a task or model, in arrival order. */
    List<ObjectNode> events(String id) {
        synchronized (world.lock()) {
            return new ArrayList<>(world.events.getOrDefault(id, List.of()));
        }
    }

    private String createTask(ObjectNode body) {
        String name = required(body, "name");
        JsonNode type = body.get("type");
        if (type == null || type.isNull()) throw FakeError.validation("error for field 'type'. field is required!");
        if (!TASK_TYPES.contains(type.asText())) {
            throw FakeError.validation("error for field 'type'. value '" + type.asText() + "' is not in the enum");
        }
        String project = body.path("project").asText(null);
        synchronized (world.lock()) {
            if (project != null && !world.projects.containsKey(project)) {
                throw new FakeError(400, 401, "Invalid project id: id=" + project);
            }
            Instant now = Instant.now();
            ObjectNode t = F.objectNode();
            t.put("id", FakeWorld.newId());
            t.put("company", FakeWorld.COMPANY);
            t.put("user", FakeWorld.USER);
            t.put("name", name);
            t.put("type", type.asText());
            t.put("status", "created");
            t.put("status_reason", "");
            t.put("status_message", "");
            t.put("comment", body.path("comment").asText(""));
            t.put("created", FakeWorld.date(now));
            if (project != null) t.put("project", project);
            t.putObject("output");
            ObjectNode exec = t.putObject("execution");
            exec.putObject("parameters");
            exec.putObject("model_labels");
            exec.putArray("artifacts");
            ObjectNode models = t.putObject("models");
            models.putArray("input");
            models.putArray("output");
            t.putObject("container");
            t.putObject("runtime");
            t.putObject("hyperparams");
            t.putObject("configuration");
            ArrayNode tags = t.putArray("tags");
            FakeWorld.strings(body.get("tags")).forEach(tags::add);
            ArrayNode st = t.putArray("system_tags");
            FakeWorld.strings(body.get("system_tags")).forEach(st::add);
            FakeWorld.sortStrings(tags);
            FakeWorld.sortStrings(st);
            for (String f : List.of("script", "hyperparams", "configuration", "container", "runtime")) {
                if (body.get(f) instanceof ObjectNode o) t.set(f, o.deepCopy());
            }
            world.putTask(t);
            world.touch(t);
            return t.get("id").asText();
        }
    }

    private ObjectNode changeStatus(ObjectNode body, String next) {
        String id = required(body, "task");
        boolean force = body.path("force").asBoolean(false);
        synchronized (world.lock()) {
            ObjectNode t = world.tasks.get(id);
            if (t == null) throw new FakeError(400, 101, "Invalid task id: id=" + id + ", company=" + FakeWorld.COMPANY);
            String current = t.path("status").asText("created");
            if (!force && !current.equals(next) && !TRANSITIONS.getOrDefault(current, Set.of()).contains(next)) {
                throw new FakeError(400, 110, "Invalid task status (Invalid status change): current_status=" + current + ", new_status=" + next);
            }
            String now = FakeWorld.date(Instant.now());
            t.put("status", next);
            t.put("status_reason", body.path("status_reason").asText(""));
            t.put("status_message", body.path("status_message").asText(""));
            t.put("status_changed", now);
            if (next.equals("in_progress") && !t.hasNonNull("started")) t.put("started", now);
            if (next.equals("completed") || next.equals("failed")) t.put("completed", now);
            world.touch(t);
            ObjectNode data = F.objectNode();
            data.put("updated", 1);
            data.putObject("fields").put("status", next);
            return data;
        }
    }

    /**
     * {@code bll/project/project_cleanup.py delete_project}: without force, a project (with its
     * subprojects) that still holds non-archived tasks or models is refused; else it and its
     * subprojects go. Contents are not deleted here (delete_contents is not implemented).
     */
    private ObjectNode deleteProject(ObjectNode body) {
        String id = required(body, "project");
        boolean force = body.path("force").asBoolean(false);
        synchronized (world.lock()) {
            if (!world.projects.containsKey(id)) throw new FakeError(400, 401, "Invalid project id: id=" + id);
            Set<String> ids = new java.util.HashSet<>(world.descendants(id));
            ids.add(id);
            if (!force) {
                long tasks = world.tasks.values().stream().filter(t -> ids.contains(t.path("project").asText()) && !archived(t)).count();
                if (tasks > 0) throw new FakeError(400, 402, "Project has associated tasks (please change project of non archived tasks): id=" + id + ", tasks=" + tasks);
                long models = world.models.values().stream().filter(m -> ids.contains(m.path("project").asText()) && !archived(m)).count();
                if (models > 0) throw new FakeError(400, 405, "Project has associated models (please change project of non archived models): id=" + id + ", models=" + models);
            }
            ids.forEach(world.projects::remove);
            ObjectNode data = F.objectNode();
            data.put("deleted", 1);
            data.put("disassociated_tasks", 0);
            data.put("deleted_models", 0);
            data.put("deleted_tasks", 0);
            data.putObject("urls");
            return data;
        }
    }

    private static boolean archived(JsonNode entity) {
        for (JsonNode t : entity.path("system_tags")) if (t.asText().equals("archived")) return true;
        return false;
    }

    private int deleteTask(ObjectNode body) {
        String id = required(body, "task");
        boolean force = body.path("force").asBoolean(false);
        synchronized (world.lock()) {
            ObjectNode t = world.tasks.get(id);
            if (t == null) throw new FakeError(400, 101, "Invalid task id: id=" + id + ", company=" + FakeWorld.COMPANY);
            if (!force && "in_progress".equals(t.path("status").asText())) {
                throw new FakeError(400, 112, "Task in progress (invalid task status): id=" + id);
            }
            world.tasks.remove(id);
            world.events.remove(id);
            if (body.path("delete_output_models").asBoolean(true)) {
                for (JsonNode m : t.path("models").path("output")) {
                    String mid = m.path("model").asText();
                    ObjectNode model = world.models.get(mid);
                    if (model != null && id.equals(model.path("task").asText()) && !model.path("ready").asBoolean(false)) {
                        world.models.remove(mid);
                        world.events.remove(mid);
                    }
                }
            }
            world.changed();
            return 1;
        }
    }

    private int addOrUpdateModel(ObjectNode body) {
        String id = required(body, "task");
        String name = required(body, "name");
        String model = required(body, "model");
        String type = required(body, "type");
        if (!type.equals("input") && !type.equals("output")) throw FakeError.validation("error for field 'type'. value is not in the enum");
        synchronized (world.lock()) {
            ObjectNode t = world.tasks.get(id);
            if (t == null) throw new FakeError(400, 101, "Invalid task id: id=" + id + ", company=" + FakeWorld.COMPANY);
            String st = t.path("status").asText();
            if (!st.equals("created") && !st.equals("queued") && !st.equals("in_progress")) {
                throw new FakeError(400, 110, "Invalid task status: expected=created, status=" + st);
            }
            ObjectNode models = t.get("models") instanceof ObjectNode m ? m : t.putObject("models");
            ArrayNode list = models.get(type) instanceof ArrayNode a ? a : models.putArray(type);
            for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) if (name.equals(it.next().path("name").asText())) it.remove();
            ObjectNode item = list.addObject();
            item.put("name", name);
            item.put("model", model);
            item.put("updated", FakeWorld.date(Instant.now()));
            world.touch(t);
            return 1;
        }
    }

    private String createModel(ObjectNode body) {
        String name = required(body, "name");
        String uri = required(body, "uri");
        synchronized (world.lock()) {
            String project = body.path("project").asText(null);
            if (project != null && !world.projects.containsKey(project)) throw new FakeError(400, 401, "Invalid project id: id=" + project);
            String task = body.path("task").asText(null);
            if (task != null && !world.tasks.containsKey(task)) throw new FakeError(400, 101, "Invalid task id: id=" + task + ", company=" + FakeWorld.COMPANY);
            String now = FakeWorld.date(Instant.now());
            ObjectNode m = F.objectNode();
            m.put("id", FakeWorld.newId());
            m.put("company", FakeWorld.COMPANY);
            m.put("user", FakeWorld.USER);
            m.put("name", name);
            m.put("uri", uri);
            m.put("created", now);
            m.put("last_update", now);
            m.put("ready", body.path("ready").asBoolean(false));
            m.putArray("tags");
            m.putArray("system_tags");
            m.putObject("labels");
            m.putObject("metadata");
            if (project != null) m.put("project", project);
            apply(m, body);
            world.putModel(m);
            return m.get("id").asText();
        }
    }

    private int editModel(ObjectNode body) {
        String id = required(body, "model");
        synchronized (world.lock()) {
            ObjectNode m = world.models.get(id);
            if (m == null) {
                throw new FakeError(400, 201, "Invalid model id (no such public or company model): id=" + id + ", company=" + FakeWorld.COMPANY);
            }
            if (m.path("ready").asBoolean(false) && !body.path("force").asBoolean(false)) {
                throw new FakeError(400, 203, "Model is ready (model is published): id=" + id);
            }
            apply(m, body);
            m.put("last_update", FakeWorld.date(Instant.now()));
            world.changed();
            return 1;
        }
    }

    private static void apply(ObjectNode m, ObjectNode body) {
        for (String f : List.of("name", "uri", "comment", "framework", "task", "project", "parent")) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull()) m.put(f, v.asText());
        }
        for (String f : List.of("tags", "system_tags")) {
            if (body.get(f) instanceof ArrayNode a) {
                ArrayNode copy = a.deepCopy();
                FakeWorld.sortStrings(copy);
                m.set(f, copy);
            }
        }
        if (body.get("labels") instanceof ObjectNode l) m.set("labels", l.deepCopy());
        if (body.get("design") instanceof ObjectNode d) m.set("design", d.deepCopy());
        if (body.hasNonNull("iteration")) m.put("last_iteration", body.get("iteration").asLong());
    }

    private boolean deleteModel(ObjectNode body) {
        String id = required(body, "model");
        synchronized (world.lock()) {
            ObjectNode m = world.models.get(id);
            if (m == null) {
                throw new FakeError(400, 201, "Invalid model id (no such public or company model): id=" + id + ", company=" + FakeWorld.COMPANY);
            }
            world.models.remove(id);
            world.events.remove(id);
            world.changed();
            return true;
        }
    }

    private ObjectNode addEvents(List<ObjectNode> batch) {
        if (batch == null || batch.isEmpty()) throw new FakeError(400, 17, "Batch request contains no items");
        Map<String, Integer> errors = new LinkedHashMap<>();
        int added = 0;
        synchronized (world.lock()) {
            for (ObjectNode e : batch) {
                boolean modelEvent = e.path("model_event").asBoolean(false);
                if (!modelEvent) e.put("model_event", false);
                String type = e.path("type").asText(null);
                if (type == null) {
                    errors.merge("Event must have a 'type' field", 1, Integer::sum);
                    continue;
                }
                if (!EVENT_TYPES.contains(type.replace(' ', '_'))) {
                    errors.merge("Invalid event type " + type, 1, Integer::sum);
                    continue;
                }
                if (modelEvent && type.equals("log")) {
                    errors.merge("Task log events are not supported for models", 1, Integer::sum);
                    continue;
                }
                String id = e.path("task").asText(null);
                if (id == null) {
                    errors.merge("Event must have a 'task' field", 1, Integer::sum);
                    continue;
                }
                boolean valid;
                if (modelEvent) {
                    ObjectNode m = world.models.get(id);
                    valid = m != null && !m.path("ready").asBoolean(false);
                } else {
                    ObjectNode t = world.tasks.get(id);
                    String st = t == null ? "" : t.path("status").asText();
                    valid = t != null ? !st.equals("published") && !st.equals("publishing") : eventTasks.test(id);
                }
                if (!valid) {
                    errors.merge("Invalid " + (modelEvent ? "model" : "task") + " id " + id, 1, Integer::sum);
                    continue;
                }
                if (!modelEvent) eventSink.accept(e);
                ObjectNode stored = e.deepCopy();
                stored.put("@timestamp", FakeWorld.date(Instant.now()));
                if (!stored.has("metric")) stored.put("metric", "");
                if (!stored.has("variant")) stored.put("variant", "");
                world.events.computeIfAbsent(id, k -> new ArrayList<>()).add(stored);
                added++;
                ObjectNode t = modelEvent ? null : world.tasks.get(id);
                if (t != null) {
                    if (stored.hasNonNull("iter") && stored.get("iter").asLong() > t.path("last_iteration").asLong(0)) {
                        t.put("last_iteration", stored.get("iter").asLong());
                    }
                    world.touch(t);
                }
            }
        }
        if (added == 0) {
            StringBuilder msg = new StringBuilder("Events not added");
            String sep = ": ";
            for (var en : errors.entrySet()) {
                msg.append(sep).append(en.getKey()).append('=').append(en.getValue());
                sep = ", ";
            }
            throw new FakeError(400, 131, msg.toString());
        }
        ObjectNode data = F.objectNode();
        data.put("added", added);
        data.put("errors", errors.values().stream().mapToInt(Integer::intValue).sum());
        ObjectNode info = data.putObject("errors_info");
        errors.forEach(info::put);
        return data;
    }

    private static String required(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw FakeError.validation("error for field '" + field + "'. field is required!");
        return v.asText();
    }
}
