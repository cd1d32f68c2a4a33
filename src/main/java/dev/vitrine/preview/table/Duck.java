package dev.vitrine.preview.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.preview.PreviewException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * DuckDB plumbing: a private in-memory connection per table, sandboxed to that table's file, plus
 * quoting, the filter check and user-facing messages.
 */
final class Duck {
    private Duck() {}

    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    /**
     * One table's database: the connection, its private folder (spill files, exports) and the path
     * DuckDB is allowed to read the table from. {@link #close()} closes the connection and deletes
     * the folder.
     */
    record Sandbox(Connection connection, Path folder, Path source) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // an in-memory database: nothing left to save
            }
            deleteTree(folder);
        }
    }

    /**
     * A fresh in-memory database that never downloads extensions (no network at preview time) and
     * can reach no file but {@code table} (read) and its own private folder: a filter pasted from
     * elsewhere cannot read, write or attach anything else, and the lock keeps it from lifting that.
     * The folder is made by {@link Files#createTempDirectory}, so it is the user's own (0700 on
     * POSIX) and unique, unlike a fixed shared {@code /tmp} name another user could pre-create.
     * The first call in a process loads the native library (about a second): never on the FX thread.
     *
     * @param table the file DuckDB reads, or null when the table comes in through Java (feather)
     */
    static Sandbox connect(Path table) throws SQLException, IOException {
        return connect(table, java.util.List.of());
    }

    /** @param stores folders of {@link TableStore} the table may be read from or written to */
    static Sandbox connect(Path table, java.util.List<Path> stores) throws SQLException, IOException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("DuckDB driver missing", e);
        }
        sweepStaleFolders();
        Path folder = Files.createTempDirectory(FOLDER_PREFIX).toAbsolutePath();
        try {
            Path source = table == null ? null : literalSource(table.toAbsolutePath(), folder);
            Properties p = new Properties();
            p.setProperty("autoinstall_known_extensions", "false");
            p.setProperty("autoload_known_extensions", "false");
            Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
            try (Statement st = c.createStatement()) {
                st.execute("SET threads = " + Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
                st.execute("SET preserve_insertion_order = true");
                // an in-memory database spills to ".tmp" in the working directory by default
                st.execute("SET temp_directory = " + literal(folder.toString()));
                StringBuilder dirs = new StringBuilder(literal(folder + java.io.File.separator));
                for (Path store : stores) dirs.append(", ").append(literal(store.toAbsolutePath() + java.io.File.separator));
                st.execute("SET allowed_directories = [" + dirs + "]");
                if (source != null) st.execute("SET allowed_paths = [" + literal(source.toString()) + "]");
                st.execute("SET enable_external_access = false");
                st.execute("SET lock_configuration = true");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new Sandbox(c, folder, source);
        } catch (SQLException | IOException | RuntimeException e) {
            deleteTree(folder);
            throw e;
        }
    }

    static final String FOLDER_PREFIX = "vitrine-duckdb-";

    /**
     * DuckDB expands {@code *}, {@code ?} and {@code [...]} in any file name it is given, so
     * {@code data[1].csv} would read {@code data1.csv} and {@code d*.csv} several files; its
     * access check also compares the pattern, not the file. A name holding one of these is read
     * through a link with a plain name in the private folder (a copy where links are refused).
     */
    static Path literalSource(Path table, Path folder) throws IOException {
        String s = table.toString();
        if (s.indexOf('*') < 0 && s.indexOf('?') < 0 && s.indexOf('[') < 0) return table;
        String name = table.getFileName().toString().replaceAll("[*?\\[\\]{}]", "_");
        Path link = folder.resolve("table-" + name);
        try {
            Files.createSymbolicLink(link, table);
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(table, link);
        }
        return link;
    }

    /** Folders a crashed run left behind (a day old, so a running instance keeps its own). */
    private static void sweepStaleFolders() {
        if (!SWEPT.compareAndSet(false, true)) return;
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), FOLDER_PREFIX + "*")) {
            for (Path p : dir) {
                try {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.getLastModifiedTime(p).toInstant().isBefore(dayAgo)
                            && Files.isWritable(p)) {
                        deleteTree(p);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // another user's or in use: left alone
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no temp folder to sweep
        }
    }

    static void deleteTree(Path folder) {
        if (folder == null) return;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // left to the next start's sweep
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * A user's WHERE expression, checked by DuckDB's own parser: it must make, inside
     * {@code SELECT * FROM t WHERE NOT (...\n) LIMIT 1}, exactly one plain SELECT of table
     * {@code t} with that LIMIT and nothing else, whose condition is that NOT (so {@code a) OR (b}
     * cannot step out of its parentheses and outvote the search it is ANDed with). A hand-written scanner missed {@code $$...$$} strings, and
     * the JDBC driver runs every statement but the last; here a second statement, a closed
     * parenthesis followed by UNION/ORDER/GROUP, or a comment eating the rest are all refused.
     * The caller puts the expression, as returned, before a line break, so a trailing
     * {@code --} comment cannot hide what follows it. Run on the table's sandboxed connection.
     */
    static String checkExpression(Connection c, String where) throws PreviewException {
        String w = where.strip();
        String probe = "SELECT * FROM t WHERE NOT (" + w + "\n) LIMIT 1";
        JsonNode tree;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT json_serialize_sql(" + literal(probe) + ")")) {
            rs.next();
            tree = JSON.readTree(rs.getString(1));
        } catch (SQLException | IOException e) {
            throw explainFilter(e);
        }
        if (tree.path("error").asBoolean(false)) {
            String m = tree.path("error_message").asText("not one SELECT expression");
            throw new PreviewException("The filter was not applied: " + (m.contains("Only SELECT") ? "a filter is one expression, not a statement" : firstLine(m)));
        }
        JsonNode statements = tree.path("statements");
        JsonNode node = statements.path(0).path("node");
        boolean plain = statements.size() == 1
                && "SELECT_NODE".equals(node.path("type").asText())
                && node.path("modifiers").size() == 1 && "LIMIT_MODIFIER".equals(node.path("modifiers").path(0).path("type").asText())
                && node.path("cte_map").path("map").isEmpty()
                && "BASE_TABLE".equals(node.path("from_table").path("type").asText())
                && "t".equals(node.path("from_table").path("table_name").asText())
                && node.path("select_list").size() == 1
                && node.path("group_expressions").isEmpty()
                && absent(node.path("having")) && absent(node.path("qualify")) && absent(node.path("sample"))
                && "OPERATOR_NOT".equals(node.path("where_clause").path("type").asText());
        if (!plain) {
            throw new PreviewException("The filter was not applied: a filter is one expression over the table's columns");
        }
        return w;
    }

    /**
     * Why DuckDB would refuse a WHERE expression, said plainly and pointing into the user's text:
     * a syntax error where the parser stopped, or a name that is no column (with the nearest
     * columns). Parsed only, on the same probe as {@link #checkExpression}; null when the parser
     * and the column names find nothing (the reason is then DuckDB's own, from running it).
     */
    static WhereProblem diagnose(Connection c, String where, List<String> columns) throws PreviewException {
        String w = where.strip();
        int lead = where.indexOf(w);
        String prefix = "SELECT * FROM t WHERE NOT (";
        String probe = prefix + w + "\n) LIMIT 1";
        JsonNode tree;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT json_serialize_sql(" + literal(probe) + ")")) {
            rs.next();
            tree = JSON.readTree(rs.getString(1));
        } catch (SQLException | IOException e) {
            throw explainFilter(e);
        }
        if (tree.path("error").asBoolean(false)) {
            String m = firstLine(tree.path("error_message").asText("not one expression"));
            if (m.contains("Only SELECT")) return null; // more than an expression: checkExpression says so
            int at = tree.path("position").asInt(-1) - prefix.length();
            if (at < 0 || at >= w.length()) {
                // the parser ran into the probe's own closing parenthesis: the text stops short
                return new WhereProblem("the expression is incomplete at its end (a value or a closing parenthesis is missing)",
                        -1, -1, List.of());
            }
            int len = Math.max(1, tokenLength(w, at));
            return new WhereProblem(m.replace("syntax error at or near", "this does not fit here:"), lead + at, lead + at + len, List.of());
        }
        List<JsonNode> refs = new ArrayList<>();
        collect(tree.path("statements").path(0).path("node").path("where_clause"), refs);
        refs.sort(Comparator.comparingInt(r -> r.path("query_location").asInt(Integer.MAX_VALUE)));
        Set<String> known = new HashSet<>();
        for (String col : columns) known.add(col.toLowerCase(Locale.ROOT));
        for (JsonNode ref : refs) {
            JsonNode names = ref.path("column_names");
            String name = names.path(names.size() - 1).asText("");
            if (known.contains(name.toLowerCase(Locale.ROOT))) continue;
            int at = ref.path("query_location").asInt(-1) - prefix.length();
            int len = ref.path("query_location_length").asInt(0);
            if (at < 0 || at + len > w.length()) { at = -1; len = 0; }
            List<String> near = WhereProblem.nearest(name, columns);
            String quoted = at >= 0 && w.charAt(at) == '"' ? " (text goes in single quotes, names in double quotes)" : "";
            String msg = "there is no column named \"" + name + "\"" + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?") + quoted;
            return new WhereProblem(msg, at < 0 ? -1 : lead + at, at < 0 ? -1 : lead + at + len, near);
        }
        return null;
    }

    /** Every column reference in an expression tree, in the order they are written. */
    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n == null || n.isMissingNode() || n.isNull()) return;
        if (n.isObject() && "COLUMN_REF".equals(n.path("class").asText())) {
            out.add(n);
            return;
        }
        // a subquery's own columns are not the table's: a filter has none anyway (checkExpression)
        if (n.isObject() && "SUBQUERY".equals(n.path("class").asText())) return;
        for (JsonNode child : n) collect(child, out);
    }

    /** The length of the word or symbol run starting at {@code at}, for underlining what the parser stopped at. */
    private static int tokenLength(String s, int at) {
        int i = at;
        if (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_') {
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
            int close = s.indexOf(s.charAt(i), i + 1);
            i = close < 0 ? s.length() : close + 1;
        } else {
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && !Character.isLetterOrDigit(s.charAt(i))) i++;
        }
        return i - at;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean absent(JsonNode n) {
        return n.isMissingNode() || n.isNull();
    }

    private static String firstLine(String m) {
        String first = m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
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
