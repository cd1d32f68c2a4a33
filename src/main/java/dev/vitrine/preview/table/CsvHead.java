package dev.vitrine.preview.table;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.vitrine.preview.PreviewException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The header and first records of a CSV, read by a streaming parser (FastCSV) in milliseconds,
 * so a viewer can show a first page long before DuckDB has loaded a large gzip file. Fields are
 * the text as written (no type conversion). A record longer than {@link #MAX_CHARS} is refused.
 *
 * @param header the header record
 * @param rows   up to the requested number of records after the header
 * @param more   whether the file has more records than were read
 */
public record CsvHead(List<String> header, List<List<String>> rows, boolean more) {

    /** Characters read at most for the head: bounds time and memory on a file with one huge line. */
    static final long MAX_CHARS = 8L << 20;

    static CsvHead read(Path file, boolean gzip, char delimiter, Charset charset, int maxRows) throws PreviewException {
        return read(file, gzip, delimiter, charset, maxRows, true);
    }

    /** @param hasHeader false for header-less files (numpy's savetxt): columns are named column0, column1, ... */
    static CsvHead read(Path file, boolean gzip, char delimiter, Charset charset, int maxRows, boolean hasHeader) throws PreviewException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
             Reader reader = new CappedReader(new InputStreamReader(in, charset), MAX_CHARS);
             CsvReader<CsvRecord> csv = CsvReader.builder().fieldSeparator(delimiter).quoteCharacter('"')
                     .detectBomHeader(false).skipEmptyLines(true).ignoreDifferentFieldCount(true).ofCsvRecord(reader)) {
            Iterator<CsvRecord> it = csv.iterator();
            if (!it.hasNext()) throw new PreviewException("The file has no header line");
            List<String> first = stripBom(it.next().getFields());
            List<String> header = first;
            List<List<String>> rows = new ArrayList<>();
            if (!hasHeader) {
                header = new ArrayList<>();
                for (int i = 0; i < first.size(); i++) header.add("column" + i);
                rows.add(List.copyOf(first));
            }
            boolean more = false;
            while (rows.size() < maxRows) {
                try {
                    if (!it.hasNext()) break;
                    rows.add(List.copyOf(it.next().getFields()));
                } catch (UncheckedIOException e) {
                    // Long rows: what was read is the head; the cap only refuses a single giant line.
                    if (e.getCause() instanceof CappedReader.LimitReached && !rows.isEmpty()) {
                        more = true;
                        break;
                    }
                    throw e;
                }
            }
            if (rows.size() == maxRows) {
                try {
                    more = it.hasNext();
                } catch (UncheckedIOException e) {
                    more = true;
                }
            }
            return new CsvHead(List.copyOf(header), List.copyOf(rows), more);
        } catch (CappedReader.LimitReached e) {
            throw new PreviewException("A line of " + file.getFileName() + " is longer than " + (MAX_CHARS >> 20)
                    + " MB: not a table a viewer can show");
        } catch (CsvParseException e) {
            throw new PreviewException("Cannot parse " + file.getFileName() + " as CSV: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw ioMessage(file, e.getCause());
        } catch (IOException e) {
            throw ioMessage(file, e);
        }
    }

    private static PreviewException ioMessage(Path file, IOException e) {
        if (e instanceof CappedReader.LimitReached) {
            return new PreviewException("A line of " + file.getFileName() + " is longer than " + (MAX_CHARS >> 20) + " MB: not a table a viewer can show");
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.io.EOFException) m = "the compressed data ends early (truncated file)";
        return new PreviewException("Cannot read " + file.getFileName() + ": " + m, e);
    }

    private static List<String> stripBom(List<String> header) {
        if (header.isEmpty() || header.get(0).isEmpty() || header.get(0).charAt(0) != '\uFEFF') return header;
        List<String> h = new ArrayList<>(header);
        h.set(0, h.get(0).substring(1));
        return h;
    }

    /** A reader that fails once more than {@code cap} characters have been read. */
    private static final class CappedReader extends java.io.FilterReader {
        static final class LimitReached extends IOException {
            LimitReached() {
                super("limit reached");
            }
        }

        private final long cap;
        private long read;

        CappedReader(Reader in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0 && ++read > cap) throw new LimitReached();
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (Thread.currentThread().isInterrupted()) throw new java.io.InterruptedIOException("Cancelled");
            int n = super.read(buf, off, len);
            if (n > 0 && (read += n) > cap) throw new LimitReached();
            return n;
        }
    }
}
