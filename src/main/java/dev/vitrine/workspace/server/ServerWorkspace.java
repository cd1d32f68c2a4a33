package dev.vitrine.workspace.server;

import dev.vitrine.clearml.ApiException;
import dev.vitrine.clearml.ArtifactInfo;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.clearml.ClearmlException;
import dev.vitrine.clearml.ModelInfo;
import dev.vitrine.clearml.ModelLink;
import dev.vitrine.clearml.ModelsApi;
import dev.vitrine.clearml.ProjectInfo;
import dev.vitrine.clearml.ProjectsApi;
import dev.vitrine.clearml.TaskInfo;
import dev.vitrine.clearml.TasksApi;
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
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
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
    /** What the search box matches ({@code _any_}). */
    private static final List<String> SEARCH_FIELDS = List.of("name", "id", "comment");

    private static final java.util.concurrent.atomic.AtomicLong SCOPES = new java.util.concurrent.atomic.AtomicLong();

    private final ClearmlClient client;
    private final TasksApi tasks;
    private final ModelsApi models;
    private final ProjectsApi projects;
    private final String displayName;
    private final String storageScope;
    private final ScheduledExecutorService watchTimer;

    /** A workspace whose task watchers each run on a timer of their own (tests, tools). */
    public ServerWorkspace(ClearmlClient client, String displayName) {
        this(client, displayName, null);
    }

    /**
     * @param watchTimer where {@link #watch} polls (the app's one scheduled executor, owned by the
     *                   caller), or null for a timer per watcher
     */
    public ServerWorkspace(ClearmlClient client, String displayName, ScheduledExecutorService watchTimer) {
        this.client = client;
        this.tasks = new TasksApi(client);
        this.models = new ModelsApi(client);
        this.projects = new ProjectsApi(client);
        this.displayName = displayName;
        this.storageScope = "server-" + SCOPES.incrementAndGet();
        this.watchTimer = watchTimer;
    }

    public ClearmlClient client() {
        return client;
    }

    /** The tasks service of this server, for the adapter's other parts (intake, lineage). */
    TasksApi tasksApi() {
        return tasks;
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

    /** Where the fileserver's refusal of a token is reported, so the next one is fresh. */
    public java.util.function.Consumer<String> tokenRefused() {
        return client::tokenRefused;
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
            ProjectsApi.Query q = new ProjectsApi.Query().searchHidden(true).includeStats(true)
                    .includeStatsFilter(statsFilter(TaskQuery.all()))
                    .onlyFields(List.of("id", "name", "basename", "parent", "system_tags")).orderBy(List.of("name"))
                    .page(page, MAX_PAGE);
            List<ProjectInfo> ps = wire(() -> projects.getAllEx(q));
            for (ProjectInfo p : ps) {
                if (p.hidden()) continue;
                out.add(new Project(p.id(), p.name() == null ? p.id() : p.name(), p.parentId(), p.totalTasks()));
            }
            if (ps.size() < MAX_PAGE) return out;
        }
    }

    @Override
    public Page<Task> tasks(TaskQuery q) {
        TasksApi.Query body = taskFilter(q).onlyFields(TASK_LIST_FIELDS).orderBy(List.of(q.orderBy())).page(q.page(), q.pageSize());
        List<Task> items = new ArrayList<>();
        for (TaskInfo t : tasks(body)) items.add(task(t));
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
        ProjectsApi.Query query = new ProjectsApi.Query().ids(List.of(q.projectId())).searchHidden(true).includeStats(true)
                .statsWithChildren(q.includeSubprojects()).includeStatsFilter(statsFilter(q)).onlyFields(List.of("id"));
        List<ProjectInfo> ps = wire(() -> projects.getAllEx(query));
        return ps.isEmpty() ? null : ps.get(0).totalTasks();
    }

    /** The task list's filter as stats filter: the same list rules, and the archived and hidden tasks the list leaves out. */
    private static Map<String, List<String>> statsFilter(TaskQuery q) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("system_tags", List.of("-archived", "-hidden"));
        if (!q.statuses().isEmpty()) f.put("status", q.statuses());
        if (!q.types().isEmpty()) f.put("type", q.types());
        if (!q.tags().isEmpty()) f.put("tags", q.tags());
        if (!q.users().isEmpty()) f.put("user", q.users());
        return f;
    }

    /** The filter part of a tasks query, shared with lineage look-ups. */
    static TasksApi.Query taskFilter(TaskQuery q) {
        TasksApi.Query body = new TasksApi.Query();
        if (q.projectId() != null) body.projects(List.of(q.projectId())).includeSubprojects(q.includeSubprojects());
        body.systemTags(List.of("-archived"));
        if (!q.statuses().isEmpty()) body.statuses(q.statuses());
        if (!q.types().isEmpty()) body.types(q.types());
        if (!q.tags().isEmpty()) body.tags(q.tags());
        if (!q.users().isEmpty()) body.users(q.users());
        if (q.search() != null && !q.search().isBlank()) body.search(regexEscape(q.search().strip()), SEARCH_FIELDS);
        return body;
    }

    /** tasks.get_all_ex with the workspace's errors. */
    List<TaskInfo> tasks(TasksApi.Query q) {
        return wire(() -> tasks.getAllEx(q));
    }

    @Override
    public TaskDetails task(String taskId) {
        if (taskId == null || !taskId.matches("[0-9a-fA-F]{32}")) throw new NotFoundException("No task with id '" + taskId + "'");
        List<String> fields = new ArrayList<>(TASK_LIST_FIELDS);
        fields.add("execution.artifacts");
        fields.add("models");
        List<TaskInfo> r = tasks(new TasksApi.Query().ids(List.of(taskId)).onlyFields(fields));
        if (r.isEmpty()) throw new NotFoundException("No task with id " + taskId + " on " + displayName);
        TaskInfo t = r.get(0);
        List<Artifact> artifacts = new ArrayList<>();
        for (ArtifactInfo a : t.artifacts()) artifacts.add(artifact(a));
        List<String> ids = new ArrayList<>();
        for (ModelLink m : t.inputModels()) if (m.modelId() != null) ids.add(m.modelId());
        for (ModelLink m : t.outputModels()) if (m.modelId() != null) ids.add(m.modelId());
        Map<String, ModelRef> byId = modelsById(ids);
        return new TaskDetails(task(t), artifacts, resolve(t.inputModels(), byId), resolve(t.outputModels(), byId));
    }

    private List<ModelRef> resolve(List<ModelLink> items, Map<String, ModelRef> byId) {
        List<ModelRef> out = new ArrayList<>();
        for (ModelLink m : items) {
            String id = m.modelId();
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
            ModelsApi.Query q = new ModelsApi.Query().ids(unique.subList(i, Math.min(unique.size(), i + MAX_PAGE)))
                    .onlyFields(MODEL_FIELDS).page(0, MAX_PAGE);
            for (ModelInfo m : wire(() -> models.getAllEx(q))) out.put(m.id(), model(m));
        }
        return out;
    }

    @Override
    public Page<ModelRef> models(ModelQuery q) {
        ModelsApi.Query body = new ModelsApi.Query();
        if (q.projectId() != null) body.projects(List.of(q.projectId()));
        if (q.taskId() != null) body.tasks(List.of(q.taskId()));
        if (!q.frameworks().isEmpty()) body.frameworks(q.frameworks());
        if (!q.tags().isEmpty()) body.tags(q.tags());
        if (q.ready() != null) body.ready(q.ready());
        if (q.search() != null) body.search(regexEscape(q.search()), SEARCH_FIELDS);
        body.systemTags(List.of("-archived")).onlyFields(MODEL_FIELDS).orderBy(List.of(q.orderBy())).page(q.page(), q.pageSize());
        List<ModelRef> items = new ArrayList<>();
        for (ModelInfo m : wire(() -> models.getAllEx(body))) items.add(model(m));
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
        ProjectsApi.Query q = new ProjectsApi.Query().name("^" + regexEscape(name) + "$").searchHidden(true)
                .onlyFields(List.of("id", "name", "parent"));
        List<ProjectInfo> r = wire(() -> projects.getAllEx(q));
        if (r.isEmpty()) return null;
        ProjectInfo p = r.get(0);
        return new Project(p.id(), p.name(), p.parentId(), null);
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
        return java.util.Optional.of(new TaskWatcher(this, current.task().id(), interval, onChange, onError, watchTimer).start(current));
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- wire -> domain ----

    static Task task(TaskInfo t) {
        return new Task(t.id(), t.name(), t.projectId(), t.projectName(), t.status(), t.type(),
                t.userName() != null ? t.userName() : t.userId(),
                t.tags(), t.systemTags(), t.created(), t.started(), t.lastUpdate(), t.outputDestination(), t.comment());
    }

    private Artifact artifact(ArtifactInfo a) {
        List<Map.Entry<String, String>> dd = new ArrayList<>();
        if (a.displayData() != null) {
            for (List<Object> pair : a.displayData()) {
                if (pair == null || pair.isEmpty()) continue;
                dd.add(new AbstractMap.SimpleImmutableEntry<>(String.valueOf(pair.get(0)), pair.size() > 1 ? String.valueOf(pair.get(1)) : ""));
            }
        }
        ArtifactInfo.TypeData td = a.typeData();
        return new Artifact(a.key(), a.type(), ArtifactMode.fromWire(a.mode()), a.uri(), a.hash(), a.contentSize(),
                a.timestamp() == null ? null : Instant.ofEpochSecond(a.timestamp()),
                td == null ? null : td.preview(), td == null ? null : td.contentType(), td == null ? null : td.dataHash(),
                dd, location(a.uri(), storageScope));
    }

    private ModelRef model(ModelInfo m) {
        return new ModelRef(m.id(), m.name(), m.framework(), m.uri(), m.taskId(), m.projectId(), m.projectName(), m.created(),
                m.tags(), m.labels(), m.ready(), m.comment(), m.design(), m.metadata(), location(m.uri(), storageScope));
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

    /** Escapes regex metacharacters the way Python's re.escape does (no \Q..\E, which the server's regex engine lacks). */
    public static String regexEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() * 2);
        for (char c : s.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    /** Runs a call of the client with the workspace's errors: an unknown id is not found, the rest a workspace failure. */
    static <T> T wire(Supplier<T> call) {
        try {
            return call.get();
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
