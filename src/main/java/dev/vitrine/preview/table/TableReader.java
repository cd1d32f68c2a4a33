package dev.vitrine.preview.table;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.zip.GZIPInputStream;

/**
 * Tables: CSV, TSV and gzip CSV (whatever their name says: the SDK writes gzip CSV under
 * {@code .parquet}/{@code .feather} names without pyarrow), parquet ({@code PAR1}) and feather /
 * Arrow IPC ({@code ARROW1}). Magic bytes decide; names only break ties for text.
 */
public final class TableReader implements PreviewReader {

    /** Records read by the streaming parser for the first page. */
    public static final int HEAD_ROWS = 200;

    /** False for CSV Vitrine writes itself with every value quoted: a quoted "" or "NA" is then a string, never missing. */
    private final boolean quotedNulls;

    public TableReader() {
        this(true);
    }

    public TableReader(boolean quotedNulls) {
        this(quotedNulls, null);
    }

    /** @param loads where tables load and close (DuckDB work off the caller's thread); null for an executor of the reader's own */
    public TableReader(boolean quotedNulls, java.util.concurrent.Executor loads) {
        this(quotedNulls, loads, null);
    }

    /** @param store where CSVs that were slow to load are kept for their next open; null for none */
    public TableReader(boolean quotedNulls, java.util.concurrent.Executor loads, TableStore store) {
        this.quotedNulls = quotedNulls;
        this.loads = loads;
        this.store = store;
    }

    private final TableStore store;

    private java.util.concurrent.Executor loads;

    private synchronized java.util.concurrent.Executor loads() {
        if (loads == null) loads = new dev.vitrine.concurrent.ExecutorFactory().cached("table-load"); // idle threads end after a minute
        return loads;
    }

    /** pandas' default NA strings (1.5), so missing counts match what pandas users see. */
    private static final String PANDAS_NA = "['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', "
            + "'1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'n/a', 'nan', 'null']";

    @Override
    public int score(Sniff s) {
        if (s.startsWith("PAR1")) return 100;
        if (s.startsWith("ARROW1")) return 100;
        boolean tableName = s.hasExtension(".csv", ".tsv", ".csv.gz", ".tsv.gz", ".parquet", ".feather", ".pq", ".arrow");
        boolean csvType = "text/csv".equals(s.contentType()) || "pandas".equals(s.artifactType()) || "data-audit-table".equals(s.artifactType());
        if (s.isGzip()) return tableName || csvType ? 90 : 0;
        if (tableName || csvType) return 60;
        return 0;
    }

    @Override
    public PreviewContent open(Sniff s) throws PreviewException {
        PreviewContent c = build(s);
        return c instanceof TableContent t ? t.start(loads()) : c;
    }

