package dev.vitrine.compare;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line diff of two texts (java-diff-utils, Myers): the aligned rows for a side-by-side view and
 * unified-diff hunks. Texts over {@link #MAX_BYTES} are refused. Immutable.
 */
public final class TextDiff {
    public static final long MAX_BYTES = 16L << 20;

    /** One aligned row: the line on each side (null where absent) and what happened to it. */
    public record Row(Integer lineA, String textA, Integer lineB, String textB, Kind kind) {}

    public enum Kind { EQUAL, CHANGED, DELETED, INSERTED }

    private final List<Row> rows;
    private final int added;
    private final int removed;

    private TextDiff(List<Row> rows, int added, int removed) {
        this.rows = List.copyOf(rows);
        this.added = added;
        this.removed = removed;
    }

    public static TextDiff of(String a, String b) {
        List<String> la = lines(a), lb = lines(b);
        Patch<String> patch = DiffUtils.diff(la, lb);
        List<Row> rows = new ArrayList<>();
        int ia = 0, ib = 0, added = 0, removed = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            int sa = d.getSource().getPosition(), sb = d.getTarget().getPosition();
            while (ia < sa && ib < sb) { rows.add(new Row(ia + 1, la.get(ia), ib + 1, lb.get(ib), Kind.EQUAL)); ia++; ib++; }
            List<String> src = d.getSource().getLines(), tgt = d.getTarget().getLines();
            int n = Math.max(src.size(), tgt.size());
            for (int k = 0; k < n; k++) {
                boolean hasA = k < src.size(), hasB = k < tgt.size();
                Kind kind = hasA && hasB ? Kind.CHANGED : hasA ? Kind.DELETED : Kind.INSERTED;
                rows.add(new Row(hasA ? ia + k + 1 : null, hasA ? src.get(k) : null, hasB ? ib + k + 1 : null, hasB ? tgt.get(k) : null, kind));
            }
            removed += src.size();
            added += tgt.size();
            ia += src.size();
            ib += tgt.size();
        }
        while (ia < la.size() && ib < lb.size()) { rows.add(new Row(ia + 1, la.get(ia), ib + 1, lb.get(ib), Kind.EQUAL)); ia++; ib++; }
        return new TextDiff(rows, added, removed);
    }

    public static TextDiff of(Path a, Path b) throws CheckpointException {
        return of(read(a), read(b));
    }

    static String read(Path p) throws CheckpointException {
        try {
            if (Files.size(p) > MAX_BYTES) throw new CheckpointException(p.getFileName() + " is larger than " + (MAX_BYTES >> 20) + " MB: too large for a line diff");
            try (InputStream in = Files.newInputStream(p)) {
                byte[] b = in.readAllBytes();
                return new String(b, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + p.getFileName() + ": " + e.getMessage(), e);
        }
    }

    static List<String> lines(String s) {
        if (s == null || s.isEmpty()) return List.of();
        String[] parts = s.split("\r?\n", -1);
        List<String> l = new ArrayList<>(Arrays.asList(parts));
        if (!l.isEmpty() && l.get(l.size() - 1).isEmpty()) l.remove(l.size() - 1);
        return l;
    }

    public List<Row> rows() { return rows; }
    public int added() { return added; }
    public int removed() { return removed; }
    public boolean identical() { return added == 0 && removed == 0; }

    /** Unified diff text (3 lines of context). */
    public String unified(String nameA, String nameB, String a, String b) {
        List<String> la = lines(a), lb = lines(b);
        return String.join("\n", com.github.difflib.UnifiedDiffUtils.generateUnifiedDiff(nameA, nameB, la, DiffUtils.diff(la, lb), 3));
    }
}
