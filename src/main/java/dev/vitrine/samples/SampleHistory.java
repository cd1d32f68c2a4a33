package dev.vitrine.samples;

import java.util.List;
import java.util.Optional;

/**
 * Every iteration of one metric/variant of a task whose file still holds its own image, newest
 * first, and the iterations that were reported but whose file was overwritten since (the SDK keeps
 * only the last N files per metric/variant: {@code file_history_size}, {@code max_image_history}).
 *
 * @param samples       the showable samples, newest iteration first, one per iteration
 * @param recycled      reported iterations whose file now holds a later image, newest first: those
 *                      read (a server's history stops reading below the oldest showable iteration)
 * @param recycledCount how many reported events are older than the oldest showable iteration, all
 *                      of them, read or only counted
 */
public record SampleHistory(String task, SampleKey key, List<Sample> samples, List<Long> recycled, long recycledCount) {

    public SampleHistory {
        samples = List.copyOf(samples);
        recycled = List.copyOf(recycled);
        recycledCount = Math.max(recycledCount, recycled.size());
    }

    /** Every recycled iteration listed. */
    public SampleHistory(String task, SampleKey key, List<Sample> samples, List<Long> recycled) {
        this(task, key, samples, recycled, recycled.size());
    }

    public static SampleHistory empty(String task, SampleKey key) {
        return new SampleHistory(task, key, List.of(), List.of());
    }

    /** Whether some reported iterations are no longer stored (their files hold later images). */
    public boolean hasRecycled() {
        return recycledCount > 0;
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public Sample latest() {
        return samples.isEmpty() ? null : samples.get(0);
    }

    /** The oldest iteration still showable, or null. */
    public Long minIteration() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1).iteration();
    }

    public Long maxIteration() {
        return samples.isEmpty() ? null : samples.get(0).iteration();
    }

    /**
     * The sample shown for {@code iteration}: the newest at or before it, as the server rounds down
     * (iterations are sparse and per task). Empty below the oldest showable one.
     */
    public Optional<Sample> atOrBefore(long iteration) {
        int i = indexAtOrBefore(iteration);
        return i < 0 ? Optional.empty() : Optional.of(samples.get(i));
    }

    /** Index in {@link #samples()} of the newest sample at or before {@code iteration}, or -1. */
    public int indexAtOrBefore(long iteration) {
        int lo = 0;
        int hi = samples.size() - 1;
        int found = -1;
        while (lo <= hi) { // descending list: find the first element <= iteration
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).iteration() <= iteration) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    /** Whether this iteration was reported but its file now holds a later iteration's image. */
    public boolean isRecycled(long iteration) {
        return recycled.contains(iteration);
    }
}
