package dev.vitrine.preview.array;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One opened .npz (kind "npz"): its members, each opened on demand. Thread-safe. */
public final class NpzContent implements PreviewContent {
    private final NpzFile npz;

    public NpzContent(NpzFile npz) {
        this.npz = npz;
    }

    public NpzFile npz() {
        return npz;
    }

    @Override
    public String kind() {
        return "npz";
    }

    @Override
    public Map<String, Object> inspect(int rows) throws PreviewException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "npz");
        List<Object> arrays = new ArrayList<>();
        for (NpzFile.Member mem : npz.members()) {
            NpyHeader h = npz.header(mem.key());
            if (!mem.entry().stored() && h.dataBytes() > NpzFile.HEAP_CAP) {
                // Large deflated member: stream the statistics rather than inflating it for a look.
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("kind", "array");
                a.put("name", mem.key());
                List<Long> shape = new ArrayList<>();
                for (long s : h.shape()) shape.add(s);
                a.put("shape", shape);
                a.put("dtype", h.dtype().str());
                a.put("dtype_name", h.dtype().name());
                a.put("fortran_order", h.fortranOrder());
                a.put("size", h.count());
                ArrayContent.putStats(a, h.dtype(), h.dtype().isNumeric() ? npz.summary(mem.key()) : null);
                arrays.add(a);
            } else {
                try (NdArray arr = npz.array(mem.key())) {
                    arrays.add(ArrayContent.describe(arr, rows));
                }
            }
        }
        m.put("arrays", arrays);
        return m;
    }

    @Override
    public void close() {
        npz.close();
    }
}
