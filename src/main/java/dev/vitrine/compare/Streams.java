package dev.vitrine.compare;

import java.util.stream.LongStream;

/** Chunked float64 passes over tensors; each chunk holds two small buffers, whatever the tensor's size. */
final class Streams {
    static final int BUF = 1 << 14;
    static final long CHUNK = 1L << 21;

    private Streams() {}

    static double sumSquares(Tensor t) {
        long n = t.numel();
        long chunks = (n + CHUNK - 1) / CHUNK;
        LongStream ks = LongStream.range(0, chunks);
        if (t.isContiguous() && chunks > 1) ks = ks.parallel();
        return ks.mapToDouble(k -> {
            double[] buf = new double[BUF];
            double s = 0;
            long to = Math.min(n, (k + 1) * CHUNK);
            for (long i = k * CHUNK; i < to; i += BUF) {
                int m = (int) Math.min(BUF, to - i);
                t.read(i, buf, m);
                for (int j = 0; j < m; j++) s += buf[j] * buf[j];
            }
            return s;
        }).sum();
    }

    /** Partial sums of a pairwise pass over two equally shaped tensors. */
    static final class Pair {
        double aa, bb, dd, ab, maxAbs;
        boolean nan;

        Pair merge(Pair o) {
            aa += o.aa;
            bb += o.bb;
            dd += o.dd;
            ab += o.ab;
            maxAbs = Math.max(maxAbs, o.maxAbs);
            nan |= o.nan;
            return this;
        }
    }

    static Pair pair(Tensor a, Tensor b) {
        long n = a.numel();
        long chunks = (n + CHUNK - 1) / CHUNK;
        LongStream ks = LongStream.range(0, chunks);
        if (a.isContiguous() && b.isContiguous() && chunks > 1) ks = ks.parallel();
        return ks.mapToObj(k -> {
            double[] x = new double[BUF];
            double[] y = new double[BUF];
            Pair p = new Pair();
            long to = Math.min(n, (k + 1) * CHUNK);
            for (long i = k * CHUNK; i < to; i += BUF) {
                int m = (int) Math.min(BUF, to - i);
                a.read(i, x, m);
                b.read(i, y, m);
                double aa = 0, bb = 0, dd = 0, ab = 0, mx = p.maxAbs;
                for (int j = 0; j < m; j++) {
                    double u = x[j], v = y[j], d = u - v;
                    aa += u * u;
                    bb += v * v;
                    dd += d * d;
                    ab += u * v;
                    double ad = Math.abs(d);
                    if (ad > mx) mx = ad;
                    else if (ad != ad) p.nan = true;
                }
                p.aa += aa;
                p.bb += bb;
                p.dd += dd;
                p.ab += ab;
                p.maxAbs = mx;
            }
            return p;
        }).reduce(Pair::merge).orElseGet(Pair::new);
    }
}
