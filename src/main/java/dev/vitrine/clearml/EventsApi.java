package dev.vitrine.clearml;

import dev.vitrine.clearml.internal.Dtos;
import dev.vitrine.clearml.internal.EventDtos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed calls of the events service for debug samples, as the real server implements them
 * (EVENTS.md 4): the event type is always sent (it is required, and without it console-log events
 * mix in), {@code batch_size} is sent on every {@code get_task_events} call (a scroll call without
 * it resets to 500) and paging stops at {@code total} (a page ending at iteration 0 restarts).
 * Blocks; thread-safe as the client is.
 */
public final class EventsApi {

    public static final String DEBUG_IMAGE = "training_debug_image";
    /** Elasticsearch buckets per debug_images call: metrics x iters x variants must stay below this (EVENTS.md 4.3). */
    public static final int BUCKETS = 8000;

    private final ClearmlClient client;

    public EventsApi(ClearmlClient client) {
        this.client = client;
    }

    /** Selects one task's metric (null: every metric) and optionally some of its variants. */
    public record MetricSelector(String task, String metric, List<String> variants) {
        public MetricSelector {
            variants = variants == null ? List.of() : List.copyOf(variants);
        }
    }

    /** One iteration of a task with one event per metric/variant (sorted by metric, then variant). */
    public record Iteration(long iter, List<DebugEvent> events) {}

    /** One page of {@code debug_images}: per task in request order, iterations newest first. */
    public record Page(Map<String, List<Iteration>> tasks, String scrollId) {
        /** Only an empty page means the end (EVENTS.md 4.3). */
        public boolean isEmpty() {
            return tasks.values().stream().allMatch(List::isEmpty);
        }
    }

    /** {@code get_debug_image_sample} / {@code next_debug_image_sample}: null fields when nothing is there. */
    public record Sample(String scrollId, DebugEvent event, Long minIteration, Long maxIteration) {}

    /** The metric names with debug samples, per task in request order. */
    public Map<String, List<String>> taskMetrics(List<String> tasks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tasks", tasks);
        body.put("event_type", DEBUG_IMAGE);
        EventDtos.TaskMetricsReply r = client.call("events.get_task_metrics", body, EventDtos.TaskMetricsReply.class);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (r.metrics() != null) {
            for (EventDtos.TaskMetricsDto m : r.metrics()) out.put(m.task(), m.metrics() == null ? List.of() : List.copyOf(m.metrics()));
        }
        return out;
    }

    /** The union over the tasks of metrics and their variants, sorted (it does not say which task has what). */
    public Map<String, List<String>> metricVariants(List<String> tasks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tasks", tasks);
        body.put("event_type", DEBUG_IMAGE);
        EventDtos.MultiTaskMetricsReply r = client.call("events.get_multi_task_metrics", body, EventDtos.MultiTaskMetricsReply.class);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (r.metrics() != null) {
            for (EventDtos.MetricVariantsDto m : r.metrics()) {
                if (m.metric() == null) continue;
                out.put(m.metric(), m.variants() == null ? List.of() : List.copyOf(m.variants()));
            }
        }
        return out;
    }

    /**
     * A page of iterations (newest first in either direction). A null {@code scrollId} starts a new
     * scroll at the newest iteration; a scroll pins its selection, so start a new one whenever it changes.
     */
    public Page debugImages(List<MetricSelector> metrics, int iters, boolean navigateEarlier, boolean refresh, String scrollId) {
        List<Map<String, Object>> sel = new ArrayList<>();
        for (MetricSelector m : metrics) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("task", m.task());
            if (m.metric() != null) e.put("metric", m.metric());
            if (!m.variants().isEmpty()) e.put("variants", m.variants());
            sel.add(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metrics", sel);
        body.put("iters", iters);
        body.put("navigate_earlier", navigateEarlier);
        body.put("refresh", refresh);
        if (scrollId != null) body.put("scroll_id", scrollId);
        EventDtos.DebugImagesReply r = client.call("events.debug_images", body, EventDtos.DebugImagesReply.class);
        Map<String, List<Iteration>> out = new LinkedHashMap<>();
        if (r.metrics() != null) {
            for (EventDtos.TaskIterationsDto t : r.metrics()) {
                List<Iteration> its = new ArrayList<>();
                if (t.iterations() != null) {
                    for (EventDtos.IterationDto it : t.iterations()) {
                        List<DebugEvent> evs = new ArrayList<>();
                        if (it.events() != null) for (EventDtos.EventDto e : it.events()) addIfValid(evs, e);
                        its.add(new Iteration(it.iter() == null ? -1 : it.iter(), evs));
                    }
                }
                out.put(t.task(), its);
            }
        }
        return new Page(out, r.scrollId());
    }

    /**
     * The sample of one variant at or before {@code iteration} (null: the latest), with the range of
     * iterations whose file still holds their image. Unknown metric or variant: every field null.
     */
    public Sample debugImageSample(String task, String metric, String variant, Long iteration, String scrollId, boolean refresh) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("metric", metric);
        body.put("variant", variant);
        if (iteration != null) body.put("iteration", iteration);
        if (scrollId != null) body.put("scroll_id", scrollId);
        if (refresh) body.put("refresh", true);
        return sample(client.call("events.get_debug_image_sample", body, EventDtos.SampleReply.class));
    }