    private PreviewContent build(Sniff s) throws PreviewException {
        Path file = s.file();
        boolean pandasIndex = "pandas".equals(s.artifactType());
        if (s.startsWith("PAR1")) return openParquet(file, pandasIndex);
        if (s.startsWith("ARROW1")) return new TableContent(file, "feather", null, pandasIndex, false, (c, src) -> FeatherLoader.load(c, file));
        if (s.hasExtension(".parquet", ".pq") && !s.isGzip() && looksBinary(s.head())) {
            throw new PreviewException(file.getFileName() + " is not a parquet file (no PAR1 signature)");
        }
        if (s.hasExtension(".feather", ".arrow") && !s.isGzip() && looksBinary(s.head())) {
            throw new PreviewException(file.getFileName() + " is not a feather/Arrow file (no ARROW1 signature; feather v1 is not supported)");
        }
        boolean gzip = s.isGzip();
        byte[] text = gzip ? gunzipHead(file) : s.head();
        if (looksBinary(text)) throw new PreviewException(file.getFileName() + " holds binary data, not CSV text");
        Charset cs = isUtf8(text) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String n = s.lowerName();
        char delim = n.endsWith(".tsv") || n.endsWith(".tsv.gz") || n.endsWith(".tab") ? '\t' : ',';
        // numpy's savetxt (the SDK's numpy .csv.gz) writes no header line.
        boolean header = !"numpy".equals(s.artifactType());
        CsvHead head = CsvHead.read(file, gzip, delim, cs, HEAD_ROWS, header);
        String format = delim == '\t' ? "tsv" : "csv";
        String options = headerOptions(head, header) + ", delim = " + Duck.literal(String.valueOf(delim)) + ", quote = '\"', escape = '\"'"
                + ", compression = " + (gzip ? "'gzip'" : "'none'")
                + (cs == StandardCharsets.UTF_8 ? "" : ", encoding = 'latin-1'")
                + ", nullstr = " + PANDAS_NA + (quotedNulls ? "" : ", allow_quoted_nulls = false") + ")";
        TableContent content = new TableContent(file, format, head, pandasIndex, true, (c, src) -> {
            String sql = "CREATE TABLE t AS SELECT * FROM read_csv(" + Duck.literal(src.toString()) + options;
            // DuckDB does not check the gzip trailer: verify it alongside the load (CRC, truncation).
            java.util.concurrent.CompletableFuture<Void> verified = gzip
                    ? java.util.concurrent.CompletableFuture.runAsync(() -> verifyGzip(file)) : java.util.concurrent.CompletableFuture.completedFuture(null);
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            try {
                verified.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException u) {
                    String why = u.getCause() instanceof java.io.EOFException ? "the compressed data ends early (truncated file)" : u.getCause().getMessage();
                    throw new PreviewException("Cannot read " + file.getFileName() + ": " + why);
                }
                throw e;
            }
        });
        if (store != null) {
            try {
                content.storedIn(store, store.slot(file, format + options));
            } catch (IOException e) {
                // not stored; read as usual
            }
        }
        return content;
    }

    /**
     * A plain header line, or pandas' multi-level header (its lines skipped, the column names
     * joined level by level as {@link CsvHead} read them).
     */
    private static String headerOptions(CsvHead head, boolean header) {
        if (head.headerLines() <= 1) return ", header = " + header;
        StringBuilder names = new StringBuilder();
        for (String n : head.header()) names.append(names.length() == 0 ? "" : ", ").append(Duck.literal(n));
        return ", header = false, skip = " + head.headerLines() + ", names = [" + names + "]";
    }

    private static void verifyGzip(Path file) {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            while (in.read(buf) >= 0) {
                // reading to the end checks every member's CRC and length
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PreviewContent openParquet(Path file, boolean pandasIndex) throws PreviewException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] tail = new byte[4];
            if (raf.length() < 12) throw new PreviewException(file.getFileName() + " is too short to be a parquet file");
            raf.seek(raf.length() - 4);
            raf.readFully(tail);
            if (!"PAR1".equals(new String(tail, StandardCharsets.ISO_8859_1))) {
                throw new PreviewException(file.getFileName() + " is a truncated or damaged parquet file (no PAR1 footer)");
            }
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return new TableContent(file, "parquet", null, pandasIndex, true, (c, src) -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE VIEW t AS SELECT * FROM read_parquet(" + Duck.literal(src.toString()) + ")");
            }
        });
    }

    private static byte[] gunzipHead(Path file) throws PreviewException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[Sniff.HEAD_BYTES];
            int n;
            while (out.size() < Sniff.HEAD_BYTES && (n = in.read(buf, 0, Sniff.HEAD_BYTES - out.size())) > 0) out.write(buf, 0, n);
            return out.toByteArray();
        } catch (java.io.EOFException e) {
            throw new PreviewException(file.getFileName() + " is truncated: the compressed data ends early");
        } catch (IOException e) {
            throw new PreviewException("Cannot decompress " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** NUL bytes or many control characters: not text. */
    static boolean looksBinary(byte[] head) {
        int control = 0;
        for (byte b : head) {
            if (b == 0) return true;
            if ((b & 0xff) < 0x09 || ((b & 0xff) > 0x0d && (b & 0xff) < 0x20 && b != 0x1b)) control++;
        }
        return head.length > 0 && control * 20 > head.length;
    }

    /** Valid UTF-8, allowing a sequence cut at the end of the sample. */
    static boolean isUtf8(byte[] head) {
        int len = head.length;
        for (int back = 0; back < 4 && back <= len; back++) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(head, 0, len - back));
                return true;
            } catch (CharacterCodingException e) {
                if (len < Sniff.HEAD_BYTES) return false;
            }
        }
        return false;
    }
}
