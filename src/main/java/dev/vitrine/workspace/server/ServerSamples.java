package dev.vitrine.workspace.server;

import dev.vitrine.clearml.ApiException;
import dev.vitrine.clearml.ClearmlException;
import dev.vitrine.clearml.DebugEvent;
import dev.vitrine.clearml.EventsApi;
import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.samples.SampleKey;
import dev.vitrine.samples.Validity;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.WorkspaceException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Debug samples of a ClearML server through its events API (EVENTS.md): the grid from
 * {@code get_multi_task_metrics} and {@code debug_images} pages (the server hides stale events),
 * one variant's iterations from {@code get_debug_image_sample}'s valid range and
 * {@code get_task_events}. Every call starts a new scroll: a scroll pins its selection and its
 * validity state, and a running task needs both fresh. Files are fetched with the server's storage scope.
 */
public final class ServerSamples implements DebugSamples {

    /** Pages of one scroll read for the grid (each finds a variant, or the scroll ends). */
    static final int MAX_GRID_PAGES = 200;
    /** Events per grid page at most (a few MB of JSON): iterations per page shrink as variants grow. */
    static final int MAX_EVENTS_PER_PAGE = 4000;
    /** Events read for one variant's history: 100k iterations of one image stay a few MB. */
    static final int MAX_HISTORY_EVENTS = 200_000;
    static final int EVENTS_BATCH = 500;
    /** Events per page once a history is longer than the first page (a few MB of JSON). */
    static final int EVENTS_BATCH_ON = 10_000;
    /** Iterations per grid page: bounded so that one reply stays small whatever the buckets allow. */
    static final int MAX_ITERS_PER_PAGE = 1000;

    private final EventsApi api;
    private final String storageScope;
    private final String displayName;

    public ServerSamples(EventsApi api, String storageScope, String displayName) {
        this.api = api;
        this.storageScope = storageScope;
        this.displayName = displayName;
    }

    public ServerSamples(ServerWorkspace ws) {
        this(new EventsApi(ws.client()), ws.storageScope(), ws.displayName());
    }

    /**
     * The grid: one {@code debug_images} call per group of metrics gives the variants reported at
     * the newest iterations (the usual case: one call). Variants still unseen are asked for again, in
     * a new scroll over them alone, paging on while each page finds some: a page that finds none
     * only holds variants already found (a dense one hides the rest), so the next scroll leaves
     * those out. Every call but such a fruitless one finds at least one variant (the newest
     * iteration of a scroll over unseen variants is the latest of some of them), and a fruitless call
     * is followed by a fruitful one, so the calls stay within twice the variants in the worst case
     * and a handful in practice; the per-variant call is kept for events the pages cannot show.
     */
    @Override
    public List<Sample> latest(String taskId) {
        checkId(taskId);
        return call(() -> {
            Map<String, List<String>> mv = api.metricVariants(List.of(taskId));
            Map<SampleKey, Sample> found = new TreeMap<>();
            Set<SampleKey> wanted = new HashSet<>();
            mv.forEach((m, vs) -> vs.forEach(v -> wanted.add(new SampleKey(m, v))));
            boolean first = true;
            while (found.size() < wanted.size()) {
                Map<String, List<String>> missing = first ? mv : missing(mv, found);
                boolean progress = false;
                for (List<EventsApi.MetricSelector> group : groups(taskId, missing, mv)) {
                    progress |= scan(taskId, group, missing, wanted, found, first ? 1 : MAX_GRID_PAGES);
                }
                if (!progress && !first) break;
                first = false;
            }
            // variants with no event a page can show (no url): one call each, as the server's viewer would
            for (SampleKey k : wanted) {
                if (found.containsKey(k)) continue;
                EventsApi.Sample s = api.debugImageSample(taskId, k.metric(), k.variant(), null, null, false);
                if (s.event() != null) found.put(k, sample(s.event()));
            }
            return new ArrayList<>(found.values());
        });
    }

