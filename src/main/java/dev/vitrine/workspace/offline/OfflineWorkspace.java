package dev.vitrine.workspace.offline;

import dev.vitrine.workspace.ModelQuery;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A workspace made of ClearML offline sessions (folders or zips). Each session is one task; its
 * {@code project_name} places it in a project. An artifact uri that points into another session of
 * the same workspace is resolved there, so a pipeline of offline tasks can be walked.
 *
 * <p>Thread-safe: sessions can be added while other threads read.
 */
public final class OfflineWorkspace implements Workspace {

    private final String name;
    private final Kind kind;
    private final List<OfflineSession> sessions = new CopyOnWriteArrayList<>();

    /** task.json up to this is rewritten from a tree, past it streaming (tests lower it to reach the streaming path cheaply). */
    private final long rewriteTreeLimit;

    public OfflineWorkspace(String name, Kind kind, List<OfflineSession> sessions) {
        this(name, kind, sessions, SessionWriter.TREE_LIMIT);
    }

    OfflineWorkspace(String name, Kind kind, List<OfflineSession> sessions, long rewriteTreeLimit) {
        this.name = name;
        this.kind = kind;
        this.sessions.addAll(sessions);
        this.rewriteTreeLimit = rewriteTreeLimit;
    }

    /** Opens each path as a session; fails on the first that is not one. */
    public static OfflineWorkspace open(String name, List<Path> paths) {
        List<OfflineSession> list = new ArrayList<>();
        for (Path p : paths) list.add(OfflineSession.open(p));
        return new OfflineWorkspace(name, Kind.OFFLINE, list);
    }

    /** Adds a session (opened from a menu or a drop); replaces one with the same task id. */
    public OfflineSession add(Path path) {
        OfflineSession s = OfflineSession.open(path);
        sessions.removeIf(o -> o.taskId().equals(s.taskId()));
        sessions.add(s);
        return s;
    }

    /**
     * Stores a file as an artifact of an offline task, where and as the SDK would have while
     * offline, and reloads the session.
     *
     * @param entry      the artifact's fields; its uri is set here
     * @param storedName the stored file name (the SDK's rule)
     * @return the registered artifact, located in the session
     * @throws dev.vitrine.workspace.WorkspaceException on a name clash without {@code replace}, or a write failure
     */
    public synchronized dev.vitrine.workspace.Artifact addArtifact(String taskId, dev.vitrine.workspace.Artifact entry,
                                                                    String storedName, Path file, boolean replace) {
        OfflineSession s = session(taskId);
        dev.vitrine.workspace.Artifact added = SessionWriter.add(s, entry, storedName, file, replace, rewriteTreeLimit);
        OfflineSession reloaded = OfflineSession.open(s.source());
        sessions.replaceAll(o -> o == s ? reloaded : o);
        return artifacts(taskId, added.key()).stream().filter(a -> a.mode() == added.mode()).findFirst().orElse(added);
    }

    /** Sessions opened as such take uploads; the demo (the same adapter) stays read-only. */
    @Override
    public java.util.Optional<dev.vitrine.workspace.ArtifactIntake> intake() {
        if (kind != Kind.OFFLINE) return java.util.Optional.empty();
        return java.util.Optional.of((dev.vitrine.workspace.ArtifactIntake.Local) this::addArtifact);
    }

    /** An input of a session's task was produced by the task of the session holding its file. */
    @Override
    public java.util.Optional<Task> producerOf(dev.vitrine.workspace.StoredFile input) {
        dev.vitrine.workspace.Location loc = input.location();
        Path zipOrFile = loc instanceof dev.vitrine.workspace.Location.ZipMember m ? m.zip()
                : loc instanceof dev.vitrine.workspace.Location.LocalFile f ? f.path() : null;
        if (zipOrFile == null) return java.util.Optional.empty();
        for (OfflineSession s : sessions) {
            if (zipOrFile.startsWith(s.source())) return java.util.Optional.of(s.task());
        }
        return java.util.Optional.empty();
    }

    public List<OfflineSession> sessions() {
        return List.copyOf(sessions);
    }

