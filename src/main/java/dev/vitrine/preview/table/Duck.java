package dev.vitrine.preview.table;

import dev.vitrine.preview.PreviewException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** DuckDB plumbing: a private in-memory connection per table, quoting and user-facing messages. */
final class Duck {
    private Duck() {}

    /**
     * A fresh in-memory database that never downloads extensions (no network at preview time).
     * The first call in a process loads the native library (about a second): never on the FX thread.
     */
    static Connection connect() throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("DuckDB driver missing", e);
        }
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
        try (Statement st = c.createStatement()) {
            st.execute("SET threads = " + Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            st.execute("SET preserve_insertion_order = true");
            // An in-memory database spills to ".tmp" in the working directory by default: keep it in the temp folder.
            st.execute("SET temp_directory = " + literal(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vitrine-duckdb").toString()));
        }
        return c;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * A user's WHERE expression goes inside parentheses of a single prepared statement; refusing
     * statement separators and comments keeps it from closing that parenthesis or hiding the rest.
     */
    static String checkExpression(String where) throws PreviewException {
        String w = where.strip();
        boolean inSingle = false, inDouble = false;
        int depth = 0;
        for (int i = 0; i < w.length(); i++) {
            char ch = w.charAt(i);
            if (inSingle) {
                if (ch == '\'') inSingle = false;
                continue;
            }
            if (inDouble) {
                if (ch == '"') inDouble = false;
                continue;
            }
            if (ch == '\'') inSingle = true;
            else if (ch == '"') inDouble = true;
            else if (ch == ';') throw new PreviewException("A filter is one expression: ';' is not allowed");
            else if (ch == '-' && i + 1 < w.length() && w.charAt(i + 1) == '-') throw new PreviewException("Comments are not allowed in a filter");
            else if (ch == '/' && i + 1 < w.length() && w.charAt(i + 1) == '*') throw new PreviewException("Comments are not allowed in a filter");
            else if (ch == '(') depth++;
            else if (ch == ')' && --depth < 0) throw new PreviewException("Unbalanced ')' in the filter");
        }
        if (inSingle || inDouble) throw new PreviewException("Unclosed quote in the filter");
        if (depth != 0) throw new PreviewException("Unbalanced '(' in the filter");
        return w;
    }

    /** A filter (search or SQL WHERE) DuckDB refused, as one line: the table itself is fine. */
    static PreviewException explainFilter(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace("java.sql.SQLException: ", "");
        String first = m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
        if (first.length() > 300) first = first.substring(0, 300) + "…";
        return new PreviewException("The filter was not applied: " + first, e);
    }

    /** A DuckDB failure as one line for the user, without Java class names. */
    static PreviewException explain(Throwable e, Path file) {
        if (e instanceof PreviewException pe) return pe;
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replace("java.sql.SQLException: ", "");
        String first = m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
        if (first.length() > 300) first = first.substring(0, 300) + "…";
        return new PreviewException("Cannot read " + file.getFileName() + " as a table: " + first, e);
    }
}
