package dev.vitrine.workspace.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ApiException;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.clearml.ClearmlException;
import dev.vitrine.clearml.internal.Dtos;
import dev.vitrine.clearml.internal.Ref;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelQuery;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link Workspace} of a ClearML server: projects with task counts, server-paged tasks (only
 * the list columns are asked for), a task's artifacts with its input and output models resolved.
 * Calls block (run them off the FX thread) and stop when the calling thread is interrupted.
 * Thread-safe. Closing it closes the client.
 */
public final class ServerWorkspace implements Workspace {

    /** What the tasks table shows; the server joins project and user names. */
    static final List<String> TASK_LIST_FIELDS = List.of("id", "name", "type", "status", "project.name", "user.name",
            "created", "started", "last_update", "tags", "system_tags", "output.destination", "comment");
    static final List<String> MODEL_FIELDS = List.of("id", "name", "framework", "uri", "task", "project.name", "created",
            "last_update", "tags", "system_tags", "labels", "ready", "comment", "design", "metadata");
    static final int MAX_PAGE = 500;

    private static final java.util.concurrent.atomic.AtomicLong SCOPES = new java.util.concurrent.atomic.AtomicLong();

    private final ClearmlClient client;
    private final String displayName;
    private final String storageScope;

    public ServerWorkspace(ClearmlClient client, String displayName) {
        this.client = client;
        this.displayName = displayName;
        this.storageScope = "server-" + SCOPES.incrementAndGet();
    }

    public ClearmlClient client() {
        return client;
    }

    /**
     * The storage scope of this workspace's remote artifacts ({@link Location.Remote#storage()}):
     * they are fetched with this server's files server token and storage configuration, whichever
     * other server is open too.
     */
    public String storageScope() {
        return storageScope;
    }

    /** A valid bearer token for the fileserver (refreshed as needed). */
    public Supplier<String> tokenSupplier() {
        return client.tokenSupplier();
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Kind kind() {
        return Kind.SERVER;
    }

    /**
     * The projects with the number of tasks the task list shows for each: the server counts with the
     * list's own rules (children included, hidden sub-projects too since the list shows their tasks,
     * archived and hidden tasks left out), so the tree and the list's footer say the same. Hidden
     * projects themselves are not listed.
     */
    @Override
    public List<Project> projects() {
        List<Project> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            ObjectNode body = body();
            body.put("search_hidden", true);
            body.put("include_stats", true);
            statsFilter(body, TaskQuery.all());
            array(body, "only_fields", List.of("id", "name", "basename", "parent", "system_tags"));
            array(body, "order_by", List.of("name"));
            body.put("page", page);
            body.put("page_size", MAX_PAGE);
            Dtos.ProjectsReply r = call("projects.get_all_ex", body, Dtos.ProjectsReply.class);
            List<Dtos.ProjectDto> ps = r.projects() == null ? List.of() : r.projects();
            for (Dtos.ProjectDto p : ps) {
                if (Boolean.TRUE.equals(p.hidden()) || (p.systemTags() != null && p.systemTags().contains("hidden"))) continue;
                Long count = p.stats() != null && p.stats().active() != null ? p.stats().active().totalTasks() : null;
                out.add(new Project(p.id(), p.name() == null ? p.id() : p.name(), Ref.id(p.parent()), count));
            }
            if (ps.size() < MAX_PAGE) return out;
        }
    }

    @Override
    public Page<Task> tasks(TaskQuery q) {
        ObjectNode body = taskFilter(q);
        array(body, "only_fields", TASK_LIST_FIELDS);
        array(body, "order_by", List.of(q.orderBy()));
        body.put("page", q.page());
        body.put("page_size", q.pageSize());
        Dtos.TasksReply r = call("tasks.get_all_ex", body, Dtos.TasksReply.class);
        List<Task> items = new ArrayList<>();
        if (r.tasks() != null) for (Dtos.TaskDto t : r.tasks()) items.add(task(t));
        // No totals on the wire: a full page means there may be more.
        return new Page<>(items, q.page(), q.pageSize(), items.size() == q.pageSize());
    }

