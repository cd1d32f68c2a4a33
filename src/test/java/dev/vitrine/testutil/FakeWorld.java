package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The fake server's data and query engine: projects, tasks and models stored as the real server
 * returns them from {@code get_by_id} (references as id strings), queried with the rules of
 * API.md 4 and the transcripts README (list filters with {@code -x} and {@code __$} operators,
 * case-sensitive regex fields, case-insensitive {@code _any_/_all_}, hidden entities, ordering
 * with missing values last, paging capped at 500, scroll, projections, {@code *_ex} reference
 * objects and joins). Thread-safe through one lock.
 */
public final class FakeWorld {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    public static final String COMPANY = "d1bd92a3b039400cbafc60a7a5b1e52b";
    public static final String USER = "__tests__";

    static final Set<String> TASK_FIELDS = Set.of("id", "name", "user", "company", "type", "status", "status_reason",
            "status_message", "status_changed", "comment", "report", "report_assets", "created", "started", "completed",
            "published", "active_duration", "parent", "project", "output", "execution", "script", "tags", "system_tags",
            "models", "container", "runtime", "hyperparams", "configuration", "last_update", "last_change",
            "last_changed_by", "last_worker", "last_worker_report", "last_iteration", "last_metrics", "enqueue_status", "unique_metrics");
    static final Set<String> MODEL_FIELDS = Set.of("id", "name", "user", "company", "created", "last_update", "last_change",
            "last_changed_by", "task", "parent", "project", "comment", "tags", "system_tags", "framework", "design", "labels",
            "uri", "ready", "metadata", "last_iteration", "last_metrics", "ui_cache", "stats");
    static final Set<String> PROJECT_FIELDS = Set.of("id", "name", "basename", "description", "user", "company", "created",
            "tags", "system_tags", "default_output_destination", "last_update", "parent", "featured", "logo_url", "path");
    static final Map<String, Set<String>> REFS = Map.of(
            "Task", Set.of("project", "user", "company", "parent"),
            "Model", Set.of("task", "project", "user", "company", "parent"),
            "Project", Set.of("user", "company", "parent"));

    final Map<String, ObjectNode> projects = new LinkedHashMap<>();
    final Map<String, ObjectNode> tasks = new LinkedHashMap<>();
    final Map<String, ObjectNode> models = new LinkedHashMap<>();
    final Map<String, String> userNames = new HashMap<>();
    final Map<String, Integer> scrolls = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** What {@link FakeWrites} stores beside the entities: events per task or model id. */
    final Map<String, List<ObjectNode>> events = new LinkedHashMap<>();
    volatile Instant now = Instant.now();

    public FakeWorld() {
        userNames.put(USER, "Default User");
    }

    // ---- seeding ----

    public ObjectNode addProject(String name) {
        synchronized (lock) {
            String parentName = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : null;
            String parentId = null;
            if (parentName != null) {
                ObjectNode parent = projectByName(parentName);
                parentId = parent == null ? addProject(parentName).get("id").asText() : parent.get("id").asText();
            }
            ObjectNode existing = projectByName(name);
            if (existing != null) return existing;
            ObjectNode p = F.objectNode();
            p.put("id", newId());
            p.put("company", COMPANY);
            p.put("user", USER);
            p.put("name", name);
            p.put("basename", name.substring(name.lastIndexOf('/') + 1));
            p.put("description", "");
            p.put("created", date(now));
            p.putArray("tags");
            ArrayNode st = p.putArray("system_tags");
            if (name.substring(name.lastIndexOf('/') + 1).startsWith(".")) st.add("hidden");
            p.put("last_update", date(now));
            p.put("featured", 9999);
            if (parentId != null) p.put("parent", parentId);
            ArrayNode path = p.putArray("path");
            if (parentId != null) {
                projects.get(parentId).path("path").forEach(path::add);
                path.add(parentId);
            }
            projects.put(p.get("id").asText(), p);
            version++;
            return p;
        }
    }

    public void putProject(ObjectNode p) {
        synchronized (lock) {
            version++;
            projects.put(p.get("id").asText(), p);
        }
    }

    public void putTask(ObjectNode t) {
        synchronized (lock) {
            version++;
            tasks.put(t.get("id").asText(), t);
        }
    }

    public void putModel(ObjectNode m) {
        synchronized (lock) {
            version++;
            models.put(m.get("id").asText(), m);
        }
    }

    public ObjectNode task(String id) {
        synchronized (lock) {
            return tasks.get(id);
        }
    }

    public ObjectNode model(String id) {
        synchronized (lock) {
            return models.get(id);
        }
    }

    public ObjectNode projectByName(String name) {
        synchronized (lock) {
            return projects.values().stream().filter(p -> name.equals(p.path("name").asText())).findFirst().orElse(null);
        }
    }

