package dev.vitrine.preview.array;

/**
 * Counts of finite values in equal-width bins over [lo, hi]; the last bin includes hi. Immutable
 * once built.
 */
public record Histogram(double lo, double hi, long[] counts) {

    public int bins() {
        return counts.length;
    }

    public double binWidth() {
        return (hi - lo) / counts.length;
    }

    public double binStart(int i) {
        return lo + i * binWidth();
    }

    public long maxCount() {
        long m = 0;
        for (long c : counts) m = Math.max(m, c);
        return m;
    }

    /** Mutable counter used while streaming. */
    public static final class Builder {
        private final double lo;
        private final double hi;
        private final long[] counts;
        private final double scale;

        public Builder(double lo, double hi, int bins) {
            if (!(hi > lo)) hi = lo + 1; // one value everywhere: one visible bar in the first bin
            this.lo = lo;
            this.hi = hi;
            this.counts = new long[Math.max(1, bins)];
            this.scale = counts.length / (hi - lo);
        }

        public void accept(double[] v, int n) {
            int last = counts.length - 1;
            for (int i = 0; i < n; i++) {
                double x = v[i];
                if (!(x >= lo && x <= hi)) continue; // NaN, inf and out of range
                int b = (int) ((x - lo) * scale);
                counts[b > last ? last : b]++;
            }
        }

        public Builder merge(Builder o) {
            for (int i = 0; i < counts.length; i++) counts[i] += o.counts[i];
            return this;
        }

        public Histogram build() {
            return new Histogram(lo, hi, counts.clone());
        }
    }
}
