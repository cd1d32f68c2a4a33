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
    /** Per task, the events computed on demand ({@link #generate}). */
    private final Map<String, Generated> generated = new HashMap<>();
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
            Generated g = generated.get(task);
            if (g == null) return l == null ? List.of() : new ArrayList<>(l);
            List<ObjectNode> later = l == null ? List.of() : new ArrayList<>(l);
            return new java.util.AbstractList<>() { // generated first, then what was reported since
                @Override
                public ObjectNode get(int i) {
                    return i < g.size() ? g.event(i) : later.get(i - g.size());
                }

                @Override
                public int size() {
                    return g.size() + later.size();
                }
            };
        }
    }

    /**
     * A task's events read field by field: a generated task builds a node only for the events a
     * reply carries, not for every event a call looks at.
     */
    private interface View {
        int size();

        long iter(int i);

        VKey vkey(int i);

        String url(int i);

        String type(int i);

        ObjectNode node(int i);
    }

    private View view(String task) {
        List<ObjectNode> stored;
        Generated g;
        synchronized (lock) {
            List<ObjectNode> l = events.get(task);
            stored = l == null ? List.of() : new ArrayList<>(l);
            g = generated.get(task);
        }
        int n = g == null ? 0 : g.size();
        return new View() {
            @Override
            public int size() {
                return n + stored.size();
            }

            @Override
            public long iter(int i) {
                return i < n ? g.iterOf(i) : stored.get(i - n).get("iter").asLong();
            }

            @Override
            public VKey vkey(int i) {
                return i < n ? g.vkeys[g.seriesOf(i)] : VKey.of(stored.get(i - n));
            }

            @Override
            public String url(int i) {
                return i < n ? g.urlOf(i) : stored.get(i - n).get("url").asText();
            }

            @Override
            public String type(int i) {
                return i < n ? IMAGE : stored.get(i - n).path("type").asText();
            }

            @Override
            public ObjectNode node(int i) {
                return i < n ? g.event(i) : stored.get(i - n);
            }
        };
    }

    // ------------------------------------------------------------------ generated tasks

    /**
     * One title/series of a generated task: reported at {@code first}, {@code first + step}, ... up
     * to {@code last}, its files named as the SDK names them, cycling through {@code history} names
     * (below 1: unlimited, the raw counter).
     */
    public record Series(String metric, String variant, long first, long last, long step, int history) {
        public Series {
            if (step < 1 || last < first) throw new IllegalArgumentException("empty series " + metric + "/" + variant);
        }

        long count() {
            return (last - first) / step + 1;
        }
    }

    /**
     * A task whose events are computed, not stored: the same events, fields and urls as if the SDK had
     * reported each series at each of its iterations (one process, series in the given order at each
     * iteration), so that a task with thousands of variants and hundreds of thousands of events costs
     * the fake no memory. Every call sees them as it sees stored ones; events reported later are added
     * after them.
     */
    public void generate(String task, String project, String taskName, String filesUrl, List<Series> series) {
        Generated g = new Generated(task, project + "/" + taskName + "." + task, filesUrl, List.copyOf(series), clock);
        synchronized (lock) {
            clock += g.span();
            generated.put(task, g);
            events.computeIfAbsent(task, k -> new ArrayList<>());
        }
    }

    /** Events of a generated task, by index: series after series, each oldest first. */
    private static final class Generated {
        final String task;
        final String prefix;
        final String filesUrl;
        final List<Series> series;
        final long clock0;
        final long[] starts;
        final int size;
        final String[] fileStem;
        final String[] keyFolder;
        final String[] urlFolder;
        final VKey[] vkeys;
        final String written = Instant.now().toString();

        Generated(String task, String prefix, String filesUrl, List<Series> series, long clock0) {
            this.task = task;
            this.prefix = prefix;
            this.filesUrl = filesUrl;
            this.series = series;
            this.clock0 = clock0;
            starts = new long[series.size() + 1];
            for (int i = 0; i < series.size(); i++) starts[i + 1] = starts[i] + series.get(i).count();
            if (starts[series.size()] > Integer.MAX_VALUE) throw new IllegalArgumentException("too many events");
            size = (int) starts[series.size()];
            fileStem = new String[series.size()];
            keyFolder = new String[series.size()];
            urlFolder = new String[series.size()];
            vkeys = new VKey[series.size()];
            for (int i = 0; i < series.size(); i++) { // computed once: the same for every event of a series
                String rm = dev.vitrine.workspace.SdkNaming.r(series.get(i).metric());
                String rv = dev.vitrine.workspace.SdkNaming.r(series.get(i).variant());
                fileStem[i] = rm + "_" + rv + "_";
                keyFolder[i] = prefix + "/metrics/" + rm + "/" + rv + "/";
                urlFolder[i] = dev.vitrine.workspace.SdkNaming.uri(filesUrl, keyFolder[i] + "x");
                urlFolder[i] = urlFolder[i].substring(0, urlFolder[i].length() - 1);
                vkeys[i] = new VKey(series.get(i).metric(), series.get(i).variant());
            }
        }

        int size() {
            return size;
        }

        long span() {
            long last = 0;
            for (Series s : series) last = Math.max(last, s.last());
            return (last + 1) * series.size() + 1;
        }

        int seriesOf(int i) {
            int lo = 0;
            int hi = series.size() - 1;
            while (lo < hi) { // the last series starting at or before i
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= i) lo = mid;
                else hi = mid - 1;
            }
            return lo;
        }

        long iterOf(int i) {
            int at = seriesOf(i);
            return series.get(at).first() + (i - starts[at]) * series.get(at).step();
        }

        private String fileOf(int at, int i) {
            Series s = series.get(at);
            long k = i - starts[at];
            long n = s.history() < 1 ? k : k % s.history();
            String num = Long.toString(n);
            // the stem is r(title)_r(series)_: letters, digits and dots, which the url keeps as they are
            return fileStem[at] + "00000000".substring(Math.min(8, num.length())) + num + ".png";
        }

        String urlOf(int i) {
            int at = seriesOf(i);
            return urlFolder[at] + fileOf(at, i);
        }

        ObjectNode event(int i) {
            int lo = seriesOf(i);
            Series s = series.get(lo);
            long iter = iterOf(i);
            String file = fileOf(lo, i);
            ObjectNode e = M.createObjectNode();
            e.put("timestamp", clock0 + iter * series.size() + lo); // report order: iteration, then series
            e.put("type", IMAGE);
            e.put("task", task);
            e.put("iter", iter);
            e.put("metric", s.metric());
            e.put("variant", s.variant());
            e.put("key", keyFolder[lo] + file);
            e.put("url", urlFolder[lo] + file);
            e.put("method", "get");
            e.put("model_event", false);
            e.put("@timestamp", written);
            e.put("worker", "<HOSTNAME>");
            return e;
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
            View v = view(task);
            for (int i = 0; i < v.size(); i++) {
                VKey k = v.vkey(i);
                out.computeIfAbsent(k.metric(), x -> new TreeSet<>()).add(k.variant());
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
        View v = view(task);
        for (int i = 0; i < v.size(); i++) {
            VKey k = v.vkey(i);
            if (metric != null && !metric.equals(k.metric())) continue;
            long it = v.iter(i);
            perUrl.computeIfAbsent(k, x -> new HashMap<>()).merge(v.url(i), it, Math::max);
            max.merge(k, it, Math::max);
        }
        Map<VKey, long[]> out = new HashMap<>();
        perUrl.forEach((k, urls) -> out.put(k, new long[] {urls.values().stream().min(Long::compare).orElse(0L), max.get(k)}));
        return out;
    }

    /** Per iteration, one event per variant (the largest url), keeping those valid by {@code ranges}. */
    private static TreeMap<Long, TreeMap<VKey, Integer>> byIteration(View v, java.util.function.BiPredicate<VKey, Long> selected,
                                                                    Map<VKey, long[]> ranges) {
        TreeMap<Long, TreeMap<VKey, Integer>> out = new TreeMap<>(Comparator.reverseOrder());
        for (int i = 0; i < v.size(); i++) {
            VKey k = v.vkey(i);
            long it = v.iter(i);
            if (!selected.test(k, it)) continue;
            long[] r = ranges.get(k);
            if (r != null && it < r[0]) continue;
            out.computeIfAbsent(it, x -> new TreeMap<>()).merge(k, i, (a, b) -> v.url(a).compareTo(v.url(b)) >= 0 ? a : b);
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
            View v = view(task);
            TreeMap<Long, TreeMap<VKey, Integer>> its = byIteration(v, (k, it) -> selected(sel, k), s.ranges.get(task));
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
                for (int ev : its.get(it).values()) {
                    int n = perMetric.merge(v.vkey(ev).metric(), 1, Integer::sum);
                    if (n <= perBucket) ea.add(v.node(ev).deepCopy());
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
        View v = view(task);
        int at = -1;
        for (int i = 0; i < v.size(); i++) {
            if (!v.vkey(i).equals(k)) continue;
            long it = v.iter(i);
            if (it < r[0] || (upTo != null && it > upTo)) continue;
            if (at < 0 || it > v.iter(at) || (it == v.iter(at) && v.url(i).compareTo(v.url(at)) > 0)) at = i;
        }
        ObjectNode best = at < 0 ? null : v.node(at);
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
        View v = view(task);
        TreeMap<Long, TreeMap<VKey, Integer>> its = byIteration(v,
                (k, it) -> (s.metric == null || s.metric.equals(k.metric())) && s.ranges.containsKey(k) && it <= s.ranges.get(k)[1], s.ranges);
        for (Long it : its.descendingKeySet()) for (int i : its.get(it).values()) order.add(v.node(i));
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
        View v = view(task);
        String type = request.get("event_type").asText();
        record ByIter(long iter, int i) {}
        List<ByIter> matching = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.type(i).equals(type)) continue;
            if (!request.get("metrics").isEmpty() && !matches(request.get("metrics"), v.vkey(i))) continue;
            matching.add(new ByIter(v.iter(i), i));
        }
        Comparator<ByIter> byIter = Comparator.comparingLong(ByIter::iter);
        matching.sort(desc ? byIter.reversed() : byIter); // stable: ties in report order
        List<ObjectNode> page = new ArrayList<>();
        long lastIter = 0;
        boolean fresh = !body.hasNonNull("scroll_id");
        if (fresh || state.has("from_key_value")) {
            long from = fresh ? 0 : parseLong(state.get("from_key_value").asText());
            for (ByIter e : matching) {
                long it = e.iter();
                // position 0 counts as no position: the scroll starts over (EVENTS.md 4.6 bug 2)
                if (from != 0 && (desc ? it >= from : it <= from)) continue;
                if (page.size() < batch || (!page.isEmpty() && lastIter == it)) {
                    page.add(v.node(e.i()));
                    lastIter = it;
                } else {
                    break;
                }
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

    private static boolean matches(JsonNode metrics, VKey e) {
        for (JsonNode m : metrics) {
            if (!m.path("metric").asText().equals(e.metric())) continue;
            List<String> vs = strings(m.get("variants"));
            if (vs.isEmpty() || vs.contains(e.variant())) return true;
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
