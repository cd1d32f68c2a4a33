package dev.vitrine.ui.preview.table;

import java.math.BigDecimal;

/** How table cells read: floating-point values to a common precision, the exact text kept for tooltips and copy. */
final class CellText {
    private CellText() {}

    /** Significant digits shown for FLOAT/DOUBLE cells (what pandas prints for float64 is 6 after the point). */
    static final int DIGITS = 7;

    static boolean isFloating(String duckType) {
        String t = duckType.toUpperCase(java.util.Locale.ROOT);
        return t.equals("FLOAT") || t.equals("DOUBLE") || t.equals("REAL");
    }

    /**
     * "0.30000000000000004" -> "0.3", "1234567.891" -> "1234568", "1.5e-12" stays in scientific
     * form; nan/inf and text that is not a number are returned as they are.
     */
    static String floating(String v) {
        if (v.isEmpty() || v.equals(TableViewModel.NULL)) return v;
        char c0 = v.charAt(0);
        if (!(Character.isDigit(c0) || c0 == '-' || c0 == '+' || c0 == '.')) return v;
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) return v;
        if (d == 0) return "0";
        double a = Math.abs(d);
        if (a >= 1e-4 && a < 1e15) {
            BigDecimal b = new BigDecimal(d).round(new java.math.MathContext(DIGITS));
            String s = b.stripTrailingZeros().toPlainString();
            return s;
        }
        String g = String.format(java.util.Locale.ROOT, "%." + (DIGITS - 1) + "e", d);
        // 1.500000e-12 -> 1.5e-12
        return g.replaceAll("\\.?0+e", "e");
    }
}