    /** A light task as {@code tasks.create} makes it (the transcripts' bulk tasks), returned for tweaking. */
    public ObjectNode newTask(String projectId, String name, String type, String status, Instant created) {
        ObjectNode t = F.objectNode();
        t.put("id", newId());
        t.put("company", COMPANY);
        t.put("user", USER);
        t.put("name", name);
        t.put("type", type);
        t.put("status", status);
        t.put("status_reason", "");
        t.put("status_message", "");
        t.put("status_changed", date(created));
        t.put("comment", "");
        t.putArray("report_assets");
        t.put("created", date(created));
        if (!"created".equals(status) && !"queued".equals(status)) t.put("started", date(created.plusSeconds(1)));
        if ("completed".equals(status) || "failed".equals(status)) t.put("completed", date(created.plusSeconds(2)));
        t.put("project", projectId);
        t.putObject("output").put("destination", "file:///tmp/clearml-world/storage");
        ObjectNode exec = t.putObject("execution");
        exec.putObject("parameters");
        exec.putObject("model_desc");
        exec.putObject("model_labels");
        exec.putArray("artifacts");
        exec.put("docker_cmd", "");
        ObjectNode m = t.putObject("models");
        m.putArray("input");
        m.putArray("output");
        t.putObject("container");
        t.putArray("tags");
        t.putArray("system_tags");
        t.put("last_change", date(created));
        t.put("last_changed_by", USER);
        t.put("last_update", date(created));
        putTask(t);
        return t;
    }

