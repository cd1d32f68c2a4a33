package dev.vitrine.preview.array;

import dev.vitrine.preview.PreviewContent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One opened .npy: the mapped array (kind "array"). Thread-safe; close releases the mapping's owner. */
public final class ArrayContent implements PreviewContent {
    private final NdArray array;

    public ArrayContent(NdArray array) {
        this.array = array;
    }

    public NdArray array() {
        return array;
    }

    @Override
    public String kind() {
        return "array";
    }

    @Override
    public Map<String, Object> inspect(int rows) {
        return describe(array, rows);
    }

    /** CLI.md's array shape (plus dtype_name, size, inf_count, fields and head). */
    public static Map<String, Object> describe(NdArray a, int rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "array");
        m.put("name", a.name());
        List<Long> shape = new ArrayList<>();
        for (long s : a.shape()) shape.add(s);
        m.put("shape", shape);
        m.put("dtype", a.dtype().str());
        m.put("dtype_name", a.dtype().name());
        m.put("fortran_order", a.fortranOrder());
        m.put("size", a.size());
        putStats(m, a.dtype(), a.dtype().isNumeric() ? a.summary() : null);
        if (a.dtype().isStructured()) {
            List<Object> fields = new ArrayList<>();
            for (DType.Field f : a.dtype().fields()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("name", f.name());
                fm.put("dtype", f.type().str());
                List<Long> sub = new ArrayList<>();
                for (long s : f.subShape()) sub.add(s);
                fm.put("shape", sub);
                fields.add(fm);
            }
            m.put("fields", fields);
        }
        List<String> head = new ArrayList<>();
        for (Object v : a.values(0, Math.max(0, rows))) head.add(NdArray.format(v));
        m.put("head", head);
        return m;
    }

    static void putStats(Map<String, Object> m, DType t, ArrayStats s) {
        if (s == null) {
            for (String k : new String[] {"min", "max", "mean", "std", "sum", "nan_count", "inf_count"}) m.put(k, null);
            return;
        }
        m.put("min", integral(t, s.min()));
        m.put("max", integral(t, s.max()));
        m.put("mean", s.meanValue());
        m.put("std", s.std());
        Object sum = s.sumValue();
        m.put("sum", sum instanceof Double ? integral(t, (Double) sum) : sum);
        m.put("nan_count", s.nanCount());
        m.put("inf_count", s.infCount());
    }

    private static Object integral(DType t, Double v) {
        if (v == null) return null;
        boolean intKind = t.kind() == 'i' || t.kind() == 'u' || t.kind() == 'b';
        if (intKind && Math.abs(v) < 9.007199254740992E15 && v == Math.rint(v)) return v.longValue();
        return v;
    }

    @Override
    public void close() {
        array.close();
    }
}