    private static Map<String, List<String>> missing(Map<String, List<String>> mv, Map<SampleKey, Sample> found) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        mv.forEach((m, vs) -> {
            List<String> left = vs.stream().filter(v -> !found.containsKey(new SampleKey(m, v))).toList();
            if (!left.isEmpty()) out.put(m, left);
        });
        return out;
    }

    /**
     * Metrics grouped so that each {@code debug_images} call keeps metrics x iters x variants
     * within the server's 8000 buckets, and variants per metric within the scroll's cap
     * ({@code 8000 // metrics // 2}); a metric with more variants is split by variant.
     */
    static List<List<EventsApi.MetricSelector>> groups(String task, Map<String, List<String>> mv) {
        return groups(task, mv, mv);
    }

    /** As {@link #groups(String, Map)} for some variants of {@code all}'s metrics (a metric asked whole is sent without a list). */
    static List<List<EventsApi.MetricSelector>> groups(String task, Map<String, List<String>> mv, Map<String, List<String>> all) {
        List<List<EventsApi.MetricSelector>> out = new ArrayList<>();
        List<EventsApi.MetricSelector> cur = new ArrayList<>();
        int curMax = 0;
        int cap = EventsApi.BUCKETS / 2;
        List<Map.Entry<String, List<String>>> byCount = new ArrayList<>(mv.entrySet());
        byCount.sort(Comparator.comparingInt(e -> e.getValue().size()));
        for (Map.Entry<String, List<String>> e : byCount) {
            List<String> vs = e.getValue();
            if (vs.isEmpty()) continue;
            if (vs.size() > cap / 2) {
                for (int i = 0; i < vs.size(); i += cap / 2) {
                    out.add(List.of(new EventsApi.MetricSelector(task, e.getKey(), vs.subList(i, Math.min(vs.size(), i + cap / 2)))));
                }
                continue;
            }
            int max = Math.max(curMax, vs.size());
            if (!cur.isEmpty() && (cur.size() + 1) * max > cap) {
                out.add(cur);
                cur = new ArrayList<>();
                max = vs.size();
            }
            boolean whole = vs.size() == all.getOrDefault(e.getKey(), List.of()).size();
            cur.add(new EventsApi.MetricSelector(task, e.getKey(), whole ? List.of() : vs));
            curMax = max;
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    /** Pages one group newest first while pages find unseen variants; whether any was found. */
    private boolean scan(String taskId, List<EventsApi.MetricSelector> group, Map<String, List<String>> mv,
                         Set<SampleKey> wanted, Map<SampleKey, Sample> found, int maxPages) {
        int maxVariants = 1;
        int variants = 0;
        Set<SampleKey> inGroup = new HashSet<>();
        for (EventsApi.MetricSelector m : group) {
            List<String> vs = m.variants().isEmpty() ? mv.getOrDefault(m.metric(), List.of()) : m.variants();
            maxVariants = Math.max(maxVariants, vs.size());
            variants += vs.size();
            for (String v : vs) inGroup.add(new SampleKey(m.metric(), v));
        }
        int iters = Math.max(1, Math.min(Math.min(MAX_ITERS_PER_PAGE, MAX_EVENTS_PER_PAGE / Math.max(1, variants)),
                EventsApi.BUCKETS / (group.size() * maxVariants)));
        String scroll = null;
        boolean any = false;
        for (int page = 0; page < maxPages && !found.keySet().containsAll(inGroup); page++) {
            EventsApi.Page p = api.debugImages(group, iters, true, false, scroll);
            scroll = p.scrollId();
            if (p.isEmpty()) break;
            int before = found.size();
            for (List<EventsApi.Iteration> its : p.tasks().values()) {
                for (EventsApi.Iteration it : its) { // newest first: the first seen is the latest
                    for (DebugEvent e : it.events()) {
                        SampleKey k = new SampleKey(e.metric(), e.variant());
                        if (wanted.contains(k)) found.putIfAbsent(k, sample(e));
                    }
                }
            }
            if (found.size() == before) break; // variants found already fill the pages: a new scroll without them
            any = true;
        }
        return any;
    }

    /**
     * One variant's iterations: the valid range from {@code get_debug_image_sample}, then the events
     * newest first until the first one below the range (older events are only counted from
     * {@code total}): a task that reported 100k iterations with the SDK's 100 files reads one page.
     */
    @Override
    public SampleHistory history(String taskId, String metric, String variant) {
        checkId(taskId);
        SampleKey key = new SampleKey(metric, variant);
        return call(() -> {
            EventsApi.Sample latest = api.debugImageSample(taskId, metric, variant, null, null, false);
            if (latest.event() == null) return SampleHistory.empty(taskId, key);
            long min = latest.minIteration() != null ? latest.minIteration() : Long.MIN_VALUE;
            List<Sample> events = new ArrayList<>();
            long total = api.taskEventPages(taskId, metric, List.of(variant), true, EVENTS_BATCH, EVENTS_BATCH_ON, (page, t) -> {
                boolean passed = false;
                for (DebugEvent e : page) {
                    if (!e.metric().equals(metric) || !e.variant().equals(variant)) continue;
                    if (e.iter() < min) passed = true;
                    events.add(sample(e));
                }
                return !passed && events.size() < MAX_HISTORY_EVENTS;
            });
            // an event reported after the range was computed is newer than every file: it is valid
            if (events.stream().noneMatch(s -> s.iteration() == latest.event().iter())) events.add(sample(latest.event()));
            SampleHistory h = Validity.history(taskId, key, events, latest.minIteration());
            long unread = total < 0 ? 0 : Math.max(0, total - events.size());
            return new SampleHistory(taskId, key, h.samples(), h.recycled(), h.recycled().size() + unread);
        });
    }

    Sample sample(DebugEvent e) {
        return new Sample(e.task(), e.metric(), e.variant(), e.iter(), e.url(), Instant.ofEpochMilli(e.timestamp()),
                MediaKind.ofUrl(e.url()), new Location.Remote(e.url(), storageScope));
    }

    private void checkId(String taskId) {
        if (taskId == null || !taskId.matches("[0-9a-fA-F]{32}")) throw new NotFoundException("No task with id '" + taskId + "'");
    }

    private <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (ApiException e) {
            if (e.resultCode() == 400 && e.subcode() == 101) throw new NotFoundException("No task with that id on " + displayName);
            throw new WorkspaceException("Cannot read debug samples from " + displayName + ": " + e.getMessage(), e);
        } catch (ClearmlException e) {
            throw new WorkspaceException(e.getMessage(), e);
        }
    }
}
