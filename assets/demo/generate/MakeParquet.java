import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Writes a parquet file from a CSV with DuckDB (Debian has no pyarrow), for make_demo.py.
 *
 * <pre>java -cp duckdb_jdbc.jar MakeParquet.java in.csv out.parquet "name:TYPE,name:TYPE,..."</pre>
 *
 * The CSV has a header row and empty fields for missing values; the columns are typed explicitly so
 * nothing depends on DuckDB's sniffing. One thread, so the output is byte-for-byte reproducible.
 */
public class MakeParquet {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MakeParquet in.csv out.parquet name:TYPE,...");
            System.exit(2);
        }
        StringBuilder columns = new StringBuilder("{");
        for (String spec : args[2].split(",")) {
            int colon = spec.lastIndexOf(':');
            if (columns.length() > 1) columns.append(", ");
            columns.append(quote(spec.substring(0, colon))).append(": ").append(quote(spec.substring(colon + 1)));
        }
        columns.append('}');
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 1");
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute("COPY (SELECT * FROM read_csv(" + quote(args[0]) + ", header = true, delim = ',', quote = '\"', "
                    + "escape = '\"', nullstr = '', columns = " + columns + ")) TO " + quote(args[1])
                    + " (FORMAT parquet, COMPRESSION snappy)");
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
