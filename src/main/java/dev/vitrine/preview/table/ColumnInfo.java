package dev.vitrine.preview.table;

/**
 * One column as DuckDB typed it.
 *
 * @param name    the column name as in the file
 * @param type    DuckDB's type name ("BIGINT", "DOUBLE", "VARCHAR", "DECIMAL(12,4)", ...)
 * @param numeric whether min/max/mean and a numeric histogram make sense
 */
public record ColumnInfo(String name, String type, boolean numeric) {

    static boolean isNumericType(String t) {
        String u = t.toUpperCase(java.util.Locale.ROOT);
        return u.equals("TINYINT") || u.equals("SMALLINT") || u.equals("INTEGER") || u.equals("BIGINT") || u.equals("HUGEINT")
                || u.equals("UTINYINT") || u.equals("USMALLINT") || u.equals("UINTEGER") || u.equals("UBIGINT") || u.equals("UHUGEINT")
                || u.equals("FLOAT") || u.equals("DOUBLE") || u.startsWith("DECIMAL");
    }
}