    /** Steps from the current sample of a scroll: next variant of the iteration, or the next iteration's first/last one. */
    public Sample nextDebugImageSample(String task, String scrollId, boolean navigateEarlier, boolean nextIteration) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("scroll_id", scrollId);
        body.put("navigate_earlier", navigateEarlier);
        body.put("next_iteration", nextIteration);
        return sample(client.call("events.next_debug_image_sample", body, EventDtos.SampleReply.class));
    }

    /**
     * Every debug-sample event of a task (one metric, optionally some variants), stale ones included,
     * newest iteration first when {@code descending}. Stops at {@code total} or an empty page, and at
     * {@code limit} events; {@code batchSize} is resent on every call.
     */
    public List<DebugEvent> taskEvents(String task, String metric, List<String> variants, boolean descending, int batchSize, int limit) {
        List<DebugEvent> out = new ArrayList<>();
        taskEventPages(task, metric, variants, descending, batchSize, (page, total) -> {
            out.addAll(page);
            return out.size() < limit;
        });
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Receives the pages of {@link #taskEventPages}; answers whether to read on. */
    @FunctionalInterface
    public interface PageReader {
        boolean more(List<DebugEvent> page, long total);
    }

    /**
     * The pages of {@code get_task_events} for a task (one metric, optionally some variants), handed
     * over one at a time so that a caller keeps only what it needs and stops when it has it. Stops at
     * {@code total} or an empty page, or when the reader says so; returns {@code total} (the count of
     * matching events on the server, or -1 when the server did not say).
     */
    public long taskEventPages(String task, String metric, List<String> variants, boolean descending, int batchSize, PageReader reader) {
        return taskEventPages(task, metric, variants, descending, batchSize, batchSize, reader);
    }

    /**
     * As above with a first page of {@code firstBatch} events and the next ones of {@code nextBatch}:
     * a small first page when the caller usually stops there, larger ones when it reads on (the value
     * sent on a scroll call replaces the one the scroll holds, EVENTS.md 4.6).
     */
    public long taskEventPages(String task, String metric, List<String> variants, boolean descending, int firstBatch, int nextBatch,
                               PageReader reader) {
        int batchSize = firstBatch;
        String scroll = null;
        long received = 0;
        long total = -1;
        while (true) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("task", task);
            body.put("event_type", DEBUG_IMAGE);
            if (metric != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("metric", metric);
                if (variants != null && !variants.isEmpty()) m.put("variants", variants);
                body.put("metrics", List.of(m));
            }
            body.put("batch_size", batchSize);
            body.put("order", descending ? "desc" : "asc");
            if (scroll != null) body.put("scroll_id", scroll);
            EventDtos.TaskEventsReply r = client.call("events.get_task_events", body, EventDtos.TaskEventsReply.class);
            List<EventDtos.EventDto> raw = r.events() == null ? List.of() : r.events();
            List<DebugEvent> page = new ArrayList<>(raw.size());
            for (EventDtos.EventDto e : raw) addIfValid(page, e);
            received += raw.size();
            scroll = r.scrollId();
            if (r.total() != null) total = r.total();
            boolean more = reader.more(page, total);
            batchSize = nextBatch;
            // a page ending at iteration 0 makes the next call start over: stop at total, never loop (EVENTS.md 4.6)
            if (!more || raw.isEmpty() || received >= (total < 0 ? Long.MAX_VALUE : total) || scroll == null) return total;
        }
    }

    /** What {@code events.add_batch} took: events added, and those refused with the server's reasons (EVENTS.md 3). */
    public record BatchResult(int added, int errors, String errorsInfo) {}

    /**
     * {@code events.add_batch}, one event a line as the SDK sends it. Each event is the
     * {@code events.add} request object as plain JSON values (maps, lists, strings, numbers,
     * booleans): what an offline session recorded passes through field for field.
     * {@code added} is the number sent when the server does not say.
     */
    public BatchResult addBatch(List<? extends Map<String, ?>> events) {
        Dtos.BatchReply r = client.callBatch("events.add_batch", events, Dtos.BatchReply.class);
        return new BatchResult(r.added() == null ? events.size() : r.added(), r.errors() == null ? 0 : r.errors(),
                r.errorsInfo() == null || r.errorsInfo().isMissingNode() ? null : r.errorsInfo().toString());
    }

    private static Sample sample(EventDtos.SampleReply r) {
        List<DebugEvent> one = new ArrayList<>(1);
        if (r.event() != null) addIfValid(one, r.event());
        return new Sample(r.scrollId(), one.isEmpty() ? null : one.get(0), r.minIteration(), r.maxIteration());
    }

    /** Events without an iteration, metric or url are not samples a viewer can show. */
    private static void addIfValid(List<DebugEvent> into, EventDtos.EventDto e) {
        if (e == null || e.iter() == null || e.metric() == null || e.variant() == null || e.url() == null) return;
        into.add(new DebugEvent(e.task(), e.iter(), e.metric(), e.variant(), e.key(), e.url(),
                e.timestamp() == null ? 0 : e.timestamp()));
    }
}
