package dev.vitrine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table for human output. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void row(String... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "" : Terminal.safe(cells[i].replace('\n', ' '));
        rows.add(r);
    }

    void print(PrintWriter out) {
        print(out, widths(), true);
    }

    /** Column widths fit to the rows so far (a long listing printed in pages keeps the first page's). */
    int[] widths() {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) for (int i = 0; i < cols && i < r.length; i++) w[i] = Math.max(w[i], Math.min(r[i].length(), 60));
        return w;
    }

    /** Prints with the given widths, the header line only when asked, then forgets the rows. */
    void print(PrintWriter out, int[] w, boolean header) {
        int cols = w.length;
        for (String[] r : header ? rows : rows.subList(1, rows.size())) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = i < r.length ? r[i] : "";
                if (i == cols - 1) sb.append(c);
                else sb.append(String.format("%-" + w[i] + "s  ", c.length() > 60 ? c.substring(0, 59) + "…" : c));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
        rows.subList(1, rows.size()).clear();
    }
}
