package dev.vitrine.compare;

import dev.vitrine.preview.array.DType;
import dev.vitrine.preview.array.Elements;

import java.util.Arrays;

/**
 * One named tensor of a checkpoint: shape, dtype and its items in a memory-mapped (or small heap)
 * {@link Elements}, addressed by an offset and strides (torch views, Fortran-order arrays).
 * Values are read in logical C order as float64. Immutable; thread-safe.
 */
public final class Tensor {
    private final String name;
    private final long[] shape;
    private final Elements elements;
    private final long offset;
    private final long[] strides;
    private final long numel;
    private final boolean contiguous;

    public Tensor(String name, long[] shape, Elements elements, long offset, long[] strides) {
        this.name = name;
        this.shape = shape.clone();
        this.elements = elements;
        this.offset = offset;
        this.strides = strides.clone();
        long n = 1;
        for (long s : shape) n = Math.multiplyExact(n, s);
        this.numel = n;
        long expect = 1;
        boolean c = true;
        for (int k = shape.length - 1; k >= 0; k--) {
            if (shape[k] != 1 && strides[k] != expect) c = false;
            expect *= shape[k];
        }
        this.contiguous = c;
    }

    /** A C-contiguous tensor starting at item 0 of {@code elements}. */
    public static Tensor contiguous(String name, long[] shape, Elements elements) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int k = shape.length - 1; k >= 0; k--) { st[k] = s; s *= shape[k]; }
        return new Tensor(name, shape, elements, 0, st);
    }

    public String name() { return name; }
    public long[] shape() { return shape.clone(); }
    public long numel() { return numel; }
    public DType dtype() { return elements.dtype(); }
    /** numpy's name of the dtype: float32, bfloat16, int64, bool ... */
    public String dtypeName() { return elements.dtype().name(); }
    public boolean isContiguous() { return contiguous; }
    public boolean isComplex() { return elements.dtype().num() != null && elements.dtype().num().isComplex(); }

    /** Reads {@code n} values from logical (C-order) position {@code from} as doubles (real parts). */
    public void read(long from, double[] dst, int n) {
        if (contiguous) {
            elements.readDoubles(offset + from, dst, 0, n);
            return;
        }
        long[] idx = new long[shape.length];
        long f = from;
        for (int k = shape.length - 1; k >= 0; k--) { idx[k] = f % shape[k]; f /= shape[k]; }
        for (int i = 0; i < n; i++) {
            long p = offset;
            for (int k = 0; k < shape.length; k++) p += idx[k] * strides[k];
            dst[i] = elements.getDouble(p);
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
    }

    /** Sum of squares, streamed (in parallel chunks for large contiguous tensors). */
    public double l2() {
        return Math.sqrt(Streams.sumSquares(this));
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " " + dtypeName();
    }
}
