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
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) for (int i = 0; i < cols && i < r.length; i++) w[i] = Math.max(w[i], Math.min(r[i].length(), 60));
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = i < r.length ? r[i] : "";
                if (i == cols - 1) sb.append(c);
                else sb.append(String.format("%-" + w[i] + "s  ", c.length() > 60 ? c.substring(0, 59) + "…" : c));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }
}
