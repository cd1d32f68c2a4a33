package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The events service of {@link FakeClearmlServer} for debug samples, as EVENTS.md and the
 * transcripts in {@code clearml/transcripts/events} show the real server: {@code get_task_metrics},
 * {@code get_multi_task_metrics}, {@code debug_images} (Redis-like scrolls pinning their selection and
 * validity, newest-first pages, the 8000-bucket cut), {@code get_debug_image_sample} /
 * {@code next_debug_image_sample}, {@code get_task_events} (stateless HS256 JWT scrolls with both
 * recorded bugs), {@code clear_scroll} (no effect) and {@code add_batch}, with the same validation
 * errors, codes and messages. Thread-safe (one lock).
 */
public final class FakeEvents {

    static final String IMAGE = "training_debug_image";
    static final Set<String> TYPES = Set.of("training_stats_scalar", "training_stats_vector", IMAGE, "plot", "log");
    private static final ObjectMapper M = new ObjectMapper();
    /** In a selection: every variant of the metric. */
    private static final String ALL = "\u0000all";

    private final Object lock = new Object();
    /** Per task, every event in report order. */
    private final Map<String, List<ObjectNode>> events = new LinkedHashMap<>();
    /** Per task, metric -> variants of the other event types (scalars, the console log's "" / ""). */
    private final Map<String, Map<String, Set<String>>> otherMetrics = new HashMap<>();
    private final Map<String, ImagesScroll> imageScrolls = new ConcurrentHashMap<>();
    private final Map<String, SampleScroll> sampleScrolls = new ConcurrentHashMap<>();
    private final byte[] secret = ("fake-events-" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    private final Predicate<String> otherKnownTasks;
    private long clock = 1_796_394_403_000L;

    public FakeEvents() {
        this(id -> false);
    }

    /** @param otherKnownTasks task ids that exist without events (the world's other tasks) */
    public FakeEvents(Predicate<String> otherKnownTasks) {
        this.otherKnownTasks = otherKnownTasks;
    }

    // ------------------------------------------------------------------ building a world

    /** Adds one debug-sample event as the SDK reports it; returns it. */
    public ObjectNode addImage(String task, long iter, String metric, String variant, String key, String url) {
        ObjectNode e = M.createObjectNode();
        synchronized (lock) {
            e.put("timestamp", clock++);
        }
        e.put("type", IMAGE);
        e.put("task", task);
        e.put("iter", iter);
        e.put("metric", metric);
        e.put("variant", variant);
        e.put("key", key);
        e.put("url", url);
        e.put("method", "get");
        return add(e, "<HOSTNAME>");
    }

    /** Registers a scalar (or log) metric so that the all-types metric listings show it. */
    public void addOther(String task, String metric, String variant) {
        synchronized (lock) {
            events.computeIfAbsent(task, k -> new ArrayList<>());
            otherMetrics.computeIfAbsent(task, k -> new TreeMap<>()).computeIfAbsent(metric, k -> new TreeSet<>()).add(variant);
        }
    }

    public boolean hasTask(String id) {
        synchronized (lock) {
            return events.containsKey(id);
        }
    }

    /** Stores one event {@code events.add_batch} accepted (the server's write path validated it). */
    public void record(ObjectNode e) {
        add(e.deepCopy(), "<unknown>");
    }

    private ObjectNode add(ObjectNode e, String worker) {
        e.put("model_event", false);
        e.put("@timestamp", Instant.now().toString());
        e.put("worker", worker);
        synchronized (lock) {
            events.computeIfAbsent(e.path("task").asText(), k -> new ArrayList<>()).add(e);
        }
        return e;
    }

    /**
     * The recorded world (EVENTS.md 1): both tasks' debug-sample events from
     * {@code _world_summary.json} as they were before the recorder's extra sample, and the scalar
     * and console-log metrics the all-types listing shows.
     */
    public static FakeEvents fromTranscripts(Path dir, Predicate<String> otherKnownTasks) {
        FakeEvents f = new FakeEvents(otherKnownTasks);
        try {
            JsonNode summary = M.readTree(dir.resolve("_world_summary.json").toFile());
            for (JsonNode task : summary.path("tasks")) {
                String id = task.path("id").asText();
                TreeMap<Long, List<ObjectNode>> byIter = new TreeMap<>();
                for (JsonNode v : task.path("variants")) {
                    for (JsonNode e : v.path("events")) {
                        ObjectNode o = M.createObjectNode();
                        o.put("metric", v.path("metric").asText());
                        o.put("variant", v.path("variant").asText());
                        o.put("iter", e.path("iter").asLong());
                        o.put("key", e.path("key").asText());
                        o.put("url", e.path("url").asText());
                        byIter.computeIfAbsent(e.path("iter").asLong(), k -> new ArrayList<>()).add(o);
                    }
                }
                byIter.values().forEach(l -> l.forEach(o -> f.addImage(id, o.get("iter").asLong(), o.get("metric").asText(),
                        o.get("variant").asText(), o.get("key").asText(), o.get("url").asText())));
            }
            JsonNode all = M.readTree(dir.resolve("events.get_multi_task_metrics__all_types.json").toFile());
            List<String> ids = new ArrayList<>();
            all.path("request").path("body").path("tasks").forEach(t -> ids.add(t.asText()));
            for (JsonNode m : all.path("response").path("body").path("data").path("metrics")) {
                for (JsonNode v : m.path("variants")) {
                    String metric = m.path("metric").asText();
                    boolean image = false;
                    for (String id : ids) image |= f.imageVariants(id).contains(metric + "\u0000" + v.asText());
                    if (!image) for (String id : ids) f.addOther(id, metric, v.asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    private Set<String> imageVariants(String task) {
        Set<String> out = new java.util.HashSet<>();
        for (ObjectNode e : snapshot(task)) out.add(e.get("metric").asText() + "\u0000" + e.get("variant").asText());
        return out;
    }

    private List<ObjectNode> snapshot(String task) {
        synchronized (lock) {
            List<ObjectNode> l = events.get(task);
            return l == null ? List.of() : new ArrayList<>(l);
        }
    }

    // ------------------------------------------------------------------ dispatch

    /** The reply data of an events endpoint, or a {@link FakeError}. */
    ObjectNode handle(String name, String requested, ObjectNode body) {
        switch (name) {
            case "events.get_task_metrics":
                return taskMetrics(body);
            case "events.get_multi_task_metrics":
                return multiTaskMetrics(body);
            case "events.debug_images":
                return FakeClearmlServer.compare(requested, "2.7") < 0 ? legacyDebugImages(body) : debugImages(body);
            case "events.get_debug_image_sample":
                return getSample(body);
            case "events.next_debug_image_sample":
                return nextSample(body);
            case "events.get_task_events":
                return taskEvents(body);
            case "events.clear_scroll":
                return M.createObjectNode();
            case "events.add_batch":
                return addBatch(body);
            default:
                throw new FakeError(404, 0, "Unable to find endpoint for name " + name + " and version " + requested);
        }
    }

    /** The body of {@code add_batch}: {@code application/json-lines}, one event per line. */
    static ObjectNode batchBody(byte[] raw) {
        ObjectNode b = M.createObjectNode();
        ArrayNode lines = b.putArray("__lines");
        for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            try {
                lines.add(M.readTree(line));
            } catch (IOException e) {
                throw new FakeError(400, 0, "The browser (or proxy) sent a request that this server could not understand.");
            }
        }
        return b;
    }

    private ObjectNode addBatch(ObjectNode body) {
        int n = 0;
        for (JsonNode line : body.path("__lines")) {
            if (!line.isObject()) continue;
            ObjectNode e = ((ObjectNode) line).deepCopy();
            checkTasks(List.of(e.path("task").asText()));
            add(e, "<unknown>");
            n++;
        }
        ObjectNode d = M.createObjectNode();
        d.put("added", n);
        d.put("errors", 0);
        d.putObject("errors_info");
        return d;
    }

    // ------------------------------------------------------------------ metrics listings

    private ObjectNode taskMetrics(ObjectNode body) {
        List<String> tasks = strings(body.get("tasks"));
        String type = eventType(body, true);
        checkTasks(tasks);
        ObjectNode d = M.createObjectNode();
        ArrayNode arr = d.putArray("metrics");
        for (String t : tasks) {
            ObjectNode o = arr.addObject();
            o.put("task", t);
            ArrayNode ms = o.putArray("metrics");
            metricsOf(t, type).keySet().forEach(ms::add);
        }
        return d;
    }

    private ObjectNode multiTaskMetrics(ObjectNode body) {
        List<String> tasks = strings(body.get("tasks"));
        String type = eventType(body, false);
        checkTasks(tasks);
        TreeMap<String, TreeSet<String>> union = new TreeMap<>();
        for (String t : tasks) metricsOf(t, type).forEach((m, vs) -> union.computeIfAbsent(m, k -> new TreeSet<>()).addAll(vs));
        ObjectNode d = M.createObjectNode();
        ArrayNode arr = d.putArray("metrics");
        union.forEach((m, vs) -> {
            ObjectNode o = arr.addObject();
            o.put("metric", m);
            ArrayNode va = o.putArray("variants");
            vs.forEach(va::add);
        });
        return d;
    }

    /** metric -> variants of a task for one event type (null: every type). */
    private TreeMap<String, TreeSet<String>> metricsOf(String task, String type) {
        TreeMap<String, TreeSet<String>> out = new TreeMap<>();
        if (type == null || type.equals(IMAGE)) {
            for (ObjectNode e : snapshot(task)) {
                out.computeIfAbsent(e.get("metric").asText(), k -> new TreeSet<>()).add(e.get("variant").asText());
            }
        }
        if (type == null) {
            synchronized (lock) {
                otherMetrics.getOrDefault(task, Map.of()).forEach((m, vs) -> out.computeIfAbsent(m, k -> new TreeSet<>()).addAll(vs));
            }
        }
        return out;
    }

    private static String eventType(ObjectNode body, boolean required) {
        JsonNode t = body.get("event_type");
        if (t == null || t.isNull()) {
            if (required) throw FakeError.validation("error for field 'event_type'. field is required!");
            return null;
        }
        if (!TYPES.contains(t.asText())) {
            throw FakeError.validation("error for field 'event_type': ('value is wrong, expected type \"eventtype\"', '" + t.asText() + "').");
        }
        return t.asText();
    }

    private void checkTasks(List<String> ids) {
        for (String id : ids) {
            if (!hasTask(id) && !otherKnownTasks.test(id)) {
                throw new FakeError(400, 101, "Invalid task id: ids=(" + String.join(", ", ids) + ")");
            }
        }
    }

    // ------------------------------------------------------------------ validity

    private record VKey(String metric, String variant) implements Comparable<VKey> {
        static VKey of(JsonNode e) {
            return new VKey(e.get("metric").asText(), e.get("variant").asText());
        }

        @Override
        public int compareTo(VKey o) {
            int c = metric.compareTo(o.metric);
            return c != 0 ? c : variant.compareTo(o.variant);
        }
    }

    /** Per variant: [min, max] where min is the smallest of each distinct url's latest iteration (EVENTS.md 3). */
    private Map<VKey, long[]> ranges(String task, String metric) {
        Map<VKey, Map<String, Long>> perUrl = new HashMap<>();
        Map<VKey, Long> max = new HashMap<>();
        for (ObjectNode e : snapshot(task)) {
            VKey k = VKey.of(e);
            if (metric != null && !metric.equals(k.metric())) continue;
            long it = e.get("iter").asLong();
            perUrl.computeIfAbsent(k, x -> new HashMap<>()).merge(e.get("url").asText(), it, Math::max);
            max.merge(k, it, Math::max);
        }
        Map<VKey, long[]> out = new HashMap<>();
        perUrl.forEach((k, urls) -> out.put(k, new long[] {urls.values().stream().min(Long::compare).orElse(0L), max.get(k)}));
        return out;
    }

    /** Per iteration, one event per variant (the largest url), keeping those valid by {@code ranges}. */
    private static TreeMap<Long, TreeMap<VKey, ObjectNode>> byIteration(List<ObjectNode> evs, Predicate<ObjectNode> selected,
                                                                       Map<VKey, long[]> ranges) {
        TreeMap<Long, TreeMap<VKey, ObjectNode>> out = new TreeMap<>(Comparator.reverseOrder());
        for (ObjectNode e : evs) {
            if (!selected.test(e)) continue;
            VKey k = VKey.of(e);
            long it = e.get("iter").asLong();
            long[] r = ranges.get(k);
            if (r != null && it < r[0]) continue;
            out.computeIfAbsent(it, x -> new TreeMap<>()).merge(k, e,
                    (a, b) -> a.get("url").asText().compareTo(b.get("url").asText()) >= 0 ? a : b);
        }
        return out;
    }

    // ------------------------------------------------------------------ debug_images

    private static final class ImagesScroll {
        final LinkedHashMap<String, Map<String, Set<String>>> selection = new LinkedHashMap<>(); // task -> metric (null: all) -> variants (empty: all)
        final Map<String, Map<VKey, long[]>> ranges = new HashMap<>();
        final Map<String, long[]> position = new HashMap<>(); // task -> [lowest, highest] of the last non-empty page
    }

    private ObjectNode debugImages(ObjectNode body) {
        JsonNode metrics = body.get("metrics");
        if (metrics == null || metrics.isNull()) {
            throw FakeError.validation("error for field 'metrics'. value '[]' length is lower than allowed minimum '1'.");
        }
        if (!metrics.isArray() || metrics.isEmpty()) {
            throw FakeError.validation("error for field 'metrics': value '[]' length is lower than allowed minimum '1'..");
        }
        long iters = body.path("iters").asLong(1);
        if (iters < 1) throw FakeError.validation("error for field 'iters': '" + iters + "' is lower than minimum ('1')..");
        LinkedHashMap<String, Map<String, Set<String>>> asked = new LinkedHashMap<>();
        for (JsonNode m : metrics) {
            String task = m.path("task").asText();
            Map<String, Set<String>> sel = asked.computeIfAbsent(task, k -> new LinkedHashMap<>());
            mergeSelection(sel, m.hasNonNull("metric") ? m.get("metric").asText() : null, strings(m.get("variants")));
        }
        checkTasks(new ArrayList<>(asked.keySet()));
        boolean earlier = body.path("navigate_earlier").asBoolean(true);
        boolean refresh = body.path("refresh").asBoolean(false);
        String id = body.hasNonNull("scroll_id") ? body.get("scroll_id").asText() : null;
        ImagesScroll s = id == null ? null : imageScrolls.get(id);
        boolean newest;
        if (s == null) {
            id = FakeWorld.newId();
            s = new ImagesScroll();
            s.selection.putAll(asked);
            for (String t : asked.keySet()) s.ranges.put(t, ranges(t, null));
            imageScrolls.put(id, s);
            newest = true;
        } else {
            for (String t : s.selection.keySet()) if (!asked.containsKey(t)) throw new FakeError(500, 0, "'" + t + "'");
            if (refresh) {
                for (var e : asked.entrySet()) {
                    Map<String, Set<String>> sel = s.selection.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
                    e.getValue().forEach((m, vs) -> mergeSelection(sel, m, new ArrayList<>(vs)));
                }
                for (String t : s.selection.keySet()) s.ranges.put(t, ranges(t, null));
                s.position.clear();
            }
            newest = refresh;
        }
        int metricsInScroll = 0;
        for (var e : s.selection.entrySet()) {
            metricsInScroll += e.getValue().containsKey(null) ? Math.max(1, metricsOf(e.getKey(), IMAGE).size()) : e.getValue().size();
        }
        long perBucket = 8000 / (metricsInScroll * iters);
        if (perBucket < 1) {
            throw new FakeError(500, 100, "General data error (BadRequestError(400, 'x_content_parse_exception', "
                    + "'[1:398] [terms] failed to parse field [size]'))");
        }
        ObjectNode d = M.createObjectNode();
        ArrayNode out = d.putArray("metrics");
        for (var e : s.selection.entrySet()) {
            String task = e.getKey();
            Map<String, Set<String>> sel = e.getValue();
            TreeMap<Long, TreeMap<VKey, ObjectNode>> its = byIteration(snapshot(task), ev -> selected(sel, VKey.of(ev)), s.ranges.get(task));
            long[] pos = s.position.get(task);
            List<Long> page = new ArrayList<>();
            if (newest || pos == null) {
                for (Long it : its.keySet()) if (page.size() < iters) page.add(it);
            } else if (earlier) {
                for (Long it : its.tailMap(pos[0], false).keySet()) if (page.size() < iters) page.add(it);
            } else {
                for (Long it : its.headMap(pos[1], false).descendingKeySet()) if (page.size() < iters) page.add(it);
                page.sort(Comparator.reverseOrder());
            }
            if (!page.isEmpty()) s.position.put(task, new long[] {page.get(page.size() - 1), page.get(0)});
            ObjectNode t = out.addObject();
            t.put("task", task);
            ArrayNode ia = t.putArray("iterations");
            for (Long it : page) {
                ObjectNode io = ia.addObject();
                io.put("iter", it);
                ArrayNode ea = io.putArray("events");
                Map<String, Integer> perMetric = new HashMap<>();
                for (ObjectNode ev : its.get(it).values()) {
                    int n = perMetric.merge(ev.get("metric").asText(), 1, Integer::sum);
                    if (n <= perBucket) ea.add(ev.deepCopy());
                }
            }
        }
        d.put("scroll_id", id);
        return d;
    }

    private static void mergeSelection(Map<String, Set<String>> sel, String metric, List<String> variants) {
        Set<String> vs = sel.get(metric);
        if (variants.isEmpty() || variants.contains(ALL)) {
            sel.put(metric, new LinkedHashSet<>(Set.of(ALL)));
        } else if (vs == null) {
            sel.put(metric, new LinkedHashSet<>(variants));
        } else if (!vs.contains(ALL)) {
            vs.addAll(variants);
        }
    }

    private static boolean selected(Map<String, Set<String>> sel, VKey k) {
        if (sel.containsKey(null)) return true; // an entry without a metric wins
        Set<String> vs = sel.get(k.metric());
        return vs != null && (vs.contains(ALL) || vs.contains(k.variant()));
    }

    /** {@code /v2.6/events.debug_images}: every event of the newest {@code iters} iterations, stale ones included. */
    private ObjectNode legacyDebugImages(ObjectNode body) {
        String task = body.path("task").asText();
        checkTasks(List.of(task));
        long iters = body.path("iters").asLong(1);
        TreeSet<Long> all = new TreeSet<>(Comparator.reverseOrder());
        List<ObjectNode> evs = snapshot(task);
        evs.forEach(e -> all.add(e.get("iter").asLong()));
        Set<Long> keep = new java.util.HashSet<>();
        for (Long it : all) if (keep.size() < iters) keep.add(it);
        ObjectNode d = M.createObjectNode();
        d.put("task", task);
        ArrayNode images = d.putArray("images");
        evs.stream().filter(e -> keep.contains(e.get("iter").asLong()))
                .sorted(Comparator.comparingLong((ObjectNode e) -> e.get("iter").asLong()).reversed())
                .forEach(e -> images.add(e.deepCopy()));
        d.put("returned", images.size());
        d.put("total", images.size());
        d.put("scroll_id", Base64.getEncoder().encodeToString(("scroll-" + FakeWorld.newId()).getBytes(StandardCharsets.US_ASCII)));
        return d;
    }

    // ------------------------------------------------------------------ single samples

    private static final class SampleScroll {
        String task;
        String metric; // null: navigate across metrics
        Map<VKey, long[]> ranges;
        ObjectNode current;
    }

    private ObjectNode getSample(ObjectNode body) {
        String task = required(body, "task");
        String metric = required(body, "metric");
        String variant = required(body, "variant");
        checkTasks(List.of(task));
        String id = body.hasNonNull("scroll_id") ? body.get("scroll_id").asText() : null;
        SampleScroll s = id == null ? null : sampleScrolls.get(id);
        if (s != null) {
            if (!s.task.equals(task) || (s.metric != null && !s.metric.equals(metric))) {
                throw new FakeError(400, 1104, "Invalid scroll id (Task and metric stored in the state do not match the passed ones): scroll_id=" + id);
            }
            if (body.path("refresh").asBoolean(false)) s.ranges = ranges(task, s.metric);
        } else {
            id = FakeWorld.newId();
            s = new SampleScroll();
            s.task = task;
            s.metric = body.path("navigate_current_metric").asBoolean(true) ? metric : null;
            s.ranges = ranges(task, s.metric);
            sampleScrolls.put(id, s);
        }
        VKey k = new VKey(metric, variant);
        long[] r = s.ranges.get(k);
        if (r == null) return sampleReply(id, null, null);
        Long upTo = body.hasNonNull("iteration") ? body.get("iteration").asLong() : null;
        ObjectNode best = null;
        for (ObjectNode e : snapshot(task)) {
            if (!VKey.of(e).equals(k)) continue;
            long it = e.get("iter").asLong();
            if (it < r[0] || (upTo != null && it > upTo)) continue;
            if (best == null || it > best.get("iter").asLong()
                    || (it == best.get("iter").asLong() && e.get("url").asText().compareTo(best.get("url").asText()) > 0)) best = e;
        }
        if (best != null) s.current = best;
        return sampleReply(id, best, r);
    }

    private ObjectNode nextSample(ObjectNode body) {
        String task = required(body, "task");
        String id = required(body, "scroll_id");
        SampleScroll s = sampleScrolls.get(id);
        if (s == null || !s.task.equals(task)) throw new FakeError(400, 1104, "Invalid scroll id: scroll_id=" + id);
        boolean earlier = body.path("navigate_earlier").asBoolean(true);
        boolean nextIteration = body.path("next_iteration").asBoolean(false);
        // every valid sample in scope, ordered by iteration, metric, variant
        List<ObjectNode> order = new ArrayList<>();
        TreeMap<Long, TreeMap<VKey, ObjectNode>> its = byIteration(snapshot(task),
                e -> (s.metric == null || s.metric.equals(e.get("metric").asText())) && s.ranges.containsKey(VKey.of(e))
                        && e.get("iter").asLong() <= s.ranges.get(VKey.of(e))[1], s.ranges);
        for (Long it : its.descendingKeySet()) order.addAll(its.get(it).values());
        ObjectNode cur = s.current;
        ObjectNode found = null;
        if (cur != null) {
            long ci = cur.get("iter").asLong();
            VKey ck = VKey.of(cur);
            int at = -1;
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i).get("iter").asLong() == ci && VKey.of(order.get(i)).equals(ck)) at = i;
            }
            if (at >= 0) {
                if (!nextIteration) {
                    int j = earlier ? at - 1 : at + 1;
                    if (j >= 0 && j < order.size()) found = order.get(j);
                } else if (!earlier) {
                    for (ObjectNode e : order) if (e.get("iter").asLong() > ci) { found = e; break; }
                } else {
                    for (ObjectNode e : order) if (e.get("iter").asLong() < ci) found = e;
                }
            }
        }
        if (found == null) return sampleReply(id, null, null);
        s.current = found;
        return sampleReply(id, found, s.ranges.get(VKey.of(found)));
    }

    private static ObjectNode sampleReply(String id, ObjectNode event, long[] range) {
        ObjectNode d = M.createObjectNode();
        d.put("scroll_id", id);
        d.set("event", event == null ? NullNode.instance : event.deepCopy());
        if (range == null) {
            d.set("min_iteration", NullNode.instance);
            d.set("max_iteration", NullNode.instance);
        } else {
            d.put("min_iteration", range[0]);
            d.put("max_iteration", range[1]);
        }
        return d;
    }

    // ------------------------------------------------------------------ get_task_events

    private ObjectNode taskEvents(ObjectNode body) {
        ObjectNode state;
        ObjectNode request;
        if (body.hasNonNull("scroll_id")) {
            state = verify(body.get("scroll_id").asText());
            request = (ObjectNode) state.get("request");
            // the schema default replaces the stored value when a scroll call omits it (EVENTS.md 4.6 bug 1)
            request.put("batch_size", body.has("batch_size") ? body.get("batch_size").asLong() : 500);
        } else {
            String task = required(body, "task");
            JsonNode type = body.get("event_type");
            if (type != null && !type.isNull()) eventType(body, false);
            checkTasks(List.of(task));
            if (type == null || type.isNull()) throw new FakeError(500, 0, "'iter'");
            request = M.createObjectNode();
            request.put("batch_size", body.path("batch_size").asLong(500));
            request.put("count_total", true);
            request.put("event_type", type.asText());
            request.set("metrics", body.has("metrics") && body.get("metrics").isArray() ? body.get("metrics").deepCopy() : M.createArrayNode());
            request.put("model_events", false);
            request.put("order", body.path("order").asText("asc"));
            request.put("task", task);
            state = M.createObjectNode();
            state.put("from_key_value", "");
            state.remove("from_key_value");
        }
        long batch = request.get("batch_size").asLong();
        if (batch < 0) throw new FakeError(500, 100, "General data error (BadRequestError(400, 'search_phase_execution_exception', '[size] parameter cannot be negative'))");
        boolean desc = request.path("order").asText().equals("desc");
        String task = request.get("task").asText();
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode e : snapshot(task)) {
            if (!e.path("type").asText().equals(request.get("event_type").asText())) continue;
            if (!request.get("metrics").isEmpty() && !matches(request.get("metrics"), e)) continue;
            matching.add(e);
        }
        Comparator<ObjectNode> byIter = Comparator.comparingLong(e -> e.get("iter").asLong());
        matching.sort(desc ? byIter.reversed() : byIter); // stable: ties in report order
        List<ObjectNode> page = new ArrayList<>();
        boolean fresh = !body.hasNonNull("scroll_id");
        if (fresh || state.has("from_key_value")) {
            long from = fresh ? 0 : parseLong(state.get("from_key_value").asText());
            for (ObjectNode e : matching) {
                long it = e.get("iter").asLong();
                // position 0 counts as no position: the scroll starts over (EVENTS.md 4.6 bug 2)
                if (from != 0 && (desc ? it >= from : it <= from)) continue;
                if (page.size() < batch || (!page.isEmpty() && page.get(page.size() - 1).get("iter").asLong() == it)) page.add(e);
                else break;
            }
        }
        ObjectNode next = M.createObjectNode();
        if (!page.isEmpty()) next.put("from_key_value", Long.toString(page.get(page.size() - 1).get("iter").asLong()));
        next.set("request", request);
        next.put("total", matching.size());
        ObjectNode d = M.createObjectNode();
        ArrayNode arr = d.putArray("events");
        page.forEach(e -> arr.add(e.deepCopy()));
        d.put("returned", page.size());
        d.put("total", matching.size());
        d.put("scroll_id", sign(next));
        return d;
    }

    private static boolean matches(JsonNode metrics, JsonNode e) {
        for (JsonNode m : metrics) {
            if (!m.path("metric").asText().equals(e.get("metric").asText())) continue;
            List<String> vs = strings(m.get("variants"));
            if (vs.isEmpty() || vs.contains(e.get("variant").asText())) return true;
        }
        return false;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String sign(ObjectNode payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        try {
            String body = b64.encodeToString(M.writeValueAsBytes(payload));
            return head + "." + body + "." + mac(head + "." + body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode verify(String jwt) {
        String[] p = jwt.split("\\.");
        try {
            if (p.length == 3 && mac(p[0] + "." + p[1]).equals(p[2])) {
                JsonNode n = M.readTree(Base64.getUrlDecoder().decode(p[1]));
                if (n.isObject() && n.get("request") instanceof ObjectNode) return (ObjectNode) n;
            }
        } catch (IOException | IllegalArgumentException e) {
            // falls through to the server's answer
        }
        throw new FakeError(400, 1104, "Invalid scroll id: scroll_id=" + jwt);
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String required(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw FakeError.validation("error for field '" + field + "'. field is required!");
        return v.asText();
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null && arr.isArray()) arr.forEach(x -> out.add(x.asText()));
        return out;
    }
}
