package dev.vitrine.compare;

import dev.vitrine.preview.array.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tensor-by-tensor comparison of two checkpoints, computed in float64 by streaming both sides chunk by
 * chunk (two small buffers per worker), so two 1 GB checkpoints need a few MB of heap. Rows follow A's
 * order, then tensors only in B. Immutable; thread-safe.
 */
public final class ModelDiff {

    /** Totals of one layer group (tensors sharing a name prefix) or of the whole model. */
    public record GroupTotal(String group, int tensors, int changed, double l2A, double l2B, double l2Diff, Double relChange) {}

    private final List<TensorDiff> tensors;

    private ModelDiff(List<TensorDiff> tensors) {
        this.tensors = List.copyOf(tensors);
    }

    public List<TensorDiff> tensors() {
        return tensors;
    }

    /** Compares every tensor; blocks (parallel chunks for large contiguous tensors). */
    public static ModelDiff compute(Checkpoint a, Checkpoint b) {
        Set<String> names = new LinkedHashSet<>();
        a.tensors().forEach(t -> names.add(t.name()));
        b.tensors().forEach(t -> names.add(t.name()));
        List<TensorDiff> rows = new ArrayList<>();
        for (String n : names) {
            if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("cancelled");
            rows.add(diff(n, a.tensor(n), b.tensor(n)));
        }
        return new ModelDiff(rows);
    }

    static TensorDiff diff(String name, Tensor a, Tensor b) {
        if (a == null) {
            return new TensorDiff(name, null, b.shape(), null, b.dtypeName(), null, b.l2(), null, null, null, null, TensorDiff.Status.ADDED);
        }
        if (b == null) {
            return new TensorDiff(name, a.shape(), null, a.dtypeName(), null, a.l2(), null, null, null, null, null, TensorDiff.Status.REMOVED);
        }
        if (!Arrays.equals(a.shape(), b.shape())) {
            return new TensorDiff(name, a.shape(), b.shape(), a.dtypeName(), b.dtypeName(), a.l2(), b.l2(), null, null, null, null,
                    TensorDiff.Status.RESHAPED);
        }
        Streams.Pair p = Streams.pair(a, b);
        double l2a = Math.sqrt(p.aa), l2b = Math.sqrt(p.bb), l2d = Math.sqrt(p.dd);
        Double rel = l2a == 0 ? null : l2d / l2a;
        Double cos = l2a == 0 || l2b == 0 ? null : p.ab / (l2a * l2b);
        double maxAbs = p.nan ? Double.NaN : p.maxAbs;
        boolean same = a.dtypeName().equals(b.dtypeName()) && p.dd == 0 && !p.nan;
        return new TensorDiff(name, a.shape(), b.shape(), a.dtypeName(), b.dtypeName(), l2a, l2b, l2d, rel, cos,
                a.numel() == 0 ? null : maxAbs, same ? TensorDiff.Status.SAME : TensorDiff.Status.CHANGED);
    }

    /** Totals per layer group, in first-seen order. */
    public List<GroupTotal> groups() {
        Map<String, List<TensorDiff>> by = new LinkedHashMap<>();
        for (TensorDiff t : tensors) by.computeIfAbsent(t.group(), k -> new ArrayList<>()).add(t);
        List<GroupTotal> out = new ArrayList<>();
        by.forEach((g, ts) -> out.add(total(g, ts)));
        return out;
    }

    /** Totals over all tensors present on both sides with equal shapes (l2 over the concatenation). */
    public GroupTotal total() {
        return total("(all)", tensors);
    }

    /** Totals over floating-point tensors only (what "how much did the weights move" means). */
    public GroupTotal floatTotal() {
        return total("(float weights)", floats(true));
    }

    /**
     * Totals per layer group over float tensors only, in first-seen order: the same tensors as
     * {@link #floatTotal()}, so the groups add up to it (an integer step counter never dominates a group).
     */
    public List<GroupTotal> floatGroups() {
        Map<String, List<TensorDiff>> by = new LinkedHashMap<>();
        for (TensorDiff t : floats(true)) by.computeIfAbsent(t.group(), k -> new ArrayList<>()).add(t);
        List<GroupTotal> out = new ArrayList<>();
        by.forEach((g, ts) -> out.add(total(g, ts)));
        return out;
    }

    /** Totals over the tensors that are not floating point (counters, indices, masks), shown apart. */
    public GroupTotal otherTotal() {
        return total("(integer and other tensors)", floats(false));
    }

    /** Float tensors (either side's dtype, so added and removed ones count), or the others. */
    private List<TensorDiff> floats(boolean wanted) {
        List<TensorDiff> out = new ArrayList<>();
        for (TensorDiff t : tensors) if (isFloat(t.dtypeA() != null ? t.dtypeA() : t.dtypeB()) == wanted) out.add(t);
        return out;
    }

    static boolean isFloat(String dtype) {
        return dtype != null && (dtype.startsWith("float") || dtype.equals("bfloat16") || dtype.startsWith("complex"));
    }

    private static GroupTotal total(String g, List<TensorDiff> ts) {
        double aa = 0, bb = 0, dd = 0;
        int changed = 0;
        for (TensorDiff t : ts) {
            if (t.status() != TensorDiff.Status.SAME) changed++;
            if (t.l2Diff() == null) continue;
            aa += t.l2A() * t.l2A();
            bb += t.l2B() * t.l2B();
            dd += t.l2Diff() * t.l2Diff();
        }
        double l2a = Math.sqrt(aa);
        return new GroupTotal(g, ts.size(), changed, l2a, Math.sqrt(bb), Math.sqrt(dd), l2a == 0 ? null : Math.sqrt(dd) / l2a);
    }

    public TensorDiff row(String name) {
        for (TensorDiff t : tensors) if (t.name().equals(name)) return t;
        return null;
    }

    /**
     * Histograms of a tensor's values in A and B over one shared range (either side may be null).
     * Two streaming passes per side. Returns {histA, histB}.
     */
    public static Histogram[] histograms(Tensor a, Tensor b, int bins) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        double[] buf = new double[Streams.BUF];
        for (Tensor t : new Tensor[] {a, b}) {
            if (t == null) continue;
            for (long i = 0; i < t.numel(); i += buf.length) {
                int m = (int) Math.min(buf.length, t.numel() - i);
                t.read(i, buf, m);
                for (int j = 0; j < m; j++) {
                    double x = buf[j];
                    if (Double.isFinite(x)) {
                        if (x < lo) lo = x;
                        if (x > hi) hi = x;
                    }
                }
            }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        Histogram[] out = new Histogram[2];
        Tensor[] ts = {a, b};
        for (int s = 0; s < 2; s++) {
            if (ts[s] == null) continue;
            Histogram.Builder h = new Histogram.Builder(lo, hi, bins);
            for (long i = 0; i < ts[s].numel(); i += buf.length) {
                int m = (int) Math.min(buf.length, ts[s].numel() - i);
                ts[s].read(i, buf, m);
                h.accept(buf, m);
            }
            out[s] = h.build();
        }
        return out;
    }
}
