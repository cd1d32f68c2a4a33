package dev.vitrine.compare.series;

import java.util.Arrays;

/**
 * How one tensor evolves over the snapshots of a series: its L2 norm in each snapshot and the
 * relative change {@code ||x_i - x_{i-1}|| / ||x_{i-1}||} (from the previous snapshot) and
 * {@code ||x_i - x_0|| / ||x_0||} (from the first). An entry is null where the tensor is missing, where
 * no earlier snapshot holds it with the same shape, or where the reference norm is 0. Immutable.
 *
 * @param shape the shape in the first snapshot that holds the tensor
 * @param dtype numpy's dtype name in that snapshot
 */
public record TensorSeries(String name, long[] shape, String dtype, Double[] l2, Double[] relChangePrev, Double[] relChangeFirst) {

    public TensorSeries {
        shape = shape.clone();
        l2 = l2.clone();
        relChangePrev = relChangePrev.clone();
        relChangeFirst = relChangeFirst.clone();
    }

    @Override
    public long[] shape() { return shape.clone(); }
    @Override
    public Double[] l2() { return l2.clone(); }
    @Override
    public Double[] relChangePrev() { return relChangePrev.clone(); }
    @Override
    public Double[] relChangeFirst() { return relChangeFirst.clone(); }

    public int snapshots() { return l2.length; }

    public Double l2(int i) { return l2[i]; }
    public Double relChangePrev(int i) { return relChangePrev[i]; }
    public Double relChangeFirst(int i) { return relChangeFirst[i]; }

    /** The layer group: the name without its last dotted part ("fc1" for "fc1.weight"), as the two-snapshot compare groups. */
    public String group() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** True when every snapshot holds the tensor. */
    public boolean everywhere() {
        for (Double d : l2) if (d == null) return false;
        return true;
    }

    /** The largest relative change from one snapshot to the next (0 when none is known): how much it ever moved. */
    public double maxRelChangePrev() {
        double m = 0;
        for (Double d : relChangePrev) if (d != null && d > m) m = d;
        return m;
    }

    /** The last known relative change from the first snapshot (0 when none): where it ended up. */
    public double finalRelChangeFirst() {
        for (int i = relChangeFirst.length - 1; i >= 0; i--) if (relChangeFirst[i] != null) return relChangeFirst[i];
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSeries t && name.equals(t.name) && Arrays.equals(shape, t.shape) && dtype.equals(t.dtype)
                && Arrays.equals(l2, t.l2) && Arrays.equals(relChangePrev, t.relChangePrev) && Arrays.equals(relChangeFirst, t.relChangeFirst);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " " + dtype + " l2=" + Arrays.toString(l2);
    }
}
