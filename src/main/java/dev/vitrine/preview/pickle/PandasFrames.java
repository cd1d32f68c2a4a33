package dev.vitrine.preview.pickle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pandas DataFrame rebuilt from the inert tree {@link PickleDecoder} made of its pickle (nothing
 * of pandas or numpy runs): the BlockManager's blocks ({@code _unpickle_block(values, slice, ndim)})
 * give each column its values and position, numeric blocks come from {@code _frombuffer} bytes,
 * object columns from the pickled objects, categoricals from codes and categories, datetimes from
 * int64 nanoseconds. Cells are Python's {@code str()} of each value; missing values (None, NaN,
 * NaT, code -1) are null. Anything else in the tree means "not a frame this can rebuild": empty.
 */
final class PandasFrames {

    /** Column names, rows of cells (null = missing), and the row labels with the index's name ("" when unnamed). */
    record Frame(List<String> columns, List<String[]> rows, List<String> index, String indexName) { }

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Cells a rebuilt frame may have: about what a pickle under {@link PickleContent#DECODE_CAP} can
     * hold as 8-byte values. A RangeIndex costs a few bytes whatever its length, so its length is
     * checked against this and against the values the blocks really hold.
     */
    static final long MAX_CELLS = PickleContent.DECODE_CAP / 8;

    private PandasFrames() {}

    static Optional<Frame> frame(Object root) {
        try {
            if (!(root instanceof PyObject df) || !df.className().equals("pandas.core.frame.DataFrame")) return Optional.empty();
            if (!(df.state() instanceof Map<?, ?> state) || !(state.get("_mgr") instanceof PyObject mgr)) return Optional.empty();
            if (!mgr.className().endsWith("BlockManager") || mgr.args().size() < 2) return Optional.empty();
            Object[] blocks = tuple(mgr.args().get(0));
            List<?> axes = list(mgr.args().get(1));
            if (blocks == null || axes == null || axes.size() != 2) return Optional.empty();
            List<String> columns = index(axes.get(0));
            int rows = length(axes.get(1));
            if (columns == null || rows < 0 || (long) rows * Math.max(1, columns.size()) > MAX_CELLS) return Optional.empty();
            List<String> labels = rowLabels(axes.get(1), rows);
            if (labels == null) return Optional.empty();
            String[][] cells = new String[columns.size()][];
            for (Object b : blocks) {
                if (!(b instanceof PyObject blk) || !blk.className().endsWith("_unpickle_block") || blk.args().size() < 2) return Optional.empty();
                List<String[]> cols = values(blk.args().get(0), rows);
                int[] at = placement(blk.args().get(1));
                if (cols == null || at == null || cols.size() != at.length) return Optional.empty();
                for (int i = 0; i < at.length; i++) {
                    if (at[i] < 0 || at[i] >= cells.length) return Optional.empty();
                    cells[at[i]] = cols.get(i);
                }
            }
            List<String[]> out = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                String[] row = new String[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    if (cells[c] == null) return Optional.empty();
                    row[c] = cells[c][r];
                }
                out.add(row);
            }
            return Optional.of(new Frame(columns, out, labels, indexName(axes.get(1))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The values of a block as columns of cells: 2-D numeric (columns × rows), or one extension array. */
    private static List<String[]> values(Object v, int rows) {
        if (v instanceof PyObject p && p.className().endsWith("__pyx_unpickle_NDArrayBacked")) {
            String cls = p.args().isEmpty() ? "" : String.valueOf(p.args().get(0));
            Object[] st = tuple(p.state());
            if (st == null || st.length < 2) return null;
            if (cls.contains("Categorical")) return List.<String[]>of(categorical(st[0], st[1], rows));
            if (cls.contains("DatetimeArray")) return List.<String[]>of(datetimes(st[1], rows));
            return null;
        }
        Array a = array(v);
        if (a == null) return null;
        if (a.shape.length == 1) return List.<String[]>of(a.column(0, rows));
        List<String[]> cols = new ArrayList<>();
        for (int c = 0; c < a.shape[0]; c++) cols.add(a.column(c, rows));
        return cols;
    }

    private static String[] categorical(Object dtype, Object codes, int rows) {
        if (!(dtype instanceof PyObject d) || !(d.state() instanceof Map<?, ?> m)) return null;
        List<String> cats = index(m.get("categories"));
        Array c = array(codes);
        if (cats == null || c == null || c.count() < rows) return null;
        String[] out = new String[rows];
        for (int r = 0; r < rows; r++) {
            long code = c.integer(r);
            out[r] = code < 0 || code >= cats.size() ? null : cats.get((int) code);
        }
        return out;
    }

    private static String[] datetimes(Object values, int rows) {
        Array a = array(values);
        if (a == null || a.count() < rows) return null;
        String[] out = new String[rows];
        for (int r = 0; r < rows; r++) {
            long ns = a.integer(r);
            if (ns == Long.MIN_VALUE) continue; // NaT
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)), ZoneOffset.UTC);
            String s = t.format(TS);
            if (t.getNano() != 0) s += "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
            out[r] = s;
        }
        return out;
    }

    /** The labels of an Index (a {@code _new_Index(cls, {data, name})}) or null for anything else. */
    private static List<String> index(Object idx) {
        if (!(idx instanceof PyObject p) || !p.className().endsWith("_new_Index") || p.args().size() < 2) return null;
        if (!(p.args().get(1) instanceof Map<?, ?> m)) return null;
        Array a = array(m.get("data"));
        if (a == null) return null;
        String[] col = a.column(0, (int) a.count());
        List<String> out = new ArrayList<>(col.length);
        for (String s : col) out.add(s == null ? "" : s);
        return out;
    }

    /** The length of the row axis: a RangeIndex's (stop - start) / step, or any Index's size. */
    private static int length(Object idx) {
        if (!(idx instanceof PyObject p) || !p.className().endsWith("_new_Index") || p.args().size() < 2) return -1;
        if (!(p.args().get(1) instanceof Map<?, ?> m)) return -1;
        if (String.valueOf(p.args().get(0)).contains("RangeIndex")) {
            long start = num(m.get("start"), 0), stop = num(m.get("stop"), 0), step = num(m.get("step"), 1);
            if (step == 0) return -1;
            return (int) Math.max(0, (stop - start + step - (step > 0 ? 1 : -1)) / step);
        }
        Array a = array(m.get("data"));
        return a == null ? -1 : (int) a.count();
    }

    /** The row labels: a RangeIndex's numbers, or an Index's values. */
    private static List<String> rowLabels(Object idx, int rows) {
        if (rows < 0 || !(idx instanceof PyObject p) || p.args().size() < 2 || !(p.args().get(1) instanceof Map<?, ?> m)) return null;
        List<String> out = new ArrayList<>(rows);
        if (String.valueOf(p.args().get(0)).contains("RangeIndex")) {
            long start = num(m.get("start"), 0), step = num(m.get("step"), 1);
            for (int i = 0; i < rows; i++) out.add(String.valueOf(start + i * step));
            return out;
        }
        List<String> labels = index(idx);
        return labels == null || labels.size() != rows ? null : labels;
    }

    private static String indexName(Object idx) {
        if (idx instanceof PyObject p && p.args().size() >= 2 && p.args().get(1) instanceof Map<?, ?> m && m.get("name") != null) {
            return String.valueOf(m.get("name"));
        }
        return "";
    }

    private static long num(Object o, long otherwise) {
        return o instanceof Number n ? n.longValue() : otherwise;
    }

    private static int[] placement(Object p) {
        if (p instanceof PyObject s && s.className().equals("builtins.slice") && s.args().size() == 3) {
            long start = num(s.args().get(0), 0), stop = num(s.args().get(1), 0), step = num(s.args().get(2), 1);
            if (step <= 0 || stop < start || stop - start > 1_000_000) return null;
            int[] out = new int[(int) ((stop - start + step - 1) / step)];
            for (int i = 0; i < out.length; i++) out[i] = (int) (start + (long) i * step);
            return out;
        }
        Array a = array(p);
        if (a == null) return null;
        int[] out = new int[(int) a.count()];
        for (int i = 0; i < out.length; i++) out[i] = (int) a.integer(i);
        return out;
    }

    // ---- numpy arrays -------------------------------------------------------------------------

    /** A numpy array from its pickle: {@code _frombuffer(bytes, dtype, shape, order)} or {@code ndarray} + BUILD state. */
    private static final class Array {
        final String code;      // "f8", "i1", "b1", "O", "M8"...
        final ByteOrder order;
        final int[] shape;
        final boolean fortran;
        final byte[] bytes;     // numeric data
        final List<?> objects;  // object arrays

        Array(String code, ByteOrder order, int[] shape, boolean fortran, byte[] bytes, List<?> objects) {
            this.code = code;
            this.order = order;
            this.shape = shape;
            this.fortran = fortran;
            this.bytes = bytes;
            this.objects = objects;
        }

        long count() {
            long n = 1;
            for (int s : shape) n *= s;
            return n;
        }

        int item() {
            return Integer.parseInt(code.replaceAll("[^0-9]", ""));
        }

        /** Flat position of (column c, row r) in a 2-D (columns × rows) or 1-D array. */
        int flat(int c, int r) {
            if (shape.length == 1) return r;
            return fortran ? c + r * shape[0] : c * shape[1] + r;
        }

        long integer(int i) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
            int size = item();
            switch (size) {
                case 1: return code.startsWith("u") ? bytes[i] & 0xff : bytes[i];
                case 2: return code.startsWith("u") ? b.getShort(i * 2) & 0xffff : b.getShort(i * 2);
                case 4: return code.startsWith("u") ? b.getInt(i * 4) & 0xffffffffL : b.getInt(i * 4);
                default: return b.getLong(i * 8);
            }
        }

        String[] column(int c, int rows) {
            int have = shape.length == 1 ? shape[0] : shape[1];
            if (rows > have || c >= (shape.length == 1 ? 1 : shape[0])) throw new IllegalArgumentException("array shorter than its frame");
            String[] out = new String[rows];
            for (int r = 0; r < rows; r++) out[r] = cell(flat(c, r));
            return out;
        }

        String cell(int i) {
            if (objects != null) return PandasFrames.str(objects.get(i));
            ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
            char kind = code.charAt(0);
            int size = item();
            switch (kind) {
                case 'b': return bytes[i] != 0 ? "True" : "False";
                case 'f': {
                    double d = size == 4 ? b.getFloat(i * 4) : size == 2 ? half(b.getShort(i * 2)) : b.getDouble(i * 8);
                    return Double.isNaN(d) ? null : pyFloat(d);
                }
                case 'i': return String.valueOf(integer(i));
                case 'u': {
                    if (size < 8) return String.valueOf(integer(i));
                    long v = b.getLong(i * 8);
                    return v >= 0 ? String.valueOf(v) : new BigInteger(Long.toUnsignedString(v)).toString();
                }
                default: throw new IllegalArgumentException("dtype " + code);
            }
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float half(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 5.9604645e-8f; // 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The array {@code v} pickles, if its shape fits the bytes or objects it carries; else null. */
    private static Array array(Object v) {
        Array a = unchecked(v);
        if (a == null) return null;
        long count = a.count();
        long have = a.objects != null ? a.objects.size() : a.bytes.length / Math.max(1, a.code.equals("O") ? 1 : a.item());
        return count <= have ? a : null;
    }

    private static Array unchecked(Object v) {
        if (!(v instanceof PyObject p)) return null;
        if (p.className().endsWith("_frombuffer") && p.args().size() >= 4 && p.args().get(0) instanceof byte[] data) {
            Object[] dt = dtype(p.args().get(1));
            int[] shape = shape(p.args().get(2));
            if (dt == null || shape == null) return null;
            return new Array((String) dt[0], (ByteOrder) dt[1], shape, "F".equals(p.args().get(3)), data, null);
        }
        if (p.className().equals("numpy.ndarray") && p.state() instanceof Object[] st && st.length >= 5) {
            int[] shape = shape(st[1]);
            Object[] dt = dtype(st[2]);
            if (shape == null || dt == null) return null;
            boolean fortran = Boolean.TRUE.equals(st[3]);
            if (st[4] instanceof byte[] data) return new Array((String) dt[0], (ByteOrder) dt[1], shape, fortran, data, null);
            if (st[4] instanceof List<?> objs) return new Array((String) dt[0], (ByteOrder) dt[1], shape, fortran, null, objs);
        }
        return null;
    }

    /** {code, byte order} of a pickled numpy dtype. */
    private static Object[] dtype(Object d) {
        if (!(d instanceof PyObject p) || !p.className().equals("numpy.dtype") || p.args().isEmpty()) return null;
        String code = String.valueOf(p.args().get(0));
        Object[] st = tuple(p.state());
        String endian = st != null && st.length > 1 ? String.valueOf(st[1]) : "<";
        if (code.matches("O\\d*")) code = "O"; // numpy pickles object dtypes as "O8"
        else if (!code.matches("[biufM]\\d+")) return null;
        return new Object[] {code, endian.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN};
    }

    private static int[] shape(Object s) {
        Object[] t = tuple(s);
        if (t == null) return null;
        int[] out = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] instanceof Number n) || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) return null;
            out[i] = n.intValue();
        }
        return out.length == 0 || out.length > 2 ? null : out;
    }

    private static Object[] tuple(Object o) {
        if (o instanceof Object[] a) return a;
        if (o instanceof List<?> l) return l.toArray();
        return null;
    }

    private static List<?> list(Object o) {
        if (o instanceof List<?> l) return l;
        if (o instanceof Object[] a) return Arrays.asList(a);
        return null;
    }

    /** Python's str() of a decoded value; None and float NaN are missing. */
    static String str(Object o) {
        if (o == null) return null;
        if (o instanceof Boolean b) return b ? "True" : "False";
        if (o instanceof Double d) return d.isNaN() ? null : pyFloat(d);
        if (o instanceof Float f) return f.isNaN() ? null : pyFloat(f.doubleValue());
        return String.valueOf(o);
    }

    /** Python's repr of a float: shortest round-trip digits, "inf", "-0.0", "1e+300" style exponents. */
    static String pyFloat(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == Math.rint(d) && Math.abs(d) < 1e16) return (d == 0 && 1 / d < 0) ? "-0.0" : String.valueOf((long) d) + ".0";
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mant = s.substring(0, e).replaceAll("\\.0$", "");
        int exp = Integer.parseInt(s.substring(e + 1));
        if (exp >= -4 && exp < 16) return new java.math.BigDecimal(s).toPlainString();
        return mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
}
