package dev.vitrine.preview.array;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An n-dimensional numpy array over memory-mapped (or small heap) bytes: C or Fortran order, any
 * numeric dtype, unicode/bytes strings, structured records (a table of fields). Element access,
 * 2-D slices, histograms and the summary read only what they need. Thread-safe for reading; the
 * summary is computed once and cached. {@link #close()} releases temporary files of inflated npz
 * members.
 */
public final class NdArray implements AutoCloseable {

    private final String name;
    private final NpyHeader header;
    private final Elements elements;
    private final long[] shape;
    private final long[] strides; // in items, per logical axis
    private final Runnable onClose;
    private volatile ArrayStats stats;

    NdArray(String name, NpyHeader header, Elements elements, Runnable onClose) {
        this.name = name;
        this.header = header;
        this.elements = elements;
        this.shape = header.shape().clone();
        this.strides = new long[shape.length];
        long s = 1;
        if (header.fortranOrder()) {
            for (int k = 0; k < shape.length; k++) { strides[k] = s; s *= Math.max(1, shape[k]); }
        } else {
            for (int k = shape.length - 1; k >= 0; k--) { strides[k] = s; s *= Math.max(1, shape[k]); }
        }
        this.onClose = onClose;
    }

    public String name() { return name; }
    public NpyHeader header() { return header; }
    public DType dtype() { return header.dtype(); }
    public long[] shape() { return shape.clone(); }
    public int ndim() { return shape.length; }
    public boolean fortranOrder() { return header.fortranOrder(); }
    public long size() { return elements.count(); }
    public Elements elements() { return elements; }
    /** Item strides per axis (C or Fortran layout). */
    public long[] strides() { return strides.clone(); }

    /** The summary (computed on first call in parallel chunks; blocks). */
    public ArrayStats summary() {
        ArrayStats s = stats;
        if (s == null) {
            s = ArrayStats.of(elements);
            stats = s;
        }
        return s;
    }

    /** Storage index of a logical index. */
    public long storageIndex(long[] index) {
        if (index.length != shape.length) throw new IllegalArgumentException("need " + shape.length + " indices");
        long p = 0;
        for (int k = 0; k < shape.length; k++) {
            if (index[k] < 0 || index[k] >= shape[k]) throw new IndexOutOfBoundsException("index " + index[k] + " on axis " + k);
            p += index[k] * strides[k];
        }
        return p;
    }

    /** The logical index of the {@code flat}-th element in C order. */
    public long[] unravel(long flat) {
        long[] idx = new long[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            if (shape[k] == 0) return idx;
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return idx;
    }

    public double getDouble(long... index) {
        return elements.getDouble(storageIndex(index));
    }

    /** The element in C order at {@code flat}, as a Java value (see {@link #value(long)} for the types). */
    public Object valueAtFlat(long flat) {
        return value(storageIndex(unravel(flat)));
    }

    /**
     * The element at storage index {@code i}: Boolean, Long (ints; uint64 as BigInteger when
     * large), Double, {@code double[2]} for complex, String for unicode, {@code byte[]} for bytes,
     * {@code List} for structured records.
     */
    public Object value(long i) {
        return decode(elements.bufferOf(i), elements.positionOf(i), dtype());
    }

    /** Formats {@link #value(long)} as numpy would print one element. */
    public static String format(Object v) {
        if (v == null) return "";
        if (v instanceof Boolean) return ((Boolean) v) ? "True" : "False";
        if (v instanceof Double) return formatDouble((Double) v);
        if (v instanceof double[]) {
            double[] c = (double[]) v;
            return formatDouble(c[0]) + (c[1] < 0 || (c[1] == 0 && 1 / c[1] < 0) ? "-" : "+") + formatDouble(Math.abs(c[1])) + "j";
        }
        if (v instanceof byte[]) return bytesLiteral((byte[]) v);
        if (v instanceof List) {
            List<String> parts = new ArrayList<>();
            for (Object o : (List<?>) v) parts.add(format(o));
            return "(" + String.join(", ", parts) + ")";
        }
        return v.toString();
    }

    public static String formatDouble(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == Math.rint(d) && Math.abs(d) < 1e16) return String.valueOf((long) d) + (d == 0 && 1 / d < 0 ? ".0" : ".");
        String s = Double.toString(d);
        return s;
    }

    static String bytesLiteral(byte[] b) {
        StringBuilder sb = new StringBuilder("b'");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\\' || c == '\'') sb.append('\\').append((char) c);
            else if (c >= 32 && c < 127) sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.append('\'').toString();
    }

    static Object decode(ByteBuffer b, int p, DType t) {
        if (t.num() != null) {
            switch (t.num()) {
                case BOOL: return b.get(p) != 0;
                case I8: case U8: case I16: case U16: case I32: case U32:
                    return (long) Elements.decode(withOrder(b, t), p, t.num());
                case I64: return withOrder(b, t).getLong(p);
                case U64: {
                    long v = withOrder(b, t).getLong(p);
                    return v >= 0 ? (Object) v : new java.math.BigInteger(Long.toUnsignedString(v));
                }
                case C64: { ByteBuffer o = withOrder(b, t); return new double[] {o.getFloat(p), o.getFloat(p + 4)}; }
                case C128: { ByteBuffer o = withOrder(b, t); return new double[] {o.getDouble(p), o.getDouble(p + 8)}; }
                default: return Elements.decode(withOrder(b, t), p, t.num());
            }
        }
        switch (t.kind()) {
            case 'U': {
                ByteBuffer o = withOrder(b, t);
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < t.itemSize() / 4; k++) {
                    int cp = o.getInt(p + 4 * k);
                    if (cp == 0) break;
                    if (Character.isValidCodePoint(cp)) sb.appendCodePoint(cp); else sb.append('\ufffd');
                }
                return sb.toString();
            }
            case 'S': {
                int n = t.itemSize();
                while (n > 0 && b.get(p + n - 1) == 0) n--;
                byte[] out = new byte[n];
                for (int k = 0; k < n; k++) out[k] = b.get(p + k);
                return out;
            }
            default:
                if (t.isStructured()) {
                    List<Object> rec = new ArrayList<>();
                    for (DType.Field f : t.fields()) rec.add(fieldValue(b, p, f));
                    return rec;
                }
                byte[] raw = new byte[t.itemSize()];
                for (int k = 0; k < raw.length; k++) raw[k] = b.get(p + k);
                return raw;
        }
    }

    static Object fieldValue(ByteBuffer b, int p, DType.Field f) {
        long n = f.subCount();
        int start = p + f.offset();
        if (f.subShape().length == 0) return decode(b, start, f.type());
        List<Object> l = new ArrayList<>();
        for (int k = 0; k < Math.min(n, 4096); k++) l.add(decode(b, start + k * f.type().itemSize(), f.type()));
        return l;
    }

    /** Structured arrays: the value of one field of record {@code row} (a 1-D array's element, C order). */
    public Object field(long row, DType.Field f) {
        long i = storageIndex(unravel(row));
        return fieldValue(elements.bufferOf(i), elements.positionOf(i), f);
    }

    private static ByteBuffer withOrder(ByteBuffer b, DType t) {
        return b.order() == t.order() ? b : b.duplicate().order(t.order());
    }

    /** {@code count} elements in C order from {@code from}, as values (see {@link #value(long)}). */
    public List<Object> values(long from, int count) {
        long n = size();
        List<Object> out = new ArrayList<>();
        for (long f = Math.max(0, from); f < Math.min(n, from + count); f++) out.add(valueAtFlat(f));
        return out;
    }

    /**
     * The plane along {@code rowAxis} x {@code colAxis} (rowAxis may equal -1 for a 1-D array: one
     * row) with every other axis at {@code fixed[axis]}, sampled to at most maxRows x maxCols.
     */
    public Slice2D slice(int rowAxis, int colAxis, long[] fixed, int maxRows, int maxCols) {
        if (!dtype().isNumeric()) throw new IllegalStateException("only numeric arrays can be sliced as a plane");
        if (shape.length == 0) return new Slice2D(1, 1, 1, 1, 1, 1, new double[] {elements.getDouble(0)});
        if (colAxis < 0 || colAxis >= shape.length || rowAxis >= shape.length || rowAxis == colAxis) {
            throw new IllegalArgumentException("bad axes " + rowAxis + ", " + colAxis);
        }
        long fullRows = rowAxis < 0 ? 1 : shape[rowAxis];
        long fullCols = shape[colAxis];
        long rowStep = Math.max(1, (fullRows + maxRows - 1) / Math.max(1, maxRows));
        long colStep = Math.max(1, (fullCols + maxCols - 1) / Math.max(1, maxCols));
        int rows = (int) ((fullRows + rowStep - 1) / rowStep);
        int cols = (int) ((fullCols + colStep - 1) / colStep);
        long base = 0;
        for (int k = 0; k < shape.length; k++) {
            if (k == rowAxis || k == colAxis) continue;
            long ix = fixed == null || fixed.length <= k ? 0 : fixed[k];
            if (ix < 0 || ix >= shape[k]) throw new IndexOutOfBoundsException("index " + ix + " on axis " + k + " of size " + shape[k]);
            base += ix * strides[k];
        }
        double[] v = new double[rows * cols];
        long rs = rowAxis < 0 ? 0 : strides[rowAxis] * rowStep;
        long cs = strides[colAxis] * colStep;
        final long b0 = base;
        IntStream.range(0, rows).parallel().forEach(r -> {
            long p = b0 + r * rs;
            for (int c = 0; c < cols; c++) v[r * cols + c] = elements.getDouble(p + c * cs);
        });
        return new Slice2D(rows, cols, fullRows, fullCols, rowStep, colStep, v);
    }

    /** A histogram of the finite values over [min, max] of the summary. */
    public Histogram histogram(int bins) {
        ArrayStats s = summary();
        double lo = s.min() == null ? 0 : s.min();
        double hi = s.max() == null ? 1 : s.max();
        if (Double.isInfinite(lo) || Double.isInfinite(hi)) {
            lo = finiteBound(true);
            hi = finiteBound(false);
        }
        return histogram(bins, lo, hi);
    }

    private double finiteBound(boolean low) {
        double best = low ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        double[] buf = new double[ArrayStats.BLOCK];
        for (long i = 0; i < size(); i += buf.length) {
            int m = (int) Math.min(buf.length, size() - i);
            elements.readDoubles(i, buf, 0, m);
            for (int k = 0; k < m; k++) {
                double x = buf[k];
                if (Double.isFinite(x)) best = low ? Math.min(best, x) : Math.max(best, x);
            }
        }
        return Double.isInfinite(best) ? 0 : best;
    }

    public Histogram histogram(int bins, double lo, double hi) {
        long n = size();
        long chunk = 1L << 22;
        int chunks = (int) ((n + chunk - 1) / chunk);
        if (!dtype().isNumeric() || chunks == 0) return new Histogram.Builder(lo, hi, bins).build();
        return IntStream.range(0, chunks).parallel().mapToObj(k -> {
            Histogram.Builder h = new Histogram.Builder(lo, hi, bins);
            double[] buf = new double[ArrayStats.BLOCK];
            long to = Math.min(n, (k + 1) * chunk);
            for (long i = k * chunk; i < to; i += buf.length) {
                int m = (int) Math.min(buf.length, to - i);
                elements.readDoubles(i, buf, 0, m);
                h.accept(buf, m);
            }
            return h;
        }).reduce(Histogram.Builder::merge).get().build();
    }

    /** True when the array looks like an image: H x W x 3 or 4 of uint8. */
    public boolean isImageLike() {
        return shape.length == 3 && (shape[2] == 3 || shape[2] == 4) && dtype().num() == DType.Num.U8 && shape[0] > 0 && shape[1] > 0;
    }

    /** Shape as numpy prints it: (5, 3), (14,), (). */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(')').toString();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (onClose != null) onClose.run();
    }

    @Override
    public String toString() {
        return name + " " + shapeText(shape) + " " + dtype().name() + (header.fortranOrder() ? " (Fortran order)" : "") + " " + Arrays.toString(new ByteOrder[] {dtype().order()});
    }
}