    /**
     * How many tasks of a project the query matches, counted by the server (projects.get_all_ex
     * stats with include_stats_filter, API 2.17) with the task list's rules; null for a text search
     * (no stats filter matches a pattern) or the whole server (tasks without a project are not in
     * any project's stats).
     */
    @Override
    public Long countTasks(TaskQuery q) {
        if (q.projectId() == null || (q.search() != null && !q.search().isBlank())) return null;
        ObjectNode body = body();
        array(body, "id", List.of(q.projectId()));
        body.put("search_hidden", true);
        body.put("include_stats", true);
        body.put("stats_with_children", q.includeSubprojects());
        statsFilter(body, q);
        array(body, "only_fields", List.of("id"));
        Dtos.ProjectsReply r = call("projects.get_all_ex", body, Dtos.ProjectsReply.class);
        if (r.projects() == null || r.projects().isEmpty()) return null;
        Dtos.ProjectDto p = r.projects().get(0);
        return p.stats() != null && p.stats().active() != null ? p.stats().active().totalTasks() : null;
    }

    /** The task list's filter as stats filter: the same list rules, and the archived and hidden tasks the list leaves out. */
    private static void statsFilter(ObjectNode body, TaskQuery q) {
        ObjectNode f = body.putObject("include_stats_filter");
        array(f, "system_tags", List.of("-archived", "-hidden"));
        if (!q.statuses().isEmpty()) array(f, "status", q.statuses());
        if (!q.types().isEmpty()) array(f, "type", q.types());
        if (!q.tags().isEmpty()) array(f, "tags", q.tags());
        if (!q.users().isEmpty()) array(f, "user", q.users());
    }

    /** The filter part of a tasks query, shared with lineage look-ups. */
    static ObjectNode taskFilter(TaskQuery q) {
        ObjectNode body = body();
        if (q.projectId() != null) {
            array(body, "project", List.of(q.projectId()));
            body.put("include_subprojects", q.includeSubprojects());
        }
        array(body, "system_tags", List.of("-archived"));
        if (!q.statuses().isEmpty()) array(body, "status", q.statuses());
        if (!q.types().isEmpty()) array(body, "type", q.types());
        if (!q.tags().isEmpty()) array(body, "tags", q.tags());
        if (!q.users().isEmpty()) array(body, "user", q.users());
        if (q.search() != null && !q.search().isBlank()) {
            ObjectNode any = body.putObject("_any_");
            any.put("pattern", regexEscape(q.search().strip()));
            array(any, "fields", List.of("name", "id", "comment"));
        }
        return body;
    }

    @Override
    public TaskDetails task(String taskId) {
        if (taskId == null || !taskId.matches("[0-9a-fA-F]{32}")) throw new NotFoundException("No task with id '" + taskId + "'");
        ObjectNode body = body();
        array(body, "id", List.of(taskId));
        List<String> fields = new ArrayList<>(TASK_LIST_FIELDS);
        fields.add("execution.artifacts");
        fields.add("models");
        array(body, "only_fields", fields);
        Dtos.TasksReply r = call("tasks.get_all_ex", body, Dtos.TasksReply.class);
        if (r.tasks() == null || r.tasks().isEmpty()) throw new NotFoundException("No task with id " + taskId + " on " + displayName);
        Dtos.TaskDto t = r.tasks().get(0);
        List<Artifact> artifacts = new ArrayList<>();
        if (t.execution() != null && t.execution().artifacts() != null) {
            for (Dtos.ArtifactDto a : t.execution().artifacts()) artifacts.add(artifact(a));
        }
        List<Dtos.ModelItemDto> in = t.models() == null || t.models().input() == null ? List.of() : t.models().input();
        List<Dtos.ModelItemDto> out = t.models() == null || t.models().output() == null ? List.of() : t.models().output();
        List<String> ids = new ArrayList<>();
        for (Dtos.ModelItemDto m : in) if (Ref.id(m.model()) != null) ids.add(Ref.id(m.model()));
        for (Dtos.ModelItemDto m : out) if (Ref.id(m.model()) != null) ids.add(Ref.id(m.model()));
        Map<String, ModelRef> byId = modelsById(ids);
        return new TaskDetails(task(t), artifacts, resolve(in, byId), resolve(out, byId));
    }

    private List<ModelRef> resolve(List<Dtos.ModelItemDto> items, Map<String, ModelRef> byId) {
        List<ModelRef> out = new ArrayList<>();
        for (Dtos.ModelItemDto m : items) {
            String id = Ref.id(m.model());
            if (id == null) continue;
            ModelRef ref = byId.get(id);
            out.add(ref != null ? ref : new ModelRef(id, m.name(), null, null, null, null, null, null, null, null, null,
                    null, null, null, new Location.Missing("model " + id + " no longer exists on the server")));
        }
        return out;
    }

