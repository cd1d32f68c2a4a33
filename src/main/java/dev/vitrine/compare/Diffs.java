package dev.vitrine.compare;

import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.array.ArrayStats;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.NpyFile;
import dev.vitrine.preview.array.NpzFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks how two files are compared (checkpoints, arrays, images, tables, text, or bytes) and builds the CLI.md
 * {@code *-diff} documents as ordered maps. Stateless; blocking.
 */
public final class Diffs {

    public enum Kind { CHECKPOINT, ARRAY, IMAGE, TABLE, TEXT, FILE }

    private Diffs() {}

    public static Kind kindOf(Path a, Path b) throws PreviewException {
        String fa = format(a), fb = format(b);
        if (fa != null && fb != null) {
            if (fa.equals("npy") && fb.equals("npy")) return Kind.ARRAY;
            if (fa.equals("npy") || fb.equals("npy")) {
                throw new PreviewException("Cannot compare an .npy array with a " + (fa.equals("npy") ? fb : fa) + " file");
            }
            if (fa.equals("npz") && fb.equals("npz") && singleMember(a) && singleMember(b)) return Kind.ARRAY;
            return Kind.CHECKPOINT;
        }
        if (ImageDiff.isImage(a) && ImageDiff.isImage(b)) return Kind.IMAGE;
        if (TableDiff.isTable(a) && TableDiff.isTable(b)) return Kind.TABLE;
        if (isText(a) && isText(b)) return Kind.TEXT;
        return Kind.FILE;
    }

    static String format(Path p) throws PreviewException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(4096);
            if (head.length >= 6 && (head[0] & 0xff) == 0x93 && head[1] == 'N' && head[2] == 'U') return "npy";
            return Checkpoints.sniff(p, head, Files.size(p));
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + p.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static boolean singleMember(Path p) throws PreviewException {
        try (NpzFile z = NpzFile.open(p)) {
            return z.members().size() == 1;
        }
    }

