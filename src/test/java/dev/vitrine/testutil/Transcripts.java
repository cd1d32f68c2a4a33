package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 160 real request/response transcripts of ../shared/clearml/transcripts, and the world they
 * see rebuilt from their own replies: every project, task and model merged from all the views the
 * transcripts show of it (references back to id strings, computed fields dropped), the 2000 bulk
 * tasks completed by the recorded rules. Tests skip when the folder is absent.
 */
public final class Transcripts {
    private static final ObjectMapper M = new ObjectMapper();

    private Transcripts() {}

    public static Path dir() {
        String corpus = System.getProperty("vitrine.corpus");
        if (corpus != null) {
            Path p = Path.of(corpus).resolveSibling("clearml").resolve("transcripts");
            if (Files.isDirectory(p)) return p;
        }
        Path p = Path.of("..", "shared", "clearml", "transcripts");
        return Files.isDirectory(p) ? p : null;
    }

    public static boolean available() {
        return dir() != null && Files.isRegularFile(dir().resolve("_index.json"));
    }

    /** The transcripts in recording order (the index's order). */
    public static List<ObjectNode> all() {
        return all(dir());
    }

    /** The debug-sample transcripts ({@code events/}), or null when absent. */
    public static Path eventsDir() {
        Path d = dir();
        Path e = d == null ? null : d.resolve("events");
        return e != null && Files.isRegularFile(e.resolve("_index.json")) ? e : null;
    }

    /** The recorded events world (EVENTS.md 1), for a fake whose other tasks are {@code world}'s. */
    public static FakeEvents events(FakeWorld world) {
        return FakeEvents.fromTranscripts(eventsDir(), id -> world.task(id) != null);
    }