    /** models.get_all_ex by id, in chunks of 500. */
    Map<String, ModelRef> modelsById(List<String> ids) {
        Map<String, ModelRef> out = new LinkedHashMap<>();
        List<String> unique = ids.stream().distinct().toList();
        for (int i = 0; i < unique.size(); i += MAX_PAGE) {
            ObjectNode body = body();
            array(body, "id", unique.subList(i, Math.min(unique.size(), i + MAX_PAGE)));
            array(body, "only_fields", MODEL_FIELDS);
            body.put("page", 0);
            body.put("page_size", MAX_PAGE);
            Dtos.ModelsReply r = call("models.get_all_ex", body, Dtos.ModelsReply.class);
            if (r.models() != null) for (Dtos.ModelDto m : r.models()) out.put(m.id(), model(m));
        }
        return out;
    }

    @Override
    public Page<ModelRef> models(ModelQuery q) {
        ObjectNode body = body();
        if (q.projectId() != null) array(body, "project", List.of(q.projectId()));
        if (q.taskId() != null) array(body, "task", List.of(q.taskId()));
        if (!q.frameworks().isEmpty()) array(body, "framework", q.frameworks());
        if (!q.tags().isEmpty()) array(body, "tags", q.tags());
        if (q.ready() != null) body.put("ready", q.ready());
        if (q.search() != null) {
            ObjectNode any = body.putObject("_any_");
            any.put("pattern", regexEscape(q.search()));
            array(any, "fields", List.of("name", "id", "comment"));
        }
        array(body, "system_tags", List.of("-archived"));
        array(body, "only_fields", MODEL_FIELDS);
        array(body, "order_by", List.of(q.orderBy()));
        body.put("page", q.page());
        body.put("page_size", q.pageSize());
        Dtos.ModelsReply r = call("models.get_all_ex", body, Dtos.ModelsReply.class);
        List<ModelRef> items = new ArrayList<>();
        if (r.models() != null) for (Dtos.ModelDto m : r.models()) items.add(model(m));
        return new Page<>(items, q.page(), q.pageSize(), items.size() == q.pageSize());
    }

    @Override
    public List<Task> tasksUsingModel(String modelId) {
        return new Lineage(this).consumersOfModel(modelId);
    }

    @Override
    public ModelRef model(String modelId) {
        if (modelId == null || !modelId.matches("[0-9a-fA-F]{32}")) throw new NotFoundException("No model with id '" + modelId + "'");
        ModelRef m = modelsById(List.of(modelId)).get(modelId);
        if (m == null) throw new NotFoundException("No model with id " + modelId + " on " + displayName);
        return m;
    }

    @Override
    public Project projectByName(String name) {
        ObjectNode body = body();
        body.put("name", "^" + regexEscape(name) + "$");
        body.put("search_hidden", true);
        array(body, "only_fields", List.of("id", "name", "parent"));
        Dtos.ProjectsReply r = call("projects.get_all_ex", body, Dtos.ProjectsReply.class);
        if (r.projects() == null || r.projects().isEmpty()) return null;
        Dtos.ProjectDto p = r.projects().get(0);
        return new Project(p.id(), p.name(), Ref.id(p.parent()), null);
    }

    @Override
    public java.util.Optional<dev.vitrine.workspace.ArtifactIntake> intake() {
        return java.util.Optional.of(new ServerIntake(this));
    }

    @Override
    public java.util.Optional<Task> producerOf(dev.vitrine.workspace.StoredFile input) {
        Lineage lineage = new Lineage(this);
        if (input instanceof Artifact a) return lineage.producerOf(a);
        if (input instanceof ModelRef m) return lineage.producerOf(m);
        return java.util.Optional.empty();
    }

    @Override
    public java.util.Optional<String> webLink(Task task, ModelRef model) {
        String web = client.config().webServer();
        if (web == null || web.isBlank()) return java.util.Optional.empty();
        WebLinks links = new WebLinks(web);
        return java.util.Optional.of(model != null ? links.model(model) : links.task(task));
    }

