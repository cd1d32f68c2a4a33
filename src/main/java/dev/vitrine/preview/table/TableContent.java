package dev.vitrine.preview.table;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A table file (CSV, TSV, gzip CSV, parquet, feather) queried through an in-process DuckDB.
 *
 * <p>Opening is cheap: a CSV's header and first rows are read at once by a streaming parser
 * ({@link #head()}), while a background thread opens DuckDB (about a second for its native library)
 * and loads the file into a table (gzip CSV must be decompressed once, not per query); a parquet
 * file is queried in place. Every other method waits for that load ({@link #ready()}), then pages,
 * sorts, filters and summarises in DuckDB, so the heap only ever holds the rows asked for.
 *
 * <p>Thread-safe: queries are serialised on one connection. Call blocking methods off the FX thread.
 * {@link #close()} (non-blocking) releases the connection and the in-memory table.
 */
public final class TableContent implements PreviewContent {

    /** Header names pandas gives its saved index when it has no name. */
    private static final Set<String> INDEX_NAMES = Set.of("", "column00", "column0", "Unnamed: 0", "__index_level_0__");

    private final Path file;
    private final String format;
    private final CsvHead csvHead;
    private final boolean pandasIndex;
    private final boolean reads;
    private final CompletableFuture<Void> ready;
    private final Object lock = new Object();
    private final Loader loader;
    private volatile java.util.concurrent.Executor loads;
    private Connection conn;
    private Duck.Sandbox db;
    private volatile boolean closed;
    private volatile List<ColumnInfo> columns = List.of();
    private volatile List<String> indexColumns = List.of();
    private volatile long totalRows = -1;

    /** @param reads whether DuckDB reads {@code file} itself (else the loader hands it the rows) */
    TableContent(Path file, String format, CsvHead csvHead, boolean pandasIndex, boolean reads, Loader loader) {
        this.file = file;
        this.reads = reads;
        this.pandasIndex = pandasIndex;
        this.format = format;
        this.csvHead = csvHead;
        this.ready = new CompletableFuture<>();
        this.loader = loader;
    }

    /** Starts loading on {@code loads} (never in the constructor); close and queries run there too. */
    TableContent start(java.util.concurrent.Executor loads) {
        this.loads = loads;
        loads.execute(() -> load(loader));
        return this;
    }

    /**
     * How the background thread fills table {@code t} on a fresh connection; {@code source} is the
     * path DuckDB may read the file from (see {@link Duck#literalSource}).
     */
    interface Loader {
        void load(Connection c, Path source) throws SQLException, IOException, PreviewException;
    }

    /**
     * Keep the loaded table in {@code store} (when loading it was slow) and take it from there
     * next time. Call before {@link #start}.
     */
    TableContent storedIn(TableStore store, TableStore.Slot slot) {
        this.store = store;
        this.slot = slot;
        return this;
    }

    private TableStore store;
    private TableStore.Slot slot;
    private volatile boolean fromStore;
    private volatile Statement storing;

    /** Whether the table came from the {@link TableStore} instead of loading the file. */
    public boolean fromStore() {
        return fromStore;
    }

    private void load(Loader loader) {
        try {
            Duck.Sandbox sandbox = Duck.connect(reads ? file : null, slot == null ? List.of() : slot.folders());
            synchronized (lock) {
                if (closed) {
                    sandbox.close();
                    return;
                }
                db = sandbox;
                conn = sandbox.connection();
            }
            boolean store = false;
            synchronized (lock) {
                fromStore = slot != null && slot.published() && this.store.attach(conn, slot);
                if (!fromStore) {
                    long t0 = System.nanoTime();
                    loader.load(conn, sandbox.source());
                    store = slot != null && this.store.worthStoring(java.time.Duration.ofNanos(System.nanoTime() - t0));
                }
                List<ColumnInfo> cols = new ArrayList<>();
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE t")) {
                    while (rs.next()) {
                        String type = rs.getString("column_type");
                        cols.add(new ColumnInfo(rs.getString("column_name"), type, ColumnInfo.isNumericType(type)));
                    }
                }
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    totalRows = rs.getLong(1);
                }
                columns = List.copyOf(cols);
                indexColumns = detectIndex(cols);
            }
            ready.complete(null);
            if (store) keep();
        } catch (Throwable e) {
            ready.completeExceptionally(e);
        }
    }

    /** Writes the loaded table into the store on a second connection, so queries go on meanwhile. */
    private void keep() {
        Connection second;
        synchronized (lock) {
            if (closed || conn == null) return;
            try {
                second = conn.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
            } catch (SQLException e) {
                return;
            }
        }
        try (second) {
            this.store.write(second, slot, st -> storing = st);
        } catch (SQLException | IOException | RuntimeException e) {
            // not stored: the next open loads the file again
            org.slf4j.LoggerFactory.getLogger(TableContent.class).debug("not stored: {}", file.getFileName(), e);
        }
    }

    private List<String> detectIndex(List<ColumnInfo> cols) {
        if (cols.size() < 2) return List.of();
        String first = cols.get(0).name();
        if (csvHead != null) {
            if (csvHead.indexColumns() > 0 && csvHead.indexColumns() < cols.size()) {
                return cols.subList(0, csvHead.indexColumns()).stream().map(ColumnInfo::name).toList(); // pandas' MultiIndex layout
            }
            // DuckDB renames an empty header ("column00"); the CSV header itself says what was written.
            String h = csvHead.header().isEmpty() ? null : csvHead.header().get(0);
            if (h == null) return List.of();
            return h.isEmpty() || h.equals("Unnamed: 0") || pandasIndex ? List.of(first) : List.of();
        }
        return INDEX_NAMES.contains(first) ? List.of(first) : List.of();
    }

    /** "csv", "tsv", "parquet" or "feather" (a gzip CSV is "csv"). */
    public String format() {
        return format;
    }

    public Path file() {
        return file;
    }

    /** DuckDB's private folder (spill files, exports), null before the load or after close. */
    Path privateFolder() {
        synchronized (lock) {
            return db == null ? null : db.folder();
        }
    }

    @Override
    public String kind() {
        return "table";
    }

    /**
     * The header and the first rows exactly as written in a CSV file, available without waiting
     * for DuckDB; null for parquet and feather (their first page comes quickly from DuckDB).
     */
    public CsvHead head() {
        return csvHead;
    }

    /** Completes when DuckDB has loaded the file; completes exceptionally when it cannot. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Blocks until the file is loaded in DuckDB. */
    public void awaitReady() throws PreviewException {
        try {
            ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PreviewException("Cancelled");
        } catch (ExecutionException | CancellationException e) {
            throw Duck.explain(e.getCause() == null ? e : e.getCause(), file);
        }
    }

    /** Every column, the index column (if any) first as in the file. */
    public List<ColumnInfo> columns() throws PreviewException {
        awaitReady();
        return columns;
    }

    /** The columns shown as data: all but the pandas index. */
    public List<ColumnInfo> dataColumns() throws PreviewException {
        awaitReady();
        return columns.subList(indexColumns.size(), columns.size());
    }

    /** The column holding pandas' saved index (unnamed first column), or null. */
    public String indexColumn() throws PreviewException {
        awaitReady();
        return indexColumns.isEmpty() ? null : indexColumns.get(0);
    }

    /** The leading columns holding pandas' saved index: none, one, or one per level of a MultiIndex. */
    public List<String> indexColumns() throws PreviewException {
        awaitReady();
        return indexColumns;
    }

    public long totalRows() throws PreviewException {
        awaitReady();
        return totalRows;
    }

    /** Rows matching the query's search and WHERE. */
    public long count(TableQuery q) throws PreviewException {
        awaitReady();
        if (!q.filtered()) return totalRows;
        Sql s = view(q, false);
        synchronized (lock) {
            try (PreparedStatement ps = prepare("SELECT count(*) FROM (" + s.sql + ")", s); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw Duck.explainFilter(e); // the view is what failed, not the file
            }
        }
    }

    /**
     * One page of the view: every column (index first) as DuckDB's text, null for SQL NULL.
     */
    public List<List<String>> page(TableQuery q, long offset, int limit) throws PreviewException {
        awaitReady();
        if (limit <= 0) return List.of();
        Sql s = view(q, true);
        String sql = "SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (" + s.sql + " LIMIT " + limit + " OFFSET " + Math.max(0, offset) + ")";
        synchronized (lock) {
            try (PreparedStatement ps = prepare(sql, s); ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                    rows.add(Collections.unmodifiableList(row));
                }
                return rows;
            } catch (SQLException e) {
                throw Duck.explain(e, file);
            }
        }
    }

    /** Statistics of one column over the view. */
    public ColumnStats stats(String column, TableQuery q) throws PreviewException {
        awaitReady();
        ColumnInfo info = columns.stream().filter(c -> c.name().equals(column)).findFirst()
                .orElseThrow(() -> new PreviewException("No column named " + column));
        Sql s = view(q, false);
        String c = Duck.quote(column);
        String from = " FROM (" + s.sql + ")";
        synchronized (lock) {
            try {
                long rows, nonNull, distinct;
                String min, max, sum = null;
                Double mean = null;
                String numeric = info.numeric() ? ", avg(" + c + ")::DOUBLE, sum(" + c + ")::VARCHAR" : "";
                String minMax = info.type().contains("[") || info.type().startsWith("STRUCT") || info.type().startsWith("MAP")
                        ? "NULL, NULL" : "min(" + c + ")::VARCHAR, max(" + c + ")::VARCHAR";
                try (PreparedStatement ps = prepare("SELECT count(*), count(" + c + "), count(DISTINCT " + c + "), " + minMax + numeric + from, s);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                    nonNull = rs.getLong(2);
                    distinct = rs.getLong(3);
                    min = rs.getString(4);
                    max = rs.getString(5);
                    if (info.numeric()) {
                        double m = rs.getDouble(6);
                        mean = rs.wasNull() ? null : m;
                        sum = rs.getString(7);
                    }
                }
                List<ColumnStats.Bin> bins = info.numeric() ? numericHistogram(c, from, s) : topValues(c, from, s);
                return new ColumnStats(column, info.type(), rows, rows - nonNull, distinct, min, max, mean, sum, bins);
            } catch (SQLException e) {
                throw Duck.explain(e, file);
            }
        }
    }

    private static final int BINS = 20;

    private List<ColumnStats.Bin> numericHistogram(String c, String from, Sql s) throws SQLException {
        String v = c + "::DOUBLE";
        double lo, hi;
        try (PreparedStatement ps = prepare("SELECT min(" + v + "), max(" + v + ")" + from + " WHERE isfinite(" + v + ")", s);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            lo = rs.getDouble(1);
            if (rs.wasNull()) return List.of();
            hi = rs.getDouble(2);
        }
        int bins = hi > lo ? BINS : 1;
        long[] counts = new long[bins];
        double width = hi > lo ? (hi - lo) / bins : 1;
        String bucket = hi > lo ? "least(CAST(floor((" + v + " - " + lo + ") / " + width + ") AS BIGINT), " + (bins - 1) + ")" : "0";
        try (PreparedStatement ps = prepare("SELECT " + bucket + " AS b, count(*)" + from + " WHERE isfinite(" + v + ") GROUP BY b", s);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int b = (int) Math.max(0, Math.min(bins - 1, rs.getLong(1)));
                counts[b] += rs.getLong(2);
            }
        }
        List<ColumnStats.Bin> out = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            double a = lo + i * width, b = i == bins - 1 ? hi : lo + (i + 1) * width;
            out.add(new ColumnStats.Bin(fmt(a) + " – " + fmt(b), a, b, counts[i]));
        }
        return out;
    }

    private List<ColumnStats.Bin> topValues(String c, String from, Sql s) throws SQLException {
        List<ColumnStats.Bin> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT CAST(" + c + " AS VARCHAR) AS v, count(*) AS n" + from + " WHERE " + c
                + " IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT 10", s); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new ColumnStats.Bin(rs.getString(1), Double.NaN, Double.NaN, rs.getLong(2)));
        }
        return out;
    }

    private static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return String.format(Locale.ROOT, "%.4g", d);
    }

    /** Writes the view (all rows, all columns) as a CSV file with a header; returns the row count. */
    public long exportCsv(TableQuery q, Path target) throws PreviewException {
        awaitReady();
        Sql s = view(q, true);
        synchronized (lock) {
            if (db == null) throw new PreviewException("The table is closed");
            // DuckDB may write only in its private folder: export there, then move the file out
            Path staged = db.folder().resolve("export-" + java.util.UUID.randomUUID() + ".csv");
            try (PreparedStatement ps = prepare("COPY (" + s.sql + ") TO " + Duck.literal(staged.toString())
                    + " (FORMAT csv, HEADER true)", s)) {
                long n = -1;
                if (ps.execute()) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (rs.next()) n = rs.getLong(1);
                    }
                } else {
                    n = ps.getUpdateCount();
                }
                java.nio.file.Files.move(staged, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return n < 0 ? count(q) : n;
            } catch (SQLException e) {
                throw Duck.explain(e, file);
            } catch (IOException e) {
                throw new PreviewException("Cannot write " + target.getFileName() + ": " + e.getMessage(), e);
            } finally {
                try {
                    java.nio.file.Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // removed with the folder on close
                }
            }
        }
    }

    /**
     * Why a WHERE expression is refused, pointing into its text (a syntax error, or a name that is
     * no column with the nearest ones), or null when parsing finds nothing wrong. Parses only.
     */
    public WhereProblem diagnoseWhere(String where) throws PreviewException {
        awaitReady();
        if (where == null || where.isBlank()) return null;
        List<String> names = columns.stream().map(ColumnInfo::name).toList();
        synchronized (lock) {
            if (conn == null) throw new PreviewException("The table is closed");
            return Duck.diagnose(conn, where, names);
        }
    }

    /** Checks that a WHERE expression parses and runs; returns DuckDB's reason when not, else null. */
    public String validateWhere(String where) {
        try {
            count(TableQuery.ALL.withWhere(where));
            return null;
        } catch (PreviewException e) {
            return e.getMessage();
        }
    }

    @Override
    public Map<String, Object> inspect(int rows) throws PreviewException {
        awaitReady();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "table");
        m.put("format", format);
        m.put("rows", totalRows);
        List<ColumnInfo> data = dataColumns();
        List<Long> nulls = nullCounts(data);
        List<Object> cols = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", data.get(i).name());
            c.put("type", data.get(i).type());
            c.put("nulls", nulls.get(i));
            cols.add(c);
        }
        m.put("columns", cols);
        List<String> index = new ArrayList<>();
        for (String i : indexColumns) index.add(INDEX_NAMES.contains(i) ? "" : i);
        m.put("index", index);
        if (csvHead != null && csvHead.levelNames().size() > 1) m.put("column_levels", csvHead.levelNames());
        List<List<String>> head = page(TableQuery.ALL, 0, Math.max(0, rows));
        int skip = indexColumns.size();
        List<Object> h = new ArrayList<>();
        for (List<String> r : head) h.add(r.subList(skip, r.size()));
        m.put("head", h);
        return m;
    }

    /** The index's name as the file wrote it: empty for pandas' unnamed index. */
    public String indexDisplayName() {
        List<String> all = indexColumns;
        String i = all.isEmpty() ? null : all.get(0);
        if (i == null) return null;
        return INDEX_NAMES.contains(i) ? "" : i;
    }

    /** Null counts of the given columns over the whole table, in one scan. */
    public List<Long> nullCounts(List<ColumnInfo> cols) throws PreviewException {
        awaitReady();
        if (cols.isEmpty()) return List.of();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append("count(*) - count(").append(Duck.quote(cols.get(i).name())).append(")");
        }
        sql.append(" FROM t");
        synchronized (lock) {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
                rs.next();
                List<Long> out = new ArrayList<>();
                for (int i = 1; i <= cols.size(); i++) out.add(rs.getLong(i));
                return out;
            } catch (SQLException e) {
                throw Duck.explain(e, file);
            }
        }
    }

    /**
     * Summaries of the given columns over the whole table in one scan (rows, nulls, distinct, min,
     * max, and mean/sum for numeric columns), without histograms; same values as {@link #stats} with
     * {@link TableQuery#ALL} (for wide tables distinct values are counted on their text form). Used
     * to compare tables column by column.
     */
    public List<ColumnStats> summaries(List<ColumnInfo> cols) throws PreviewException {
        awaitReady();
        if (cols.isEmpty()) return List.of();
        boolean wide = cols.size() > NATIVE_DISTINCT_COLUMNS;
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (ColumnInfo info : cols) {
            String c = Duck.quote(info.name());
            boolean nested = info.type().contains("[") || info.type().startsWith("STRUCT") || info.type().startsWith("MAP");
            sql.append(", count(").append(c).append(")");
            sql.append(wide ? ", NULL" : ", count(DISTINCT " + c + ")");
            sql.append(nested ? ", NULL, NULL" : ", min(" + c + ")::VARCHAR, max(" + c + ")::VARCHAR");
            sql.append(info.numeric() ? ", avg(" + c + ")::DOUBLE, sum(" + c + ")::VARCHAR" : ", NULL, NULL");
        }
        sql.append(" FROM t");
        synchronized (lock) {
            try (Statement st = conn.createStatement()) {
                Map<String, Long> distinct = wide ? distinctByUnpivot(st, cols) : Map.of();
                try (ResultSet rs = st.executeQuery(sql.toString())) {
                    rs.next();
                    long rows = rs.getLong(1);
                    List<ColumnStats> out = new ArrayList<>();
                    int k = 2;
                    for (ColumnInfo info : cols) {
                        long nonNull = rs.getLong(k);
                        long d = wide ? distinct.getOrDefault(info.name(), 0L) : rs.getLong(k + 1);
                        String min = rs.getString(k + 2), max = rs.getString(k + 3);
                        double m = rs.getDouble(k + 4);
                        Double mean = rs.wasNull() || !info.numeric() ? null : m;
                        String sum = info.numeric() ? rs.getString(k + 5) : null;
                        out.add(new ColumnStats(info.name(), info.type(), rows, rows - nonNull, d, min, max, mean, sum, List.of()));
                        k += 6;
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw Duck.explain(e, file);
            }
        }
    }

    /** Above this many columns, distinct counts come from one UNPIVOT (DuckDB's per-column count(DISTINCT) costs ~10 ms each). */
    static final int NATIVE_DISTINCT_COLUMNS = 16;

    /** Distinct non-null values per column, counted on their text form in one grouped scan. */
    private static Map<String, Long> distinctByUnpivot(Statement st, List<ColumnInfo> cols) throws SQLException {
        StringBuilder sel = new StringBuilder();
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) sel.append(", ");
            String alias = "c" + i;
            aliases.add(alias);
            sel.append("CAST(").append(Duck.quote(cols.get(i).name())).append(" AS VARCHAR) AS ").append(alias);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT name, count(DISTINCT value) FROM (UNPIVOT (SELECT " + sel
                + " FROM t) ON COLUMNS(*) INTO NAME name VALUE value) GROUP BY name")) {
            while (rs.next()) {
                int i = aliases.indexOf(rs.getString(1));
                if (i >= 0) out.put(cols.get(i).name(), rs.getLong(2));
            }
        }
        return out;
    }

    /** Exact sums of the numeric columns among {@code cols} over the whole table, in one scan (name -> text). */
    public Map<String, String> sums(List<ColumnInfo> cols) throws PreviewException {
        awaitReady();
        List<ColumnInfo> numeric = cols.stream().filter(ColumnInfo::numeric).toList();
        Map<String, String> out = new LinkedHashMap<>();
        if (numeric.isEmpty()) return out;
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < numeric.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append("sum(").append(Duck.quote(numeric.get(i).name())).append(")::VARCHAR");
        }
        sql.append(" FROM t");
        synchronized (lock) {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
                rs.next();
                for (int i = 0; i < numeric.size(); i++) out.put(numeric.get(i).name(), rs.getString(i + 1));
                return out;
            } catch (SQLException e) {
                throw Duck.explain(e, file);
            }
        }
    }

    private record Sql(String sql, String searchParam) {}

    private Sql view(TableQuery q, boolean ordered) throws PreviewException {
        StringBuilder sql = new StringBuilder("SELECT * FROM t");
        List<String> conds = new ArrayList<>();
        String param = null;
        if (q.search() != null && !q.search().isBlank()) {
            StringBuilder all = new StringBuilder("concat_ws(chr(31)");
            for (ColumnInfo c : columns) all.append(", CAST(").append(Duck.quote(c.name())).append(" AS VARCHAR)");
            all.append(")");
            conds.add("strpos(lower(" + all + "), lower(?)) > 0");
            param = q.search().strip();
        }
        if (q.where() != null && !q.where().isBlank()) conds.add("(" + checkedWhere(q.where()) + "\n)");
        if (!conds.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", conds));
        if (ordered && q.sortColumn() != null) {
            if (columns.stream().noneMatch(c -> c.name().equals(q.sortColumn()))) throw new PreviewException("No column named " + q.sortColumn());
            sql.append(" ORDER BY ").append(Duck.quote(q.sortColumn())).append(q.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST");
        }
        return new Sql(sql.toString(), param);
    }

    private String checkedWhere(String where) throws PreviewException {
        synchronized (lock) {
            if (conn == null) throw new PreviewException("The table is closed");
            return Duck.checkExpression(conn, where);
        }
    }

    private PreparedStatement prepare(String sql, Sql s) throws SQLException {
        if (conn == null) throw new SQLException("The table is closed");
        PreparedStatement ps = conn.prepareStatement(sql);
        try {
            if (s.searchParam != null) ps.setString(1, s.searchParam);
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    /**
     * Releases the connection and its table. Never blocks: a query or load in progress finishes
     * first on its own thread, then the connection closes.
     */
    @Override
    public void close() {
        closed = true;
        Statement writing = storing;
        if (writing != null) {
            try {
                writing.cancel(); // a half-written store is removed by TableStore.write
            } catch (SQLException ignored) {
                // finished meanwhile
            }
        }
        Runnable release = () -> {
            synchronized (lock) {
                if (db != null) {
                    db.close();
                    db = null;
                    conn = null;
                }
            }
        };
        java.util.concurrent.Executor e = loads;
        try {
            if (e != null) e.execute(release);
            else release.run(); // never loaded: nothing holds the lock
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            release.run(); // the app is closing its executors: close the connection here
        }
    }
}