    /** The transcripts of a folder in recording order. */
    public static List<ObjectNode> all(Path dir) {
        try {
            List<ObjectNode> out = new ArrayList<>();
            for (JsonNode e : M.readTree(dir.resolve("_index.json").toFile())) {
                ObjectNode t = (ObjectNode) M.readTree(dir.resolve(e.get("file").asText()).toFile());
                t.put("file", e.get("file").asText());
                out.add(t);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The world of the transcripts, as it was before the artifact edits at the end of the recording. */
    public static FakeWorld world() {
        FakeWorld w = new FakeWorld();
        Map<String, ObjectNode> projects = new java.util.LinkedHashMap<>();
        Map<String, ObjectNode> tasks = new java.util.LinkedHashMap<>();
        Map<String, ObjectNode> models = new java.util.LinkedHashMap<>();
        for (ObjectNode t : all()) {
            JsonNode body = t.path("response").path("body");
            if (!body.isObject() || body.path("meta").path("result_code").asInt() != 200) continue;
            String path = t.path("request").path("path").asText();
            String version = version(path);
            JsonNode data = body.path("data");
            for (JsonNode p : list(data, "projects", "project")) {
                ObjectNode n = normalize(p, "Project", w);
                if (n.path("hidden").asBoolean(false)) {
                    ArrayNode st = n.has("system_tags") ? (ArrayNode) n.get("system_tags") : n.putArray("system_tags");
                    if (!FakeWorld.contains(st, "hidden")) st.add("hidden");
                }
                merge(projects, n, Set.of("stats", "sub_projects", "own_tasks", "own_models", "hidden", "dataset_stats"));
            }
            if (version == null || FakeClearmlServer.compare(version, "2.13") >= 0) {
                for (JsonNode p : list(data, "tasks", "task")) merge(tasks, normalize(p, "Task", w), Set.of());
            }
            if (version == null || FakeClearmlServer.compare(version, "2.17") >= 0) {
                for (JsonNode p : list(data, "models", "model")) merge(models, normalize(p, "Model", w), Set.of("stats"));
            }
        }
        fillFromSummary(tasks, projects);
        completeBulk(tasks);
        projects.values().forEach(w::putProject);
        tasks.values().forEach(w::putTask);
        models.values().forEach(w::putModel);
        return w;
    }

    /** Tasks seen only through narrow projections get project, type, status and tags from _world_summary.json. */
    private static void fillFromSummary(Map<String, ObjectNode> tasks, Map<String, ObjectNode> projects) {
        JsonNode summary;
        try {
            summary = M.readTree(dir().resolve("_world_summary.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode s : summary.path("tasks")) {
            ObjectNode t = tasks.get(s.path("id").asText());
            if (t == null) continue;
            for (String f : List.of("project", "type", "status", "name")) if (!t.has(f) && s.hasNonNull(f)) t.put(f, s.get(f).asText());
            if (!t.has("tags") && s.has("tags")) t.set("tags", s.get("tags").deepCopy());
        }
        JsonNode ds = summary.path("dataset");
        ObjectNode dt = tasks.get(ds.path("id").asText());
        if (dt != null && !dt.has("project")) dt.put("project", ds.path("project").asText());
        // project.path: the ancestors' ids, root first (projects.get_by_id returns it)
        for (ObjectNode p : projects.values()) {
            if (p.has("path")) continue;
            List<String> chain = new ArrayList<>();
            String parent = p.path("parent").asText(null);
            while (parent != null && projects.containsKey(parent)) {
                chain.add(0, parent);
                parent = projects.get(parent).path("parent").asText(null);
            }
            ArrayNode arr = p.putArray("path");
            chain.forEach(arr::add);
        }
    }

    private static String version(String path) {
        Matcher m = Pattern.compile("^/v(\\d+\\.\\d+)/").matcher(path);
        return m.find() ? m.group(1) : null;
    }

    private static List<JsonNode> list(JsonNode data, String many, String one) {
        List<JsonNode> out = new ArrayList<>();
        data.path(many).forEach(out::add);
        if (data.has(one) && data.get(one).isObject()) out.add(data.get(one));
        return out;
    }

    /** References back to id strings, remembering joined user names. */
    private static ObjectNode normalize(JsonNode n, String kind, FakeWorld w) {
        ObjectNode o = (ObjectNode) n.deepCopy();
        for (String ref : FakeWorld.REFS.get(kind)) {
            JsonNode v = o.get(ref);
            if (v != null && v.isObject()) {
                if (ref.equals("user") && v.hasNonNull("name")) w.userNames.put(v.path("id").asText(), v.get("name").asText());
                o.put(ref, v.path("id").asText());
            }
        }
        JsonNode m = o.get("models");
        if (kind.equals("Task") && m != null && m.isObject()) {
            for (String dir : List.of("input", "output")) {
                for (JsonNode item : m.path(dir)) {
                    if (item.path("model").isObject()) ((ObjectNode) item).put("model", item.get("model").path("id").asText());
                }
            }
        }
        return o;
    }

    /** First view wins for each key; nested objects are merged key by key; lists are taken whole. */
    private static void merge(Map<String, ObjectNode> into, ObjectNode o, Set<String> drop) {
        drop.forEach(o::remove);
        ObjectNode existing = into.get(o.get("id").asText());
        if (existing == null) {
            into.put(o.get("id").asText(), o);
            return;
        }
        mergeMissing(existing, o);
    }

    private static void mergeMissing(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            JsonNode cur = into.get(e.getKey());
            if (cur == null) into.set(e.getKey(), e.getValue());
            else if (cur.isObject() && e.getValue().isObject()) mergeMissing((ObjectNode) cur, (ObjectNode) e.getValue());
            else if (cur.isArray() && e.getValue().isArray() && cur.size() == 0 && e.getValue().size() > 0
                    && !e.getKey().equals("artifacts")) into.set(e.getKey(), e.getValue());
        });
    }

    /** The bulk project's 2000 tasks: the recorded ones completed from a full view of the same status, the rest generated. */
    private static void completeBulk(Map<String, ObjectNode> tasks) {
        String bulkProject = "1888c63fdd8943ceb0b0722e3b20a02a";
        Map<String, ObjectNode> templates = new HashMap<>();
        Map<Integer, ObjectNode> byIndex = new HashMap<>();
        Pattern name = Pattern.compile("^run-(\\d{4}) ");
        for (ObjectNode t : tasks.values()) {
            if (!bulkProject.equals(t.path("project").asText(null)) && !name.matcher(t.path("name").asText()).find()) continue;
            Matcher m = name.matcher(t.path("name").asText());
            if (!m.find()) continue;
            byIndex.put(Integer.parseInt(m.group(1)), t);
            t.put("project", bulkProject);
            String st = statusOf(Integer.parseInt(m.group(1)));
            ObjectNode best = templates.get(st);
            if (best == null || t.size() > best.size()) templates.put(st, t);
        }
        String[] arch = {"resnet", "vit", "unet", "bert", "gpt"};
        String[] types = {"training", "testing", "inference", "data_processing"};
        for (int i = 0; i < 2000; i++) {
            String st = statusOf(i);
            ObjectNode template = templates.get(st);
            ObjectNode t = byIndex.get(i);
            if (t == null) {
                t = template.deepCopy();
                t.put("id", FakeWorld.newId());
                t.put("name", String.format(java.util.Locale.ROOT, "run-%04d %s", i, arch[i % 5]));
                t.put("type", types[i % 4]);
                t.put("status", st);
                t.put("project", bulkProject);
                ArrayNode tags = t.putArray("tags");
                tags.add(i % 2 == 0 ? "even" : "odd");
                if (i % 100 == 0) tags.add("milestone");
                FakeWorld.sortStrings(tags);
                tasks.put(t.get("id").asText(), t);
            } else {
                mergeMissing(t, template.deepCopy());
                t.put("type", types[i % 4]);
                t.put("status", st);
                ArrayNode tags = t.putArray("tags");
                tags.add(i % 2 == 0 ? "even" : "odd");
                if (i % 100 == 0) tags.add("milestone");
                FakeWorld.sortStrings(tags);
            }
            if (!st.equals("created") && !t.has("started") && t.has("created")) t.put("started", t.get("created").asText());
        }
    }

    private static String statusOf(int i) {
        return i % 10 == 3 ? "completed" : i % 50 == 7 ? "failed" : i % 40 == 9 ? "in_progress" : "created";
    }
}