    /**
     * Seeds {@code n} light tasks into a project with the transcripts' bulk rules (names
     * {@code run-NNNN <arch>}, type by i%4, even/odd and milestone tags, status by i), created one
     * millisecond apart so "-created" and "-last_update" orders are well defined.
     */
    public String seedBulk(String projectName, int n) {
        String pid = addProject(projectName).get("id").asText();
        String[] arch = {"resnet", "vit", "unet", "bert", "gpt"};
        String[] types = {"training", "testing", "inference", "data_processing"};
        Instant t0 = now.minusSeconds(86_400);
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                String status = i % 10 == 3 ? "completed" : i % 50 == 7 ? "failed" : i % 40 == 9 ? "in_progress" : "created";
                ObjectNode t = newTask(pid, String.format(Locale.ROOT, "run-%04d %s", i, arch[i % 5]), types[i % 4], status,
                        t0.plusMillis(i));
                ArrayNode tags = (ArrayNode) t.get("tags");
                tags.add(i % 2 == 0 ? "even" : "odd");
                if (i % 100 == 0) tags.add("milestone");
                sortStrings(tags);
            }
        }
        return pid;
    }

    // ---- queries ----

    record Result(List<ObjectNode> items, String scrollId) {}

    List<ObjectNode> snapshot(String kind) {
        synchronized (lock) {
            return new ArrayList<>(store(kind).values());
        }
    }

    Map<String, ObjectNode> store(String kind) {
        switch (kind) {
            case "Task": return tasks;
            case "Model": return models;
            default: return projects;
        }
    }

    /** {@code *.get_all[_ex]}: filter, order, page/scroll, project. */
    Result getAll(String kind, ObjectNode req, boolean ex) {
        Set<String> fields = kind.equals("Task") ? TASK_FIELDS : kind.equals("Model") ? MODEL_FIELDS : PROJECT_FIELDS;
        List<String> only = strings(req.get("only_fields"));
        checkOnlyFields(kind, fields, only, ex);
        List<String> order = strings(req.get("order_by"));
        for (String o : order) {
            String f = o.startsWith("-") ? o.substring(1) : o;
            String top = f.split("\\.")[0];
            if (!fields.contains(top) && !f.equals("@text_score")) {
                throw new FakeError(400, 14, "Lookup error (probably an invalid field name or unsupported nested field): err=Cannot resolve field \"" + f + "\"");
            }
        }
        boolean scrolling = req.has("scroll_id");
        int page = 0;
        int size = 500;
        if (scrolling) {
            JsonNode sz = req.get("size");
            if (sz == null || !sz.isInt() || sz.asInt() < 1) throw FakeError.validation("size must be a positive integer when scrolling");
            size = Math.min(sz.asInt(), 500);
        } else {
            if (req.has("page") && req.has("page_size") && req.get("page_size").isNull()) {
                throw new FakeError(400, 11, "Missing required fields (page_size is required when page is requested): field=page_size");
            }
            if (req.hasNonNull("page")) {
                page = req.get("page").asInt();
                if (page < 0) throw new FakeError(400, 12, "Validation error (page must be >=0): field=page");
            }
            if (req.hasNonNull("page_size")) {
                size = req.get("page_size").asInt();
                if (size < 1) throw new FakeError(400, 12, "Validation error (page_size must be >0): field=page_size");
                size = Math.min(size, 500);
            }
        }

        List<ObjectNode> matched = matched(kind, req, order);

        String scrollId = null;
        int from;
        if (scrolling) {
            JsonNode sid = req.get("scroll_id");
            Integer pos = sid != null && sid.isTextual() ? scrolls.get(sid.asText()) : null;
            if (pos == null) {
                scrollId = newId();
                pos = 0;
            } else {
                scrollId = sid.asText();
            }
            if (req.path("refresh_scroll").asBoolean(false)) {
                int end = Math.min(matched.size(), pos);
                scrolls.put(scrollId, end);
                return new Result(project(kind, matched.subList(0, end), only, ex, req), scrollId);
            }
            from = Math.min(pos, matched.size());
            int to = Math.min(matched.size(), from + size);
            scrolls.put(scrollId, to);
            return new Result(project(kind, matched.subList(from, to), only, ex, req), scrollId);
        }
        from = (int) Math.min(matched.size(), (long) page * size);
        int to = Math.min(matched.size(), from + size);
        return new Result(project(kind, matched.subList(from, to), only, ex, req), null);
    }

    private final Map<String, List<ObjectNode>> queryCache = new ConcurrentHashMap<>();
    private volatile long cacheVersion = -1;
    private volatile long version;

    /** Filtered and ordered entities; the same query (paging aside) is answered from a cache until the world changes. */
    private List<ObjectNode> matched(String kind, ObjectNode req, List<String> order) {
        ObjectNode keyNode = req.deepCopy();
        keyNode.remove(List.of("page", "page_size", "only_fields", "scroll_id", "size", "refresh_scroll"));
        String key = kind + keyNode;
        if (cacheVersion != version) {
            queryCache.clear();
            cacheVersion = version;
        }
        List<ObjectNode> cached = queryCache.get(key);
        if (cached != null) return cached;
        Predicate<ObjectNode> filter = filter(kind, req);
        List<ObjectNode> matched = new ArrayList<>();
        for (ObjectNode o : snapshot(kind)) if (filter.test(o)) matched.add(o);
        if (!order.isEmpty()) {
            List<String> keys = new ArrayList<>(order);
            if (!keys.contains("id") && !keys.contains("-id")) keys.add("id");
            matched.sort(comparator(keys));
        }
        if (queryCache.size() > 64) queryCache.clear();
        queryCache.put(key, matched);
        return matched;
    }

    /** Marks the world changed (call after editing entities in place). */
    public void changed() {
        version++;
    }

    private void checkOnlyFields(String kind, Set<String> fields, List<String> only, boolean ex) {
        List<String> bad = new ArrayList<>();
        for (String f : only) {
            String p = f.startsWith("-") ? f.substring(1) : f;
            String top = p.split("\\.")[0];
            if (!fields.contains(top)) bad.add(p);
            else if (!ex && REFS.get(kind).contains(top) && p.contains(".")) {
                throw new FakeError(400, 14, "Lookup error (probably an invalid field name or unsupported nested field): err=Cannot resolve field \""
                        + p.substring(p.indexOf('.') + 1) + "\"");
            }
        }
        if (!bad.isEmpty()) {
            throw new FakeError(400, 14, "Fields not defined for object: fields=(" + String.join(", ", bad) + "), object=" + kind);
        }
    }

    // ---- filters ----

    Predicate<ObjectNode> filter(String kind, ObjectNode req) {
        List<Predicate<ObjectNode>> ps = new ArrayList<>();
        boolean byId = req.has("id") && !req.get("id").isNull();
        if (byId) ps.add(listFilter("id", req.get("id")));
        for (String f : List.of("tags", "system_tags", "status", "type", "user", "framework", "uri")) {
            if (req.has(f) && !req.get(f).isNull()) ps.add(listFilter(f, req.get(f)));
        }
        for (String f : List.of("name", "basename", "comment", "description")) {
            if (req.hasNonNull(f) && req.get(f).isTextual()) {
                Pattern p = Pattern.compile(req.get(f).asText());
                ps.add(o -> o.hasNonNull(f) && p.matcher(o.get(f).asText()).find());
            }
        }
        if (kind.equals("Model") && req.has("ready") && req.get("ready").isBoolean()) {
            boolean r = req.get("ready").asBoolean();
            ps.add(o -> o.path("ready").asBoolean(false) == r);
        }
        for (String dir : List.of("input", "output")) {
            String key = "models." + dir + ".model";
            if (kind.equals("Task") && req.has(key) && !req.get(key).isNull()) {
                List<String> wanted = strings(req.get(key));
                ps.add(o -> {
                    for (JsonNode item : o.path("models").path(dir)) if (wanted.contains(item.path("model").asText())) return true;
                    return false;
                });
            }
        }
        if (kind.equals("Model") && req.has("task") && !req.get("task").isNull()) ps.add(listFilter("task", req.get("task")));
        if (req.has("project") && !req.get("project").isNull() && !kind.equals("Project")) {
            List<String> pids = strings(req.get("project"));
            Set<String> all = new java.util.HashSet<>(pids);
            if (req.path("include_subprojects").asBoolean(false)) for (String pid : pids) all.addAll(descendants(pid));
            ps.add(o -> all.contains(o.path("project").asText(null)));
        }
        if (kind.equals("Project")) {
            boolean shallow = req.path("shallow_search").asBoolean(false);
            List<String> parents = req.has("parent") ? nullableStrings(req.get("parent")) : null;
            if (shallow) {
                List<String> ps2 = parents == null ? java.util.Collections.singletonList(null) : parents;
                ps.add(o -> ps2.contains(o.path("parent").asText(null)));
            } else if (parents != null) {
                Set<String> desc = new java.util.HashSet<>();
                for (String pid : parents) if (pid != null) desc.addAll(descendants(pid));
                ps.add(o -> desc.contains(o.get("id").asText()));
            }
        } else if (kind.equals("Task") && req.has("parent") && !req.get("parent").isNull()) {
            ps.add(listFilter("parent", req.get("parent")));
        }
        for (String op : List.of("_any_", "_all_")) {
            JsonNode spec = req.get(op);
            if (spec != null && spec.isObject() && spec.hasNonNull("pattern")) {
                Pattern p = Pattern.compile(spec.get("pattern").asText(), Pattern.CASE_INSENSITIVE);
                List<String> fs = strings(spec.get("fields"));
                boolean any = op.equals("_any_");
                ps.add(o -> {
                    boolean all = true;
                    boolean some = false;
                    for (String f : fs) {
                        JsonNode v = o.get(f);
                        boolean m = v != null && !v.isNull() && p.matcher(v.isTextual() ? v.asText() : v.toString()).find();
                        some |= m;
                        all &= m;
                    }
                    return any ? some : all;
                });
            }
        }
        JsonNode filters = req.get("filters");
        if (filters != null && filters.isObject()) {
            filters.fields().forEachRemaining(e -> ps.add(filtersObject(e.getKey(), e.getValue())));
        }
        if (!kind.equals("Model") && !byId && !req.path("search_hidden").asBoolean(false)) {
            ps.add(o -> !contains(o.get("system_tags"), "hidden"));
        }
        return o -> {
            for (Predicate<ObjectNode> p : ps) if (!p.test(o)) return false;
            return true;
        };
    }

    Set<String> descendants(String pid) {
        ObjectNode p = projects.get(pid);
        Set<String> out = new java.util.HashSet<>();
        if (p == null) return out;
        String prefix = p.get("name").asText() + "/";
        for (ObjectNode q : projects.values()) if (q.get("name").asText().startsWith(prefix)) out.add(q.get("id").asText());
        return out;
    }

    /** The legacy list filter: OR by default, {@code __$all} switches to AND, {@code -x}/{@code __$not} exclude. */
    static Predicate<ObjectNode> listFilter(String field, JsonNode spec) {
        List<String> values = nullableStrings(spec);
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean includeNull = false;
        boolean and = false;
        boolean not = false;
        for (String v : values) {
            if (v == null) {
                includeNull = true;
                continue;
            }
            switch (v) {
                case "__$all": case "__$and": and = true; continue;
                case "__$any": case "__$or": and = false; continue;
                case "__$not": not = true; continue;
                case "__$nop": not = false; continue;
                default: break;
            }
            if (not || v.startsWith("-") && !field.equals("id")) {
                exclude.add(not ? v : v.substring(1));
                not = false;
            } else {
                include.add(v);
            }
        }
        boolean andMode = and;
        boolean nullOk = includeNull;
        return o -> {
            List<String> have = valuesOf(o.get(field));
            for (String x : exclude) if (have.contains(x)) return false;
            if (include.isEmpty() && !nullOk) return true;
            if (nullOk && have.isEmpty()) return true;
            if (include.isEmpty()) return false;
            return andMode ? have.containsAll(include) : include.stream().anyMatch(have::contains);
        };
    }

    static Predicate<ObjectNode> filtersObject(String field, JsonNode spec) {
        List<Predicate<List<String>>> parts = new ArrayList<>();
        JsonNode any = spec.get("any");
        JsonNode all = spec.get("all");
        if (any != null) {
            List<String> inc = nullableStrings(any.get("include"));
            List<String> exc = nullableStrings(any.get("exclude"));
            if (!inc.isEmpty()) parts.add(have -> inc.stream().anyMatch(v -> v == null ? have.isEmpty() : have.contains(v)));
            if (!exc.isEmpty()) parts.add(have -> exc.stream().anyMatch(v -> v == null ? !have.isEmpty() : !have.contains(v)));
        }
        if (all != null) {
            List<String> inc = nullableStrings(all.get("include"));
            List<String> exc = nullableStrings(all.get("exclude"));
            if (!inc.isEmpty()) parts.add(have -> inc.stream().allMatch(v -> v == null ? have.isEmpty() : have.contains(v)));
            if (!exc.isEmpty()) parts.add(have -> exc.stream().noneMatch(v -> v == null ? have.isEmpty() : have.contains(v)));
        }
        boolean or = "or".equalsIgnoreCase(spec.path("op").asText("and"));
        return o -> {
            List<String> have = valuesOf(o.get(field));
            if (parts.isEmpty()) return true;
            return or ? parts.stream().anyMatch(p -> p.test(have)) : parts.stream().allMatch(p -> p.test(have));
        };
    }

    static List<String> valuesOf(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (v.isArray()) v.forEach(x -> out.add(x.asText()));
        else out.add(v.isObject() ? v.path("id").asText() : v.asText());
        return out;
    }

    static boolean contains(JsonNode arr, String v) {
        return valuesOf(arr).contains(v);
    }

    // ---- ordering ----

    static Comparator<ObjectNode> comparator(List<String> keys) {
        return (a, b) -> {
            for (String k : keys) {
                boolean desc = k.startsWith("-");
                String path = desc ? k.substring(1) : k;
                JsonNode va = at(a, path);
                JsonNode vb = at(b, path);
                boolean ma = va == null || va.isNull() || va.isMissingNode();
                boolean mb = vb == null || vb.isNull() || vb.isMissingNode();
                if (ma && mb) continue;
                if (ma) return 1;   // missing last, in both directions
                if (mb) return -1;
                int c;
                if (va.isNumber() && vb.isNumber()) c = Double.compare(va.asDouble(), vb.asDouble());
                else if (va.isBoolean() && vb.isBoolean()) c = Boolean.compare(va.asBoolean(), vb.asBoolean());
                else c = va.asText().compareTo(vb.asText());
                if (c != 0) return desc ? -c : c;
            }
            return 0;
        };
    }

    static JsonNode at(JsonNode o, String path) {
        JsonNode cur = o;
        for (String p : path.split("\\.")) {
            if (cur == null) return null;
            cur = cur.get(p);
        }
        return cur;
    }

    // ---- projection ----

    List<ObjectNode> project(String kind, List<ObjectNode> items, List<String> only, boolean ex, ObjectNode req) {
        List<ObjectNode> out = new ArrayList<>(items.size());
        for (ObjectNode o : items) {
            ObjectNode p = projectOne(kind, o, only, ex);
            if (kind.equals("Project")) addProjectExtras(o, p, req);
            out.add(p);
        }
        return out;
    }

    ObjectNode projectOne(String kind, ObjectNode full, List<String> only, boolean ex) {
        List<String> inc = new ArrayList<>();
        List<String> exc = new ArrayList<>();
        for (String f : only) {
            if (f.startsWith("-")) exc.add(f.substring(1));
            else inc.add(f);
        }
        Map<String, List<String>> joins = new TreeMap<>();
        ObjectNode r;
        if (!inc.isEmpty()) {
            r = F.objectNode();
            r.put("id", full.get("id").asText());
            for (String path : inc) {
                String top = path.split("\\.")[0];
                if (ex && REFS.get(kind).contains(top) && path.contains(".")) {
                    joins.computeIfAbsent(top, k -> new ArrayList<>()).add(path.substring(top.length() + 1));
                    if (full.hasNonNull(top)) r.set(top, full.get(top).deepCopy());
                    continue;
                }
                copyPath(full, r, path);
            }
        } else {
            r = full.deepCopy();
            for (String path : exc) removePath(r, path);
        }
        // Fields the server loads only for get_by_id (excluded by default in list queries).
        if (kind.equals("Project") && !inc.contains("path")) r.remove("path");
        if (kind.equals("Task") && !inc.contains("unique_metrics")) r.remove("unique_metrics");
        if (ex) {
            for (String ref : REFS.get(kind)) {
                JsonNode v = r.get(ref);
                if (v != null && v.isTextual()) {
                    ObjectNode obj = F.objectNode().put("id", v.asText());
                    for (String jf : joins.getOrDefault(ref, List.of())) {
                        String name = joinedName(ref, v.asText(), jf);
                        if (name != null) obj.put(jf, name);
                    }
                    r.set(ref, obj);
                }
            }
            JsonNode models = r.get("models");
            if (kind.equals("Task") && models != null && models.isObject()) {
                for (String dir : List.of("input", "output")) {
                    JsonNode list = models.get(dir);
                    if (list != null && list.isArray()) {
                        for (JsonNode item : list) {
                            if (item.isObject() && item.path("model").isTextual()) {
                                ((ObjectNode) item).set("model", F.objectNode().put("id", item.get("model").asText()));
                            }
                        }
                    }
                }
            }
        }
        return r;
    }

    private String joinedName(String ref, String id, String field) {
        if (ref.equals("user") || ref.equals("company")) {
            if (!field.equals("name")) return null;
            return ref.equals("user") ? userNames.getOrDefault(id, id) : "clearml";
        }
        ObjectNode target = ref.equals("task") ? tasks.get(id) : ref.equals("project") ? projects.get(id)
                : ref.equals("parent") ? (projects.containsKey(id) ? projects.get(id) : tasks.containsKey(id) ? tasks.get(id) : models.get(id)) : null;
        return target == null || !target.hasNonNull(field) ? null : target.get(field).asText();
    }

    static void copyPath(ObjectNode from, ObjectNode to, String path) {
        String[] parts = path.split("\\.");
        JsonNode src = from;
        ObjectNode dst = to;
        for (int i = 0; i < parts.length; i++) {
            if (src == null || !src.isObject()) return;
            JsonNode v = src.get(parts[i]);
            if (v == null) return;
            if (i == parts.length - 1) {
                dst.set(parts[i], v.deepCopy());
                return;
            }
            if (v.isArray()) {
                // A path inside a list (execution.artifacts.key): the server answers an empty list.
                dst.set(parts[i], F.arrayNode());
                return;
            }
            JsonNode existing = dst.get(parts[i]);
            ObjectNode next = existing instanceof ObjectNode on ? on : dst.putObject(parts[i]);
            dst = next;
            src = v;
        }
    }

    static void removePath(ObjectNode o, String path) {
        String[] parts = path.split("\\.");
        JsonNode cur = o;
        for (int i = 0; i < parts.length - 1; i++) {
            cur = cur.get(parts[i]);
            if (cur == null || !cur.isObject()) return;
        }
        ((ObjectNode) cur).remove(parts[parts.length - 1]);
    }

    void addProjectExtras(ObjectNode full, ObjectNode r, ObjectNode req) {
        String pid = full.get("id").asText();
        if (req.path("search_hidden").asBoolean(false) && contains(full.get("system_tags"), "hidden")) r.put("hidden", true);
        if (req.path("check_own_contents").asBoolean(false)) {
            r.put("own_tasks", tasks.values().stream().filter(t -> pid.equals(t.path("project").asText())).count());
            r.put("own_models", models.values().stream().filter(t -> pid.equals(t.path("project").asText())).count());
        }
        if (req.path("include_stats").asBoolean(false)) {
            // as project_bll.get_project_stats: the children (stats_with_children, default true) are the
            // sub-projects at every level, hidden ones only with search_hidden; the tasks counted are
            // those include_stats_filter lets through (hidden-tagged tasks are not left out), split
            // into active and archived, of which only active is returned
            boolean searchHidden = req.path("search_hidden").asBoolean(false);
            Set<String> scope = new java.util.HashSet<>();
            if (req.path("stats_with_children").asBoolean(true)) {
                for (String d : descendants(pid)) {
                    ObjectNode sub = projects.get(d);
                    if (searchHidden || sub == null || !contains(sub.get("system_tags"), "hidden")) scope.add(d);
                }
            }
            scope.add(pid);
            List<Predicate<ObjectNode>> statsFilter = statsFilter(req.get("include_stats_filter"));
            Map<String, Long> counts = new TreeMap<>();
            for (String s : List.of("closed", "completed", "created", "failed", "in_progress", "published", "publishing", "queued", "stopped", "unknown")) counts.put(s, 0L);
            long total = 0;
            long runtime = 0;
            long recent = 0;
            String lastRun = null;
            for (ObjectNode t : tasks.values()) {
                if (!scope.contains(t.path("project").asText())) continue;
                if (contains(t.get("system_tags"), "archived") || !statsFilter.stream().allMatch(f -> f.test(t))) continue;
                total++;
                counts.merge(t.path("status").asText("unknown"), 1L, Long::sum);
                runtime += t.path("active_duration").asLong(0);
                if ("completed".equals(t.path("status").asText()) || "published".equals(t.path("status").asText())) recent++;
                String started = t.path("started").asText(null);
                if (started != null && (lastRun == null || started.compareTo(lastRun) > 0)) lastRun = started;
            }
            ObjectNode active = r.putObject("stats").putObject("active");
            ObjectNode sc = active.putObject("status_count");
            counts.forEach(sc::put);
            active.put("total_tasks", total);
            active.put("total_runtime", runtime);
            active.put("completed_tasks_24h", recent);
            if (lastRun != null) active.put("last_task_run", lastRun);
            ArrayNode subs = r.putArray("sub_projects");
            projects.values().stream()
                    .filter(q -> scope.contains(q.get("id").asText()) && !q.get("id").asText().equals(pid))
                    .filter(q -> req.path("search_hidden").asBoolean(false) || !contains(q.get("system_tags"), "hidden"))
                    .sorted(Comparator.comparing(q -> q.get("name").asText()))
                    .forEach(q -> subs.addObject().put("id", q.get("id").asText()).put("name", q.get("name").asText()));
        }
    }

    /** include_stats_filter (API 2.17): task field → list of strings with the task list filter's rules (ProjectBLL.get_match_conditions). */
    private static List<Predicate<ObjectNode>> statsFilter(JsonNode spec) {
        List<Predicate<ObjectNode>> out = new ArrayList<>();
        if (spec == null || spec.isNull()) return out;
        if (!spec.isObject()) throw FakeError.validation("error for field 'include_stats_filter': ('value is wrong, expected type \"dict\"', " + FakeClearmlServer.pythonRepr(spec) + ").");
        spec.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v == null || !(v.isArray() || v.isObject()) || v.isEmpty()) {
                throw FakeError.validation("Non empty list or dictionary expected for the field: " + e.getKey());
            }
            if (v.isArray()) {
                for (JsonNode x : v) {
                    if (!x.isTextual()) throw FakeError.validation("Only string values are allowed in the list filter: " + e.getKey());
                }
                out.add(listFilter(e.getKey(), v));
            } else {
                out.add(filtersObject(e.getKey(), v));
            }
        });
        return out;
    }

    // ---- edits ----

    int addOrUpdateArtifacts(ObjectNode req) {
        String tid = requireTask(req);
        JsonNode arts = req.get("artifacts");
        if (arts == null || !arts.isArray()) throw FakeError.validation("error for field 'artifacts'. field is required!");
        for (JsonNode a : arts) {
            if (!a.hasNonNull("key")) {
                throw FakeError.validation("error for field 'artifacts': (\"error for field 'key'.\", validationerror('field is required!')).");
            }
            if (!a.hasNonNull("type")) {
                throw FakeError.validation("error for field 'artifacts': (\"error for field 'type'.\", validationerror('field is required!')).");
            }
        }
        synchronized (lock) {
            ObjectNode t = writableTask(tid);
            ArrayNode list = artifactList(t);
            for (JsonNode a : arts) {
                ObjectNode copy = (ObjectNode) a.deepCopy();
                if (!copy.hasNonNull("mode")) copy.put("mode", "output");
                if (copy.has("display_data") && copy.get("display_data").isArray()) {
                    List<JsonNode> dd = new ArrayList<>();
                    copy.get("display_data").forEach(dd::add);
                    dd.sort(Comparator.comparing(x -> x.path(0).asText()));
                    ArrayNode sorted = F.arrayNode();
                    dd.forEach(x -> {
                        ArrayNode pair = sorted.addArray();
                        x.forEach(y -> pair.add(y.isTextual() ? y.asText() : y.toString()));
                    });
                    copy.set("display_data", sorted);
                }
                removeArtifact(list, copy.get("key").asText(), copy.get("mode").asText());
                list.add(copy);
            }
            sortArtifacts(t, list);
            touch(t);
        }
        return 1;
    }

    /**
     * {@code tasks.edit} as API.md 5.5(b) describes it: only a created task without {@code force};
     * {@code execution} merged field by field (so {@code execution.artifacts} replaces the whole list);
     * the status is never changed by an edit.
     */
    int edit(ObjectNode req) {
        String tid = requireTask(req);
        boolean force = req.path("force").asBoolean(false);
        synchronized (lock) {
            ObjectNode t = tasks.get(tid);
            if (t == null) throw new FakeError(400, 101, "Invalid task id: id=" + tid + ", company=" + COMPANY);
            String st = t.path("status").asText();
            if (!force && !st.equals("created")) throw new FakeError(400, 110, "Invalid task status: expected=created, status=" + st);
            JsonNode exec = req.get("execution");
            if (exec != null && exec.isObject()) {
                ObjectNode stored = t.has("execution") && t.get("execution").isObject() ? (ObjectNode) t.get("execution") : t.putObject("execution");
                exec.fields().forEachRemaining(e -> stored.set(e.getKey(), e.getValue().deepCopy()));
                ArrayNode list = artifactList(t);
                for (JsonNode a : list) if (a.isObject() && !a.hasNonNull("mode")) ((ObjectNode) a).put("mode", "output");
                sortArtifacts(t, list);
            }
            // every other edit field replaces the stored one (services/tasks.py edit: update_fields)
            for (String f : List.of("name", "type", "comment", "parent", "script", "hyperparams", "configuration", "models",
                    "container", "runtime", "tags", "system_tags")) {
                JsonNode v = req.get(f);
                if (v == null || v.isNull()) continue;
                JsonNode copy = v.deepCopy();
                if (copy instanceof ArrayNode a && (f.equals("tags") || f.equals("system_tags"))) sortStrings(a);
                t.set(f, copy);
            }
            if (req.hasNonNull("output_dest")) {
                ObjectNode out = t.get("output") instanceof ObjectNode o ? o : t.putObject("output");
                out.put("destination", req.get("output_dest").asText());
            }
            touch(t);
        }
        return 1;
    }

    int deleteArtifacts(ObjectNode req) {
        String tid = requireTask(req);
        JsonNode arts = req.get("artifacts");
        if (arts == null || !arts.isArray()) throw FakeError.validation("error for field 'artifacts'. field is required!");
        synchronized (lock) {
            ObjectNode t = writableTask(tid);
            ArrayNode list = artifactList(t);
            for (JsonNode a : arts) removeArtifact(list, a.path("key").asText(), a.path("mode").asText("output"));
            touch(t);
        }
        return 1;
    }

    private String requireTask(ObjectNode req) {
        JsonNode t = req.get("task");
        if (t == null || t.isNull()) throw FakeError.validation("error for field 'task'. field is required!");
        return t.asText();
    }

    private ObjectNode writableTask(String tid) {
        ObjectNode t = tasks.get(tid);
        if (t == null) throw new FakeError(400, 101, "Invalid task id: id=" + tid + ", company=" + COMPANY);
        String st = t.path("status").asText();
        if (!st.equals("created") && !st.equals("queued") && !st.equals("in_progress")) {
            throw new FakeError(400, 110, "Invalid task status: expected=created, status=" + st);
        }
        return t;
    }

    private static ArrayNode artifactList(ObjectNode t) {
        ObjectNode exec = t.has("execution") && t.get("execution").isObject() ? (ObjectNode) t.get("execution") : t.putObject("execution");
        return exec.has("artifacts") && exec.get("artifacts").isArray() ? (ArrayNode) exec.get("artifacts") : exec.putArray("artifacts");
    }

    private static void removeArtifact(ArrayNode list, String key, String mode) {
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
            JsonNode a = it.next();
            if (key.equals(a.path("key").asText()) && mode.equals(a.path("mode").asText("output"))) it.remove();
        }
    }

    private static void sortArtifacts(ObjectNode t, ArrayNode list) {
        List<JsonNode> l = new ArrayList<>();
        list.forEach(l::add);
        l.sort(Comparator.comparing((JsonNode a) -> a.path("key").asText()).thenComparing(a -> a.path("mode").asText()));
        list.removeAll();
        l.forEach(list::add);
    }

    /** The one lock every read and write of the world holds. */
    Object lock() {
        return lock;
    }

    void touch(ObjectNode t) {
        version++;
        now = Instant.now().isAfter(now) ? Instant.now() : now.plusMillis(1);
        t.put("last_update", date(now));
        t.put("last_change", date(now));
        t.put("last_changed_by", USER);
    }

    /** Moves a task to a status (tests of live tasks). */
    public void setStatus(String taskId, String status) {
        synchronized (lock) {
            tasks.get(taskId).put("status", status);
            version++;
        }
    }

    // ---- helpers ----

    static String newId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "%016x%016x", r.nextLong(), r.nextLong());
    }

    static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);

    /** The server's date format: millisecond precision printed as 6 digits, no fraction when zero. */
    public static String date(Instant i) {
        long ms = i.toEpochMilli();
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), 0, ZoneOffset.UTC);
        int frac = (int) Math.floorMod(ms, 1000);
        StringBuilder sb = new StringBuilder(32);
        sb.append(t.getYear()).append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append('T');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        if (frac != 0) {
            sb.append('.');
            if (frac < 100) sb.append('0');
            if (frac < 10) sb.append('0');
            sb.append(frac).append("000");
        }
        return sb.append("+00:00").toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) sb.append('0');
        return sb.append(v);
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (n.isArray()) n.forEach(x -> {
            if (!x.isNull()) out.add(x.asText());
        });
        else out.add(n.asText());
        return out;
    }

    static List<String> nullableStrings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null) return out;
        if (n.isArray()) n.forEach(x -> out.add(x.isNull() ? null : x.asText()));
        else out.add(n.isNull() ? null : n.asText());
        return out;
    }

    static void sortStrings(ArrayNode arr) {
        List<String> l = new ArrayList<>();
        arr.forEach(x -> l.add(x.asText()));
        l.sort(null);
        arr.removeAll();
        l.forEach(arr::add);
    }

    static ObjectMapper mapper() {
        return new ObjectMapper();
    }
}
