package dev.vitrine.samples;

import java.util.ArrayList;
import java.util.List;

/**
 * The port through which the app and the command line read a task's debug samples, whatever the
 * source (a server's events API, an offline session's {@code metrics.jsonl}, the demo). Methods
 * block and may do I/O: call them off the FX thread. Implementations are thread-safe and never
 * return an event whose file was recycled as if it held its own image.
 * Failures are {@link dev.vitrine.workspace.WorkspaceException}s with a message for the user.
 */
public interface DebugSamples {

    /** The latest sample of every metric/variant of a task, sorted by metric, then variant. */
    List<Sample> latest(String taskId);

    /** Every showable iteration of one metric/variant, newest first, and the recycled ones. */
    SampleHistory history(String taskId, String metric, String variant);

    /**
     * Every showable sample of a task, newest iteration first per metric/variant, optionally
     * narrowed to a metric and a variant (null: all).
     */
    default List<Sample> all(String taskId, String metric, String variant) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : latest(taskId)) {
            if (metric != null && !metric.equals(s.metric())) continue;
            if (variant != null && !variant.equals(s.variant())) continue;
            out.addAll(history(taskId, s.metric(), s.variant()).samples());
        }
        return out;
    }

    /** A source with no samples (a workspace that cannot have any). */
    static DebugSamples none() {
        return new DebugSamples() {
            @Override
            public List<Sample> latest(String taskId) {
                return List.of();
            }

            @Override
            public SampleHistory history(String taskId, String metric, String variant) {
                return SampleHistory.empty(taskId, new SampleKey(metric, variant));
            }
        };
    }
}
