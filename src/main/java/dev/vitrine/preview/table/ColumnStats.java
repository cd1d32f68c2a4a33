package dev.vitrine.preview.table;

import java.util.List;

/**
 * Summary of one column over the current view (search and WHERE applied).
 *
 * @param rows      rows in the view
 * @param nulls     null cells
 * @param distinct  distinct non-null values (exact)
 * @param min       smallest value as text, or null when all are null
 * @param max       largest value as text, or null
 * @param mean      mean for numeric columns (NaN/inf propagate as DuckDB computes them), else null
 * @param sum       exact sum as text for numeric columns (integers never wrap), else null
 * @param histogram numeric: equal-width bins between min and max over the finite values;
 *                  otherwise the most frequent values, most frequent first
 */
public record ColumnStats(String column, String type, long rows, long nulls, long distinct, String min, String max,
                          Double mean, String sum, List<Bin> histogram) {

    /** One bar: a label (a value, or a range "[lo, hi)") and its count. */
    public record Bin(String label, double low, double high, long count) {}
}