    @Override
    public java.util.Optional<dev.vitrine.workspace.TaskWatch> watch(TaskDetails current, java.time.Duration interval,
                                                                  java.util.function.Consumer<dev.vitrine.workspace.TaskChange> onChange,
                                                                  java.util.function.Consumer<Throwable> onError) {
        return java.util.Optional.of(new TaskWatcher(this, current.task().id(), interval, onChange, onError).start(current));
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- wire -> domain ----

    static Task task(Dtos.TaskDto t) {
        return new Task(t.id(), t.name(), Ref.id(t.project()), Ref.name(t.project()), t.status(), t.type(),
                t.user() == null ? null : (t.user().name() != null ? t.user().name() : t.user().id()),
                t.tags(), t.systemTags(), instant(t.created()), instant(t.started()), instant(t.lastUpdate()),
                t.output() == null ? null : t.output().destination(), t.comment());
    }

    private Artifact artifact(Dtos.ArtifactDto a) {
        List<Map.Entry<String, String>> dd = new ArrayList<>();
        if (a.displayData() != null) {
            for (List<Object> pair : a.displayData()) {
                if (pair == null || pair.isEmpty()) continue;
                dd.add(new AbstractMap.SimpleImmutableEntry<>(String.valueOf(pair.get(0)), pair.size() > 1 ? String.valueOf(pair.get(1)) : ""));
            }
        }
        Dtos.TypeDataDto td = a.typeData();
        return new Artifact(a.key(), a.type(), ArtifactMode.fromWire(a.mode()), a.uri(), a.hash(), a.contentSize(),
                a.timestamp() == null ? null : Instant.ofEpochSecond(a.timestamp()),
                td == null ? null : td.preview(), td == null ? null : td.contentType(), td == null ? null : td.dataHash(),
                dd, location(a.uri(), storageScope));
    }

    private ModelRef model(Dtos.ModelDto m) {
        String design = null;
        if (m.design() != null && !m.design().isNull()) {
            design = m.design().isObject() && m.design().has("design") ? m.design().get("design").asText() : m.design().toString();
        }
        Map<String, String> meta = new LinkedHashMap<>();
        if (m.metadata() != null && m.metadata().isObject()) {
            m.metadata().fields().forEachRemaining(e -> meta.put(e.getKey(),
                    e.getValue().isObject() ? e.getValue().path("value").asText("") : e.getValue().asText()));
        }
        return new ModelRef(m.id(), m.name(), m.framework(), m.uri(), Ref.id(m.task()), Ref.id(m.project()),
                Ref.name(m.project()), instant(m.created()), m.tags(), m.labels(), m.ready(), m.comment(), design, meta,
                location(m.uri(), storageScope));
    }

    /**
     * file:// uris are local files (spaces left unescaped by the SDK); storage schemes are remote,
     * fetched with the storage settings of {@code scope}.
     */
    public static Location location(String uri, String scope) {
        if (uri == null || uri.isBlank()) return new Location.Missing("no uri");
        String u = uri.strip();
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("file://")) {
            String raw = u.substring("file://".length());
            Path p = Path.of(raw);
            if (!Files.exists(p) && raw.contains("%")) {
                try {
                    Path decoded = Path.of(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
                    if (Files.exists(decoded)) p = decoded;
                } catch (IllegalArgumentException e) {
                    // keep the raw path
                }
            }
            return new Location.LocalFile(p);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("s3://")
                || lower.startsWith("gs://") || lower.startsWith("azure://")) {
            return new Location.Remote(u, scope);
        }
        if (u.endsWith("/uploading_file") || u.endsWith("/failed_uploading")) return new Location.Missing("the upload did not finish");
        if (u.startsWith("/")) return new Location.LocalFile(Path.of(u));
        return new Location.Missing("unsupported uri " + u);
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    static Instant instant(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s, ISO).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Escapes regex metacharacters the way Python's re.escape does (no \Q..\E, which the server's regex engine lacks). */
    public static String regexEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() * 2);
        for (char c : s.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    static ObjectNode body() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    static void array(ObjectNode o, String field, List<String> values) {
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }

    <T> T call(String endpoint, ObjectNode body, Class<T> type) {
        try {
            return client.call(endpoint, body, type);
        } catch (ApiException e) {
            if (e.isInvalidId()) throw new NotFoundException(e.getMessage());
            throw new WorkspaceException(e.getMessage(), e);
        } catch (ClearmlException e) {
            throw new WorkspaceException(e.getMessage(), e);
        }
    }

    /** The server's host, for names and messages. */
    static String hostOf(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
