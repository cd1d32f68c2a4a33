package dev.vitrine.preview.array;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Summary statistics of a numeric array, computed in float64 over blocks: each block is summed and
 * its squared deviations taken about its own mean (two passes over cache-resident data), then blocks
 * are merged with Chan's formula, so std stays accurate when the mean is large. NaN values are
 * counted and left out (numpy's nan-functions); infinities take part, as in numpy.
 * For complex arrays, {@link #sumImag}/{@link #meanImag} carry the imaginary parts and min/max/std
 * are undefined. Mutable while accumulating; not thread-safe (one per thread, then merge).
 */
public final class ArrayStats {
    static final int BLOCK = 4096;

    private long count;       // all elements seen
    private long nanCount;
    private long posInfCount;
    private long negInfCount;
    private long valid;       // non-NaN
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double mean;
    private double m2;
    private double sumImag;
    private boolean complex;

    /** Adds {@code n} values (and optional imaginary parts) to the statistics. */
    public void accept(double[] v, double[] imag, int n) {
        count += n;
        if (imag != null) {
            complex = true;
            double si = 0;
            for (int i = 0; i < n; i++) si += imag[i];
            sumImag += si;
        }
        double s = 0, mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
        int c = 0;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            if (x != x) continue;
            s += x;
            c++;
            if (x < mn) mn = x;
            if (x > mx) mx = x;
        }
        int nans = n - c;
        nanCount += nans;
        if (c == 0) return;
        if (Double.isInfinite(mn) || Double.isInfinite(mx)) {
            for (int i = 0; i < n; i++) {
                if (v[i] == Double.POSITIVE_INFINITY) posInfCount++;
                else if (v[i] == Double.NEGATIVE_INFINITY) negInfCount++;
            }
        }
        double bm = s / c;
        double bm2 = 0;
        if (nans == 0) {
            for (int i = 0; i < n; i++) {
                double d = v[i] - bm;
                bm2 += d * d;
            }
        } else {
            for (int i = 0; i < n; i++) {
                double x = v[i];
                if (x != x) continue;
                double d = x - bm;
                bm2 += d * d;
            }
        }
        merge(c, s, bm, bm2, mn, mx);
    }

    private void merge(long c, double s, double bm, double bm2, double mn, double mx) {
        if (valid == 0) {
            mean = bm;
            m2 = bm2;
        } else {
            long n = valid + c;
            double delta = bm - mean;
            mean += delta * c / n;
            m2 += bm2 + delta * delta * ((double) valid * c / n);
        }
        valid += c;
        sum += s;
        if (mn < min) min = mn;
        if (mx > max) max = mx;
    }

    /** Folds another partial result into this one. */
    public ArrayStats merge(ArrayStats o) {
        count += o.count;
        nanCount += o.nanCount;
        posInfCount += o.posInfCount;
        negInfCount += o.negInfCount;
        sumImag += o.sumImag;
        complex |= o.complex;
        if (o.valid > 0) {
            double savedSum = o.sum;
            merge(o.valid, savedSum, o.mean, o.m2, o.min, o.max);
        }
        return this;
    }

    /** Statistics of all items of {@code e}, in parallel chunks over the common pool. */
    public static ArrayStats of(Elements e) {
        if (!e.dtype().isNumeric()) return new ArrayStats();
        long n = e.count();
        long chunk = 1L << 22;
        int chunks = (int) ((n + chunk - 1) / chunk);
        boolean cplx = e.dtype().num().isComplex();
        return IntStream.range(0, chunks).parallel().mapToObj(k -> {
            ArrayStats s = new ArrayStats();
            double[] buf = new double[BLOCK];
            double[] im = cplx ? new double[BLOCK] : null;
            long from = k * chunk;
            long to = Math.min(n, from + chunk);
            for (long i = from; i < to; i += BLOCK) {
                int m = (int) Math.min(BLOCK, to - i);
                e.readDoubles(i, buf, 0, m);
                if (cplx) e.readImag(i, im, 0, m);
                s.accept(buf, im, m);
            }
            return s;
        }).reduce(ArrayStats::merge).orElseGet(ArrayStats::new);
    }

    public long count() { return count; }
    public long nanCount() { return nanCount; }
    public long posInfCount() { return posInfCount; }
    public long negInfCount() { return negInfCount; }
    public long infCount() { return posInfCount + negInfCount; }
    public boolean isComplex() { return complex; }

    /** Smallest non-NaN value; null when there is none or for complex. */
    public Double min() { return valid == 0 || complex ? null : min; }
    public Double max() { return valid == 0 || complex ? null : max; }
    /** Sum of non-NaN values (0 for an empty array, as numpy). */
    public double sum() { return sum; }
    public double sumImag() { return sumImag; }
    public Double mean() {
        if (valid == 0) return null;
        return hasOppositeInfinities() ? Double.NaN : posInfCount > 0 ? Double.POSITIVE_INFINITY : negInfCount > 0 ? Double.NEGATIVE_INFINITY : sum / valid;
    }
    public Double meanImag() { return valid == 0 ? null : sumImag / valid; }
    /** Population standard deviation (ddof=0); NaN when infinities are present; null for complex. */
    public Double std() {
        if (valid == 0 || complex) return null;
        if (infCount() > 0) return Double.NaN;
        return Math.sqrt(Math.max(0, m2) / valid);
    }

    private boolean hasOppositeInfinities() {
        return posInfCount > 0 && negInfCount > 0;
    }

    /** The sum, NaN when +inf and -inf both occur (as numpy). */
    public double sumOrNaN() {
        return hasOppositeInfinities() ? Double.NaN : sum;
    }

    /** {@code [re, im]} for complex arrays, else the plain number; what JSON shows. */
    public Object sumValue() {
        return complex ? List.of(sum, sumImag) : (Object) sumOrNaN();
    }

    public Object meanValue() {
        if (valid == 0) return null;
        return complex ? List.of(sum / valid, sumImag / valid) : mean();
    }

    static List<Double> pair(double a, double b) {
        List<Double> l = new ArrayList<>();
        l.add(a);
        l.add(b);
        return l;
    }
}
