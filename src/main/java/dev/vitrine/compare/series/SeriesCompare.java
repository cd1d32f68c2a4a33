package dev.vitrine.compare.series;

import dev.vitrine.compare.Checkpoint;
import dev.vitrine.compare.CheckpointException;
import dev.vitrine.compare.Checkpoints;
import dev.vitrine.compare.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.LongStream;

/**
 * Computes a {@link CheckpointSeries} by walking the snapshots in order. At most three checkpoints are
 * open at once (the first, the previous and the current; their tensors are memory-mapped), and each
 * tensor of the current snapshot is read once, chunk by chunk, against the same tensor of the previous
 * and the first snapshot: heap stays at a few small buffers per worker whatever the checkpoints' sizes.
 * Everything is float64. Blocking; cancelled by interrupting the calling thread.
 */
public final class SeriesCompare {

    /** Progress: {@code done} of {@code total} units (bytes of tensors read, roughly) and what is being read. */
    @FunctionalInterface
    public interface Progress {
        void update(int snapshot, int snapshots, String label);

        Progress NONE = (s, n, l) -> {};
    }

    static final int BUF = 1 << 14;
    static final long CHUNK = 1L << 21;

    private SeriesCompare() {}

    /** Compares the snapshots in the order given (at least two). */
    public static CheckpointSeries compute(List<SnapshotSource> sources, Progress progress) throws CheckpointException {
        if (sources.size() < 2) throw new IllegalArgumentException("a series needs at least two snapshots");
        Thread caller = Thread.currentThread();
        int n = sources.size();
        Map<String, Builder> rows = new LinkedHashMap<>();
        List<CheckpointSeries.Snapshot> snaps = new ArrayList<>();
        Checkpoint first = null, prev = null, cur = null;
        try {
            for (int i = 0; i < n; i++) {
                SnapshotSource s = sources.get(i);
                progress.update(i, n, s.label());
                cancelled(caller);
                cur = open(s);
                snaps.add(new CheckpointSeries.Snapshot(s.label(), s.source(), cur.format()));
                for (Tensor t : cur.tensors()) {
                    cancelled(caller);
                    Builder b = rows.computeIfAbsent(t.name(), k -> new Builder(k, t.shape(), t.dtypeName(), n));
                    Tensor p = prev == null ? null : same(prev.tensor(t.name()), t);
                    Tensor f = first == null ? null : same(first.tensor(t.name()), t);
                    Sums sums = pass(caller, t, p, f == p ? null : f);
                    double l2 = Math.sqrt(sums.cc);
                    b.l2[i] = l2;
                    if (p != null) b.prev[i] = rel(Math.sqrt(sums.dp), b.l2[i - 1]);
                    if (f != null) b.first[i] = rel(Math.sqrt(f == p ? sums.dp : sums.df), b.l2[0]);
                }
                if (prev != null && prev != first) prev.close();
                if (first == null) first = cur;
                prev = cur;
                cur = null;
            }
        } finally {
            if (cur != null) cur.close();
            if (prev != null && prev != first) prev.close();
            if (first != null) first.close();
        }
        List<TensorSeries> out = new ArrayList<>();
        for (Builder b : rows.values()) out.add(new TensorSeries(b.name, b.shape, b.dtype, b.l2, b.prev, b.first));
        return new CheckpointSeries(snaps, out);
    }

    private static Checkpoint open(SnapshotSource s) throws CheckpointException {
        Path p;
        try {
            p = s.resolver().resolve();
        } catch (CheckpointException | CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled");
        } catch (Exception e) {
            throw new CheckpointException(s.label() + ": " + e.getMessage(), e);
        }
        // an interrupt closes the channels a checkpoint reads: say "cancelled", not "cannot read"
        if (Thread.currentThread().isInterrupted()) throw new CancellationException("cancelled");
        try {
            return Checkpoints.open(p);
        } catch (CheckpointException e) {
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("cancelled");
            throw new CheckpointException(s.label() + ": " + e.getMessage(), e);
        }
    }

    private static Tensor same(Tensor earlier, Tensor now) {
        return earlier != null && Arrays.equals(earlier.shape(), now.shape()) ? earlier : null;
    }

    private static Double rel(double diff, Double reference) {
        return reference == null || reference == 0 ? null : diff / reference;
    }

    private static void cancelled(Thread caller) {
        if (caller.isInterrupted()) throw new CancellationException("cancelled");
    }

    private static final class Builder {
        final String name;
        final long[] shape;
        final String dtype;
        final Double[] l2, prev, first;

        Builder(String name, long[] shape, String dtype, int n) {
            this.name = name;
            this.shape = shape;
            this.dtype = dtype;
            l2 = new Double[n];
            prev = new Double[n];
            first = new Double[n];
        }
    }

    /** Sums of squares of the current tensor and of its differences to the previous and first snapshot's. */
    static final class Sums {
        double cc, dp, df;

        Sums merge(Sums o) {
            cc += o.cc;
            dp += o.dp;
            df += o.df;
            return this;
        }
    }

    /** One streamed pass over {@code c}, reading {@code p} and {@code f} (either may be null) alongside. */
    static Sums pass(Thread caller, Tensor c, Tensor p, Tensor f) {
        long n = c.numel();
        long chunks = (n + CHUNK - 1) / CHUNK;
        LongStream ks = LongStream.range(0, chunks);
        if (chunks > 1 && c.isContiguous() && (p == null || p.isContiguous()) && (f == null || f.isContiguous())) ks = ks.parallel();
        return ks.mapToObj(k -> {
            cancelled(caller);
            double[] x = new double[BUF];
            double[] y = p == null ? null : new double[BUF];
            double[] z = f == null ? null : new double[BUF];
            Sums s = new Sums();
            long to = Math.min(n, (k + 1) * CHUNK);
            for (long i = k * CHUNK; i < to; i += BUF) {
                int m = (int) Math.min(BUF, to - i);
                c.read(i, x, m);
                double cc = 0, dp = 0, df = 0;
                for (int j = 0; j < m; j++) cc += x[j] * x[j];
                if (y != null) {
                    p.read(i, y, m);
                    for (int j = 0; j < m; j++) {
                        double d = x[j] - y[j];
                        dp += d * d;
                    }
                }
                if (z != null) {
                    f.read(i, z, m);
                    for (int j = 0; j < m; j++) {
                        double d = x[j] - z[j];
                        df += d * d;
                    }
                }
                s.cc += cc;
                s.dp += dp;
                s.df += df;
            }
            return s;
        }).reduce(Sums::merge).orElseGet(Sums::new);
    }
}
