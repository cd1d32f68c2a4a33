package dev.vitrine.ui.preview.table;

import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.table.ColumnInfo;
import dev.vitrine.preview.table.ColumnStats;
import dev.vitrine.preview.table.CsvHead;
import dev.vitrine.preview.table.TableContent;
import dev.vitrine.preview.table.TableQuery;
import dev.vitrine.preview.table.WhereProblem;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table viewer's state: the columns, the number of rows in the current view, and rows fetched
 * page by page from DuckDB into a small cache as the table scrolls. Until DuckDB has loaded a CSV,
 * the rows come from the streamed head. Sorting, search and WHERE run in DuckDB. FX thread only.
 */
public final class TableViewModel {

    public static final int PAGE = 200;
    private static final int CACHED_PAGES = 32;

    private final TableContent content;
    private final Async async;

    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.LOADING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Opening…");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<WhereProblem> whereProblem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyLongWrapper rowCount = new ReadOnlyLongWrapper(0);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private TableQuery pendingQuery;
    private final ObservableList<ColumnInfo> columns = FXCollections.observableArrayList();
    /** One wrapper, kept: a listener on a throw-away unmodifiable view would be collected with it. */
    private final ObservableList<ColumnInfo> columnsView = FXCollections.unmodifiableObservableList(columns);
    private final ReadOnlyObjectWrapper<String> indexColumn = new ReadOnlyObjectWrapper<>();
    private int indexCount;
    private final ReadOnlyObjectWrapper<ColumnStats> stats = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper statsColumn = new ReadOnlyStringWrapper();
    /** Increments whenever fetched rows arrive: the view refreshes its visible cells. */
    private final LongProperty rowsChanged = new SimpleLongProperty(0);
    private final ObjectProperty<TableQuery> query = new SimpleObjectProperty<>(TableQuery.ALL);

