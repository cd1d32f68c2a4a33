package dev.vitrine.compare;

import dev.vitrine.preview.PreviewContent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An opened checkpoint as preview content (kind "checkpoint"): its tensor table. Thread-safe. */
public final class CheckpointContent implements PreviewContent {
    private final Checkpoint checkpoint;

    public CheckpointContent(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    @Override
    public String kind() {
        return "checkpoint";
    }

    /** CLI.md: {"kind":"checkpoint","format",...,"tensors":[{"name","shape","dtype","l2"}]}; {@code rows} is ignored (every tensor). */
    @Override
    public Map<String, Object> inspect(int rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "checkpoint");
        m.put("format", checkpoint.format());
        List<Object> ts = new ArrayList<>();
        for (Tensor t : checkpoint.tensors()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", t.name());
            o.put("shape", longs(t.shape()));
            o.put("dtype", t.dtypeName());
            o.put("l2", t.l2());
            ts.add(o);
        }
        m.put("tensors", ts);
        if (!checkpoint.values().isEmpty()) {
            Map<String, Object> vals = new LinkedHashMap<>();
            checkpoint.values().forEach((k, v) -> vals.put(k, v == null || v instanceof Number || v instanceof Boolean || v instanceof String ? v : v.toString()));
            m.put("values", vals);
        }
        return m;
    }

    static List<Long> longs(long[] a) {
        if (a == null) return null;
        List<Long> l = new ArrayList<>();
        for (long x : a) l.add(x);
        return l;
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
