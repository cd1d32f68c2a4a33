package dev.vitrine.compare.series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift of every tensor across an ordered series of checkpoints (CLI.md's checkpoint-series):
 * the snapshots as given and one {@link TensorSeries} per tensor name, in first-seen order.
 * Immutable; thread-safe.
 *
 * @param formats the checkpoint format of each snapshot ("safetensors", "torch", "onnx" ...)
 */
public record CheckpointSeries(List<Snapshot> snapshots, List<TensorSeries> tensors) {

    /** A snapshot as compared: its label and operand, and the format its file was read as. */
    public record Snapshot(String label, String source, String format) {}

    public CheckpointSeries {
        snapshots = List.copyOf(snapshots);
        tensors = List.copyOf(tensors);
    }

    public TensorSeries tensor(String name) {
        for (TensorSeries t : tensors) if (t.name().equals(name)) return t;
        return null;
    }

    /** CLI.md: {"kind":"checkpoint-series","snapshots":[{"label","source"}],"tensors":[{"name","shape","dtype","l2","rel_change_prev","rel_change_first"}]}. */
    public Map<String, Object> document() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "checkpoint-series");
        List<Object> ss = new ArrayList<>();
        for (Snapshot s : snapshots) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("label", s.label());
            o.put("source", s.source());
            ss.add(o);
        }
        m.put("snapshots", ss);
        List<Object> ts = new ArrayList<>();
        for (TensorSeries t : tensors) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", t.name());
            List<Long> shape = new ArrayList<>();
            for (long d : t.shape()) shape.add(d);
            o.put("shape", shape);
            o.put("dtype", t.dtype());
            o.put("l2", java.util.Arrays.asList(t.l2()));
            o.put("rel_change_prev", java.util.Arrays.asList(t.relChangePrev()));
            o.put("rel_change_first", java.util.Arrays.asList(t.relChangeFirst()));
            ts.add(o);
        }
        m.put("tensors", ts);
        return m;
    }
}