    static String projectId(String projectName) {
        return "project:" + projectName;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public List<Project> projects() {
        Map<String, Long> counts = new TreeMap<>();
        for (OfflineSession s : sessions) {
            String p = s.projectName() == null ? "(no project)" : s.projectName();
            String[] parts = p.split("/");
            StringBuilder prefix = new StringBuilder();
            // like the server's stats with sub-projects: a parent counts the tasks of its descendants
            for (String part : parts) {
                if (prefix.length() > 0) prefix.append('/');
                prefix.append(part);
                counts.merge(prefix.toString(), 1L, Long::sum);
            }
        }
        List<Project> out = new ArrayList<>();
        counts.forEach((full, count) -> {
            int slash = full.lastIndexOf('/');
            out.add(new Project(projectId(full), full, slash < 0 ? null : projectId(full.substring(0, slash)), count));
        });
        return out;
    }

    @Override
    public Page<Task> tasks(TaskQuery q) {
        List<Task> all = new ArrayList<>();
        for (OfflineSession s : sessions) {
            Task t = s.task();
            if (matches(t, q)) all.add(t);
        }
        all.sort(order(q.orderBy()));
        return Page.of(all, q.page(), q.pageSize());
    }

    private static boolean matches(Task t, TaskQuery q) {
        if (q.projectId() != null) {
            String pid = t.projectId() == null ? projectId("(no project)") : t.projectId();
            boolean same = pid.equals(q.projectId());
            boolean sub = q.includeSubprojects() && pid.startsWith(q.projectId() + "/");
            if (!same && !sub) return false;
        }
        // offline sessions record no status or user: such a task matches no filter on them (List.of().contains(null) throws)
        if (!q.statuses().isEmpty() && (t.status() == null || !q.statuses().contains(t.status()))) return false;
        if (!q.types().isEmpty() && (t.type() == null || !q.types().contains(t.type()))) return false;
        if (!q.users().isEmpty() && (t.user() == null || !q.users().contains(t.user()))) return false;
        if (!q.tags().isEmpty() && t.tags().stream().noneMatch(q.tags()::contains)) return false;
        if (q.search() != null && !q.search().isBlank()) {
            String needle = q.search().toLowerCase(Locale.ROOT);
            return contains(t.name(), needle) || contains(t.id(), needle) || contains(t.comment(), needle);
        }
        return true;
    }

    private static boolean contains(String hay, String needle) {
        return hay != null && hay.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static Comparator<Task> order(String orderBy) {
        boolean desc = orderBy.startsWith("-");
        String field = desc ? orderBy.substring(1) : orderBy;
        Comparator<Task> c = switch (field) {
            case "name" -> by(Task::name);
            case "status" -> by(Task::status);
            case "type" -> by(Task::type);
            case "user" -> by(Task::user);
            case "created" -> byInstant(Task::created);
            case "started" -> byInstant(Task::started);
            default -> byInstant(Task::lastUpdate);
        };
        if (desc) c = c.reversed();
        return c.thenComparing(Task::name).thenComparing(Task::id);
    }

    private static Comparator<Task> by(Function<Task, String> f) {
        return Comparator.comparing(f, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER));
    }

    private static Comparator<Task> byInstant(Function<Task, Instant> f) {
        return Comparator.comparing(f, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    /**
     * Artifacts a task's details carry at most; past it they are paged. Ten thousand parse in well
     * under a second and are what a table shows usefully at once.
     */
    static final int INLINE_ARTIFACTS = 10_000;

    @Override
    public TaskDetails task(String taskId) {
        OfflineSession s = session(taskId);
        List<OfflineSession> all = List.copyOf(sessions);
        int n = s.artifactCount();
        return new TaskDetails(s.task(), s.artifacts(all, 0, Math.min(n, INLINE_ARTIFACTS)), List.of(), s.outputModels(), n);
    }

    @Override
    public Page<dev.vitrine.workspace.Artifact> artifacts(String taskId, int page, int pageSize) {
        if (page < 0 || pageSize <= 0) throw new IllegalArgumentException("page " + page + " of " + pageSize);
        OfflineSession s = session(taskId);
        long from = (long) page * pageSize;
        int n = s.artifactCount();
        if (from >= n) return new Page<>(List.of(), page, pageSize, false);
        int to = (int) Math.min(n, from + pageSize);
        return new Page<>(s.artifacts(List.copyOf(sessions), (int) from, to), page, pageSize, to < n);
    }

    @Override
    public List<dev.vitrine.workspace.Artifact> artifacts(String taskId, String key) {
        return session(taskId).artifactsWithKey(List.copyOf(sessions), key);
    }

    public OfflineSession session(String taskId) {
        return sessions.stream().filter(s -> s.taskId().equals(taskId)).findFirst()
                .orElseThrow(() -> new NotFoundException("No task " + taskId + " in " + name));
    }

    @Override
    public Page<ModelRef> models(ModelQuery q) {
        List<ModelRef> all = new ArrayList<>();
        for (OfflineSession s : sessions) {
            if (q.taskId() != null && !q.taskId().equals(s.taskId())) continue;
            for (ModelRef m : s.outputModels()) {
                if (!q.matches(m)) continue;
                if (q.projectId() == null || q.projectId().equals(m.projectId())
                        || (m.projectId() != null && m.projectId().startsWith(q.projectId() + "/"))) {
                    all.add(m);
                }
            }
        }
        all.sort(modelOrder(q.orderBy()));
        return Page.of(all, q.page(), q.pageSize());
    }

    /** The server's {@code order_by} on the fields a session records; what it lacks (created, published) sorts as equal. */
    private static Comparator<ModelRef> modelOrder(String orderBy) {
        boolean desc = orderBy.startsWith("-");
        String field = desc ? orderBy.substring(1) : orderBy;
        Comparator<ModelRef> c = switch (field) {
            case "name" -> Comparator.comparing(ModelRef::name, String.CASE_INSENSITIVE_ORDER);
            case "framework" -> Comparator.comparing(ModelRef::framework, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER));
            case "ready" -> Comparator.comparing(ModelRef::ready, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "created", "last_update" -> Comparator.comparing(ModelRef::created, Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> (a, b) -> 0;
        };
        if (desc) c = c.reversed();
        return c;
    }

    /** The tasks whose session names the model among its input models (a model of another session or of a server). */
    @Override
    public List<Task> tasksUsingModel(String modelId) {
        List<Task> out = new ArrayList<>();
        for (OfflineSession s : sessions) {
            if (s.inputModelIds().contains(modelId)) out.add(s.task());
        }
        out.sort(order("-last_update"));
        return out;
    }

    @Override
    public ModelRef model(String modelId) {
        for (OfflineSession s : sessions) {
            for (ModelRef m : s.outputModels()) if (m.id().equals(modelId)) return m;
        }
        throw new NotFoundException("No model " + modelId + " in " + name);
    }
}
