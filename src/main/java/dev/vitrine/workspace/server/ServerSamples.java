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

    /** Pages scanned for the grid before the variants still unseen are asked for one by one. */
    static final int MAX_GRID_PAGES = 200;
    /** Events read for one variant's history: 100k iterations of one image stay a few MB. */
    static final int MAX_HISTORY_EVENTS = 200_000;
    static final int EVENTS_BATCH = 500;
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

    @Override
    public List<Sample> latest(String taskId) {
        checkId(taskId);
        return call(() -> {
            Map<String, List<String>> mv = api.metricVariants(List.of(taskId));
            Map<SampleKey, Sample> found = new TreeMap<>();
            Set<SampleKey> wanted = new HashSet<>();
            mv.forEach((m, vs) -> vs.forEach(v -> wanted.add(new SampleKey(m, v))));
            // one page over every metric: enough when each variant reported at the last iterations
            for (List<EventsApi.MetricSelector> group : groups(taskId, mv)) {
                scan(taskId, group, mv, wanted, found, 1);
            }
            // per metric, only its variants still unseen, with as many iterations per page as the buckets allow
            mv.forEach((m, vs) -> {
                List<String> missing = vs.stream().filter(v -> !found.containsKey(new SampleKey(m, v))).toList();
                for (int i = 0; i < missing.size(); i += EventsApi.BUCKETS / 4) {
                    List<String> chunk = missing.subList(i, Math.min(missing.size(), i + EventsApi.BUCKETS / 4));
                    scan(taskId, List.of(new EventsApi.MetricSelector(taskId, m, chunk)), mv, wanted, found, MAX_GRID_PAGES);
                }
            });
            // variants the scan did not reach (a long tail of old iterations): one call each
            for (SampleKey k : wanted) {
                if (found.containsKey(k)) continue;
                EventsApi.Sample s = api.debugImageSample(taskId, k.metric(), k.variant(), null, null, false);
                if (s.event() != null) found.put(k, sample(s.event()));
            }
            return new ArrayList<>(found.values());
        });
    }

    /**
     * Metrics grouped so that each {@code debug_images} call keeps metrics x iters x variants
     * within the server's 8000 buckets, and variants per metric within the scroll's cap
     * ({@code 8000 // metrics // 2}); a metric with more variants is split by variant.
     */
    static List<List<EventsApi.MetricSelector>> groups(String task, Map<String, List<String>> mv) {
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
            cur.add(new EventsApi.MetricSelector(task, e.getKey(), List.of()));
            curMax = max;
        }
        if (!cur.isEmpty()) out.add(cur);
        return out;
    }

    private void scan(String taskId, List<EventsApi.MetricSelector> group, Map<String, List<String>> mv,
                      Set<SampleKey> wanted, Map<SampleKey, Sample> found, int maxPages) {
        int maxVariants = 1;
        Set<SampleKey> inGroup = new HashSet<>();
        for (EventsApi.MetricSelector m : group) {
            List<String> vs = m.variants().isEmpty() ? mv.getOrDefault(m.metric(), List.of()) : m.variants();
            maxVariants = Math.max(maxVariants, vs.size());
            for (String v : vs) inGroup.add(new SampleKey(m.metric(), v));
        }
        int iters = Math.max(1, Math.min(MAX_ITERS_PER_PAGE, EventsApi.BUCKETS / (group.size() * maxVariants)));
        String scroll = null;
        for (int page = 0; page < maxPages && !found.keySet().containsAll(inGroup); page++) {
            EventsApi.Page p = api.debugImages(group, iters, true, false, scroll);
            scroll = p.scrollId();
            if (p.isEmpty()) break;
            for (List<EventsApi.Iteration> its : p.tasks().values()) {
                for (EventsApi.Iteration it : its) { // newest first: the first seen is the latest
                    for (DebugEvent e : it.events()) {
                        SampleKey k = new SampleKey(e.metric(), e.variant());
                        if (wanted.contains(k)) found.putIfAbsent(k, sample(e));
                    }
                }
            }
        }
    }

    @Override
    public SampleHistory history(String taskId, String metric, String variant) {
        checkId(taskId);
        SampleKey key = new SampleKey(metric, variant);
        return call(() -> {
            EventsApi.Sample latest = api.debugImageSample(taskId, metric, variant, null, null, false);
            if (latest.event() == null) return SampleHistory.empty(taskId, key);
            List<DebugEvent> raw = api.taskEvents(taskId, metric, List.of(variant), true, EVENTS_BATCH, MAX_HISTORY_EVENTS);
            List<Sample> events = new ArrayList<>(raw.size());
            for (DebugEvent e : raw) if (e.metric().equals(metric) && e.variant().equals(variant)) events.add(sample(e));
            // an event reported after the range was computed is newer than every file: it is valid
            if (events.stream().noneMatch(s -> s.iteration() == latest.event().iter())) events.add(sample(latest.event()));
            return Validity.history(taskId, key, events, latest.minIteration());
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
