package dev.vitrine.preview.table;

/**
 * What the table view shows: an optional quick-search text (matched case-insensitively against
 * every column), an optional SQL WHERE expression typed by the user, and an optional sort.
 *
 * @param search     text to find anywhere in a row, or null/blank for none
 * @param where      a DuckDB boolean expression over the columns, or null/blank for none
 * @param sortColumn the column to sort by, or null for the file's order
 * @param descending sort direction
 */
public record TableQuery(String search, String where, String sortColumn, boolean descending) {

    public static final TableQuery ALL = new TableQuery(null, null, null, false);

    public TableQuery withSearch(String s) {
        return new TableQuery(s, where, sortColumn, descending);
    }

    public TableQuery withWhere(String w) {
        return new TableQuery(search, w, sortColumn, descending);
    }

    public TableQuery withSort(String column, boolean desc) {
        return new TableQuery(search, where, column, desc);
    }

    public boolean filtered() {
        return (search != null && !search.isBlank()) || (where != null && !where.isBlank());
    }
}
