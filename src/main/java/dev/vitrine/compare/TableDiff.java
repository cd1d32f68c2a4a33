package dev.vitrine.compare;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Sniff;
import dev.vitrine.preview.table.ColumnInfo;
import dev.vitrine.preview.table.ColumnStats;
import dev.vitrine.preview.table.TableContent;
import dev.vitrine.preview.table.TableReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two tables (CSV, TSV, gzip CSV, parquet, feather) compared by schema, row count and per-column
 * statistics, all computed by DuckDB through {@link TableContent}: the heap never holds the rows.
 * Columns are matched by name (the pandas index column is left out, as the table viewer does).
 * Each side's statistics come from one scan; columns beyond {@link #MAX_STATS_COLUMNS} (of each
 * side) are listed in the schema diff without statistics.
 * Immutable; {@link #of} blocks.
 *
 * @param columns A's columns in order, then B's new ones
 */
public record TableDiff(String formatA, String formatB, long rowsA, long rowsB, List<Column> columns) {

    /** Statistics are computed for at most this many columns (a wide table stays quick). */
    public static final int MAX_STATS_COLUMNS = 1000;

    public enum Status {
        SAME, CHANGED, RETYPED, ADDED, REMOVED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One column on both sides; the side it is missing from has a null type and stats. */
    public record Column(String name, String typeA, String typeB, ColumnStats statsA, ColumnStats statsB, Status status) {}

    public List<String> added() {
        return names(Status.ADDED);
    }

    public List<String> removed() {
        return names(Status.REMOVED);
    }

    public List<String> retyped() {
        return names(Status.RETYPED);
    }

    /** Columns whose type is the same but whose statistics differ. */
    public List<String> changed() {
        return names(Status.CHANGED);
    }

    public boolean sameSchema() {
        return added().isEmpty() && removed().isEmpty() && retyped().isEmpty();
    }

    private List<String> names(Status s) {
        List<String> out = new ArrayList<>();
        for (Column c : columns) if (c.status() == s) out.add(c.name());
        return out;
    }

    /** Whether the file's first bytes or name make it a table the table viewer reads (parquet/feather by magic, CSV/TSV by name). */
    public static boolean isTable(Path p) {
        try {
            return new TableReader().score(Sniff.of(p)) >= 60;
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens a table file through the preview reader (DuckDB loads it in the background). */
    public static TableContent openTable(Path p) throws PreviewException {
        try {
            PreviewContent c = new TableReader().open(Sniff.of(p));
            return (TableContent) c;
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + p.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Compares two table files. Blocks (DuckDB loads both). */
    public static TableDiff of(Path a, Path b) throws PreviewException {
        TableContent ta = openTable(a);
        try {
            TableContent tb = openTable(b);
            try {
                return of(ta, tb);
            } finally {
                tb.close();
            }
        } finally {
            ta.close();
        }
    }

    /** Compares two opened tables (they stay open). Blocks. */
    public static TableDiff of(TableContent a, TableContent b) throws PreviewException {
        List<ColumnInfo> ca = a.dataColumns(), cb = b.dataColumns();
        Map<String, ColumnInfo> byA = new LinkedHashMap<>(), byB = new LinkedHashMap<>();
        for (ColumnInfo c : ca) byA.put(c.name(), c);
        for (ColumnInfo c : cb) byB.put(c.name(), c);
        List<String> names = new ArrayList<>(byA.keySet());
        for (String n : byB.keySet()) if (!byA.containsKey(n)) names.add(n);
        Map<String, ColumnStats> statsA = summaries(a, ca), statsB = summaries(b, cb);
        List<Column> out = new ArrayList<>();
        for (String n : names) {
            ColumnInfo ia = byA.get(n), ib = byB.get(n);
            ColumnStats sa = statsA.get(n), sb = statsB.get(n);
            Status st;
            if (ia == null) st = Status.ADDED;
            else if (ib == null) st = Status.REMOVED;
            else if (!ia.type().equals(ib.type())) st = Status.RETYPED;
            else st = sameStats(sa, sb) ? Status.SAME : Status.CHANGED;
            out.add(new Column(n, ia == null ? null : ia.type(), ib == null ? null : ib.type(), sa, sb, st));
        }
        return new TableDiff(a.format(), b.format(), a.totalRows(), b.totalRows(), List.copyOf(out));
    }

    private static boolean sameStats(ColumnStats a, ColumnStats b) {
        if (a == null || b == null) return true; // not computed: only the schema is known
        return a.rows() == b.rows() && a.nulls() == b.nulls() && a.distinct() == b.distinct() && Objects.equals(a.min(), b.min())
                && Objects.equals(a.max(), b.max()) && Objects.equals(a.mean(), b.mean()) && Objects.equals(a.sum(), b.sum());
    }

    /** Summaries of the first {@link #MAX_STATS_COLUMNS} columns, in one scan of the table. */
    private static Map<String, ColumnStats> summaries(TableContent t, List<ColumnInfo> cols) throws PreviewException {
        Map<String, ColumnStats> out = new LinkedHashMap<>();
        for (ColumnStats s : t.summaries(cols.subList(0, Math.min(cols.size(), MAX_STATS_COLUMNS)))) out.put(s.column(), s);
        return out;
    }
}
