package dev.vitrine.samples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's rule for which iterations of one metric/variant may be shown (EVENTS.md 3), for
 * sources that hold raw events (offline sessions, {@code get_task_events}): per distinct url take
 * its latest iteration; the smallest of these is the oldest iteration whose file still holds its own
 * image. At one iteration the event with the largest url is kept, as the viewer calls do.
 */
public final class Validity {
    private Validity() {}

    /** The oldest showable iteration of these events (one metric/variant), or null when there are none. */
    public static Long minIteration(List<Sample> events) {
        Map<String, Long> latestPerUrl = new HashMap<>();
        for (Sample s : events) latestPerUrl.merge(s.url(), s.iteration(), Math::max);
        return latestPerUrl.values().stream().min(Long::compare).orElse(null);
    }

    /** Splits one metric/variant's raw events into a history: showable newest first, recycled iterations. */
    public static SampleHistory history(String task, SampleKey key, List<Sample> events, Long serverMin) {
        Long min = serverMin != null ? serverMin : minIteration(events);
        TreeMap<Long, Sample> perIteration = new TreeMap<>(Comparator.reverseOrder());
        for (Sample s : events) {
            perIteration.merge(s.iteration(), s, (a, b) -> a.url().compareTo(b.url()) >= 0 ? a : b);
        }
        List<Sample> valid = new ArrayList<>();
        List<Long> recycled = new ArrayList<>();
        for (Sample s : perIteration.values()) {
            if (min == null || s.iteration() >= min) valid.add(s);
            else recycled.add(s.iteration());
        }
        return new SampleHistory(task, key, valid, recycled);
    }
}