    private final Map<Long, List<List<String>>> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<List<String>>> e) {
            return size() > CACHED_PAGES;
        }
    };
    private final Set<Long> pending = new HashSet<>();
    private long generation;
    private Async.Handle countHandle, statsHandle;

    public TableViewModel(TableContent content, Async async) {
        this.content = content;
        this.async = async;
        CsvHead head = content.head();
        if (head != null) {
            for (String h : head.header()) columns.add(new ColumnInfo(h, "…", false));
            rowCount.set(head.rows().size());
            state.set(LoadState.READY);
            status.set("First " + head.rows().size() + " rows · loading the whole file…");
        }
        async.run(() -> {
            content.awaitReady();
            return new Object[] {content.columns(), content.indexColumn(), content.totalRows(), content.indexColumns().size()};
        }, r -> onLoaded(r), this::onLoadFailed);
    }

    @SuppressWarnings("unchecked")
    private void onLoaded(Object[] r) {
        pages.clear();
        pending.clear();
        generation++;
        indexColumn.set((String) r[1]);
        indexCount = (Integer) r[3];
        loaded.set(true);
        columns.setAll((List<ColumnInfo>) r[0]);
        rowCount.set((Long) r[2]);
        state.set(LoadState.READY);
        updateStatus();
        rowsChanged.set(rowsChanged.get() + 1);
        if (pendingQuery != null) {
            TableQuery q = pendingQuery;
            pendingQuery = null;
            apply(q);
        }
    }

    private void onLoadFailed(Throwable e) {
        message.set(e.getMessage() == null ? e.toString() : e.getMessage());
        state.set(LoadState.ERROR);
    }

    private void updateStatus() {
        int dataCols = columns.size() - indexCount;
        String rows = String.format("%,d rows", rowCount.get());
        String total = query.get().filtered() ? String.format(" (of %,d)", total()) : "";
        status.set(rows + total + " · " + dataCols + " columns · " + content.format());
    }

    private long total() {
        try {
            return content.totalRows();
        } catch (PreviewException e) {
            return -1;
        }
    }

    // ---- read-only state ----

    public ReadOnlyObjectProperty<LoadState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** "1,234 rows · 12 columns · csv". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** DuckDB's reason when the WHERE expression is rejected, else empty. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty rowCountProperty() {
        return rowCount.getReadOnlyProperty();
    }

    /** True once DuckDB holds the file (sorting, filtering and stats work). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ObservableList<ColumnInfo> columns() {
        return columnsView;
    }

    /** How many leading columns hold the pandas index (one per level of a MultiIndex); set with {@link #indexColumnProperty}. */
    public int indexCount() {
        return indexCount;
    }

    /**
     * The name a column is shown under: the pandas index keeps its own name, and an unnamed one
     * (DuckDB calls it {@code column0}) reads "index", in the header and in the statistics alike.
     */
    public String displayName(String column) {
        int i = -1;
        for (int k = 0; k < columns.size(); k++) if (columns.get(k).name().equals(column)) i = k;
        boolean isIndex = indexColumn.get() != null && i >= 0 && i < indexCount;
        if (isIndex && (column.isEmpty() || column.startsWith("column0") || column.equals("Unnamed: 0"))) {
            return indexCount > 1 ? "index " + i : "index";
        }
        return column;
    }

    public ReadOnlyObjectProperty<String> indexColumnProperty() {
        return indexColumn.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ColumnStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statsColumnProperty() {
        return statsColumn.getReadOnlyProperty();
    }

    public LongProperty rowsChangedProperty() {
        return rowsChanged;
    }

    public TableQuery query() {
        return query.get();
    }

    // ---- cells ----

    /**
     * The text of a cell, or null while its page is being fetched (the fetch starts here).
     * SQL NULL is returned as {@link #NULL}.
     */
    public String cell(long row, int column) {
        if (!loaded.get()) {
            CsvHead head = content.head();
            if (head == null || row >= head.rows().size()) return null;
            List<String> r = head.rows().get((int) row);
            return column < r.size() ? r.get(column) : "";
        }
        long page = row / PAGE;
        List<List<String>> rows = pages.get(page);
        if (rows == null) {
            fetch(page);
            return null;
        }
        int i = (int) (row - page * PAGE);
        if (i >= rows.size()) return "";
        List<String> r = rows.get(i);
        if (column >= r.size()) return "";
        String v = r.get(column);
        return v == null ? NULL : v;
    }

    /** What a SQL NULL cell shows. */
    public static final String NULL = "∅";

    private void fetch(long page) {
        if (!pending.add(page)) return;
        long gen = generation;
        TableQuery q = query.get();
        async.run(() -> content.page(q, page * PAGE, PAGE), rows -> {
            pending.remove(page);
            if (gen != generation) return;
            pages.put(page, rows);
            rowsChanged.set(rowsChanged.get() + 1);
        }, e -> {
            pending.remove(page);
            if (gen == generation) filterError.set(e.getMessage());
        });
    }

    // ---- intents ----

    /** Quick search over every column (case-insensitive). */
    public void search(String text) {
        apply(query.get().withSearch(text == null || text.isBlank() ? null : text));
    }

    /** A SQL WHERE expression over the columns; blank clears it. */
    public void filter(String where) {
        apply(query.get().withWhere(where == null || where.isBlank() ? null : where));
    }

    /** Sorts by a column; null restores the file's order. */
    public void sort(String column, boolean descending) {
        apply(query.get().withSort(column, descending));
    }

    /** Counts the new view first; only a query DuckDB accepts replaces the current one. */
    private void apply(TableQuery q) {
        if (!loaded.get()) {
            // applied as soon as DuckDB has the file
            pendingQuery = q;
            status.set("Loading the whole file… your search or sort runs when it is ready");
            return;
        }
        filterError.set("");
        whereProblem.set(null);
        if (countHandle != null) countHandle.cancel();
        status.set("Counting…");
        countHandle = async.run(() -> {
            try {
                return new Counted(content.count(q), null, null);
            } catch (PreviewException e) {
                // said again in plain words, pointing at the part of the WHERE at fault
                WhereProblem p = q.where() == null ? null : content.diagnoseWhere(q.where());
                return new Counted(-1, p, e.getMessage());
            }
        }, counted -> {
            if (counted.error() != null) {
                WhereProblem p = counted.problem();
                filterError.set(p == null ? counted.error() : "The filter was not applied: " + p.message());
                whereProblem.set(p);
                updateStatus();
                return;
            }
            long n = counted.rows();
            query.set(q);
            pages.clear();
            pending.clear();
            generation++;
            rowCount.set(n);
            updateStatus();
            rowsChanged.set(rowsChanged.get() + 1);
            if (statsColumn.get() != null) showStats(statsColumn.get());
        }, e -> {
            filterError.set(e.getMessage());
            updateStatus();
        });
    }

    private record Counted(long rows, WhereProblem problem, String error) {}

    /** Why the last WHERE was refused, pointing into its text, or null (no problem, or none DuckDB's parser could place). */
    public ReadOnlyObjectProperty<WhereProblem> whereProblemProperty() {
        return whereProblem.getReadOnlyProperty();
    }

    /** Every column's name as SQL knows it (the index included), for completing names in a WHERE. */
    public List<String> columnNames() {
        return columns.stream().map(ColumnInfo::name).toList();
    }

    /** Computes the statistics of a column over the current view for the side panel. */
    public void showStats(String column) {
        if (!loaded.get() || column == null) return;
        statsColumn.set(column);
        if (statsHandle != null) statsHandle.cancel();
        TableQuery q = query.get();
        statsHandle = async.run(() -> content.stats(column, q), stats::set, e -> filterError.set(e.getMessage()));
    }

    /** Writes the current view to a CSV file; the outcome appears in {@link #noticeProperty()}. */
    public void exportTo(Path target) {
        TableQuery q = query.get();
        notice.set("Exporting…");
        async.run(() -> content.exportCsv(q, target), n -> notice.set(String.format("Exported %,d rows to %s", n, target.getFileName())),
                e -> notice.set("Export failed: " + e.getMessage()));
    }

    /** The outcome of the last export. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }
}