    static boolean isText(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(8192);
            for (byte x : head) if (x == 0) return false;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(head, 0, Math.max(0, head.length - 4)));
                return true;
            } catch (CharacterCodingException e) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The diff document for two local files. */
    public static Map<String, Object> document(Path a, Path b) throws PreviewException {
        switch (kindOf(a, b)) {
            case CHECKPOINT:
                try (Checkpoint ca = Checkpoints.open(a); Checkpoint cb = Checkpoints.open(b)) {
                    return checkpointDocument(ca, cb, ModelDiff.compute(ca, cb));
                }
            case ARRAY:
                try (NdArray xa = openArray(a); NdArray xb = openArray(b)) {
                    return arrayDocument(ArrayDiff.of(xa, xb));
                }
            case IMAGE:
                return imageDocument(ImageDiff.of(a, b));
            case TABLE:
                return tableDocument(TableDiff.of(a, b));
            case TEXT: {
                String ta = TextDiff.read(a), tb = TextDiff.read(b);
                TextDiff d = TextDiff.of(ta, tb);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "text-diff");
                m.put("identical", d.identical());
                m.put("added", d.added());
                m.put("removed", d.removed());
                m.put("unified", d.unified(a.getFileName().toString(), b.getFileName().toString(), ta, tb));
                return m;
            }
            default: {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", "file-diff");
                String ha = sha256(a), hb = sha256(b);
                try {
                    m.put("size_a", Files.size(a));
                    m.put("size_b", Files.size(b));
                } catch (IOException e) {
                    throw new PreviewException(e.getMessage(), e);
                }
                m.put("sha256_a", ha);
                m.put("sha256_b", hb);
                m.put("identical", ha.equals(hb));
                return m;
            }
        }
    }

    /** Opens an .npy, or the single array of a one-member .npz (the SDK's numpy artifacts). */
    public static NdArray openArray(Path p) throws PreviewException {
        if ("npy".equals(format(p))) return NpyFile.open(p);
        try (NpzFile z = NpzFile.open(p)) {
            return z.array(z.keys().get(0));
        }
    }

    public static Map<String, Object> checkpointDocument(Checkpoint a, Checkpoint b, ModelDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "checkpoint-diff");
        m.put("format_a", a.format());
        m.put("format_b", b.format());
        List<Object> rows = new ArrayList<>();
        for (TensorDiff t : d.tensors()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", t.name());
            o.put("shape_a", CheckpointContent.longs(t.shapeA()));
            o.put("shape_b", CheckpointContent.longs(t.shapeB()));
            o.put("dtype_a", t.dtypeA());
            o.put("dtype_b", t.dtypeB());
            o.put("l2_a", t.l2A());
            o.put("l2_b", t.l2B());
            o.put("l2_diff", t.l2Diff());
            o.put("rel_change", t.relChange());
            o.put("cosine", t.cosine());
            o.put("max_abs_diff", t.maxAbsDiff());
            o.put("status", t.status().wire());
            rows.add(o);
        }
        m.put("tensors", rows);
        List<Object> groups = new ArrayList<>();
        for (ModelDiff.GroupTotal g : d.groups()) groups.add(groupJson(g));
        m.put("groups", groups);
        m.put("total", groupJson(d.total()));
        return m;
    }

    private static Map<String, Object> groupJson(ModelDiff.GroupTotal g) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("group", g.group());
        o.put("tensors", g.tensors());
        o.put("changed", g.changed());
        o.put("l2_a", g.l2A());
        o.put("l2_b", g.l2B());
        o.put("l2_diff", g.l2Diff());
        o.put("rel_change", g.relChange());
        return o;
    }

    public static Map<String, Object> arrayDocument(ArrayDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "array-diff");
        m.put("shape_a", CheckpointContent.longs(d.shapeA()));
        m.put("shape_b", CheckpointContent.longs(d.shapeB()));
        m.put("dtype_a", d.dtypeA());
        m.put("dtype_b", d.dtypeB());
        m.put("stats_a", stats(d.statsA()));
        m.put("stats_b", stats(d.statsB()));
        if (d.diff() == null) {
            m.put("difference", null);
        } else {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("l2_diff", d.diff().l2Diff());
            o.put("max_abs_diff", d.diff().maxAbsDiff());
            o.put("mean_abs_diff", d.diff().meanAbsDiff());
            o.put("differing", d.diff().differing());
            o.put("count", d.diff().count());
            o.put("rel_change", d.diff().relChange());
            m.put("difference", o);
        }
        return m;
    }

    /**
     * {@code {"kind":"image-diff", "format_a", "format_b", "width_a", "height_a", "width_b", "height_b",
     * "compared_width", "compared_height", "scaled", "note", "identical", "differing_pixels", "pixel_count",
     * "fraction_differing", "psnr" (dB over R,G,B; null when identical), "channels": [{"channel", "mean_abs_diff",
     * "max_abs_diff"}] for R, G, B, A in 0..255 levels}}.
     */
    public static Map<String, Object> imageDocument(ImageDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "image-diff");
        m.put("format_a", d.formatA());
        m.put("format_b", d.formatB());
        m.put("width_a", d.widthA());
        m.put("height_a", d.heightA());
        m.put("width_b", d.widthB());
        m.put("height_b", d.heightB());
        m.put("compared_width", d.width());
        m.put("compared_height", d.height());
        m.put("scaled", d.scaled());
        m.put("note", d.note());
        m.put("identical", d.identical());
        m.put("differing_pixels", d.differingPixels());
        m.put("pixel_count", d.pixelCount());
        m.put("fraction_differing", d.fractionDiffering());
        m.put("psnr", d.psnr());
        List<Object> ch = new ArrayList<>();
        for (ImageDiff.Channel c : d.channels()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("channel", c.name());
            o.put("mean_abs_diff", c.meanAbsDiff());
            o.put("max_abs_diff", c.maxAbsDiff());
            ch.add(o);
        }
        m.put("channels", ch);
        return m;
    }

    /**
     * {@code {"kind":"table-diff", "format_a", "format_b", "rows_a", "rows_b", "added": [names], "removed": [names],
     * "retyped": [names], "columns": [{"name", "status" (same|changed|retyped|added|removed), "type_a", "type_b",
     * "stats_a", "stats_b"}]}}, stats as {@code {"rows", "nulls", "distinct", "min", "max", "mean", "sum"}} (min/max/sum
     * as DuckDB's text; mean and sum null for non-numeric columns; stats null on the side a column is missing from).
     */
    public static Map<String, Object> tableDocument(TableDiff d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "table-diff");
        m.put("format_a", d.formatA());
        m.put("format_b", d.formatB());
        m.put("rows_a", d.rowsA());
        m.put("rows_b", d.rowsB());
        m.put("added", d.added());
        m.put("removed", d.removed());
        m.put("retyped", d.retyped());
        List<Object> cols = new ArrayList<>();
        for (TableDiff.Column c : d.columns()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", c.name());
            o.put("status", c.status().wire());
            o.put("type_a", c.typeA());
            o.put("type_b", c.typeB());
            o.put("stats_a", columnStats(c.statsA()));
            o.put("stats_b", columnStats(c.statsB()));
            cols.add(o);
        }
        m.put("columns", cols);
        return m;
    }

    private static Map<String, Object> columnStats(dev.vitrine.preview.table.ColumnStats s) {
        if (s == null) return null;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("rows", s.rows());
        o.put("nulls", s.nulls());
        o.put("distinct", s.distinct());
        o.put("min", s.min());
        o.put("max", s.max());
        o.put("mean", s.mean());
        o.put("sum", s.sum());
        return o;
    }

    private static Map<String, Object> stats(ArrayStats s) {
        if (s == null) return null;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("min", s.min());
        o.put("max", s.max());
        o.put("mean", s.meanValue());
        o.put("std", s.std());
        o.put("sum", s.sumValue());
        o.put("nan_count", s.nanCount());
        o.put("inf_count", s.infCount());
        return o;
    }

    static String sha256(Path p) throws PreviewException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new PreviewException("Cannot read " + p.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
