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
public record CsvHead(List<String> header, List<List<String>> rows, boolean more, int headerLines, int indexColumns, List<String> levelNames) {

    public CsvHead(List<String> header, List<List<String>> rows, boolean more) {
        this(header, rows, more, 1, 0, List.of());
    }

    /** Column levels pandas wrote above each other: at most this many are recognised. */
    static final int MAX_LEVELS = 8;

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
            int headerLines = 1;
            int indexColumns = 0;
            boolean aheadCut = false;
            List<String> levelNames = List.of();
            if (!hasHeader) {
                header = new ArrayList<>();
                for (int i = 0; i < first.size(); i++) header.add("column" + i);
                rows.add(List.copyOf(first));
            } else {
                // pandas writes MultiIndex columns as one header line per level, then a line naming the index columns
                List<List<String>> ahead = new ArrayList<>();
                ahead.add(first);
                try {
                    while (ahead.size() <= MAX_LEVELS + 1 && it.hasNext()) ahead.add(List.copyOf(it.next().getFields()));
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof CappedReader.LimitReached) || ahead.size() < 2) throw e;
                    aheadCut = true; // a giant line: what was read is the head
                }
                int[] shape = multiLevel(ahead);
                if (shape != null) {
                    int levels = shape[0];
                    indexColumns = shape[1];
                    headerLines = levels + 1;
                    header = new ArrayList<>(ahead.get(levels).subList(0, indexColumns));
                    List<String> names = new ArrayList<>();
                    for (int l = 0; l < levels; l++) names.add(ahead.get(l).get(0));
                    levelNames = List.copyOf(names);
                    for (int c = indexColumns; c < first.size(); c++) {
                        StringBuilder b = new StringBuilder();
                        for (int l = 0; l < levels; l++) b.append(l == 0 ? "" : "/").append(ahead.get(l).get(c));
                        header.add(b.toString());
                    }
                    rows.addAll(ahead.subList(levels + 1, Math.min(ahead.size(), levels + 1 + maxRows)));
                } else {
                    rows.addAll(ahead.subList(1, Math.min(ahead.size(), 1 + maxRows)));
                }
            }
            boolean more = aheadCut;
            while (rows.size() < maxRows && !aheadCut) {
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
            return new CsvHead(List.copyOf(header), List.copyOf(rows), more, headerLines, indexColumns, levelNames);
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

    /**
     * pandas' layout for MultiIndex columns: lines 0..L-1 hold the column levels (the level's name
     * in the first cell, the other index cells empty, then a label per data column), line L names
     * the index columns and is empty after them. Returns {L, index column count}, or null when the
     * records are an ordinary header and rows. L is at least 2: with one column level pandas puts
     * the index names in the header line itself.
     */
    static int[] multiLevel(List<List<String>> records) {
        if (records.size() < 3) return null;
        int width = records.get(0).size();
        if (width < 2) return null;
        for (int levels = 2; levels < records.size() && levels <= MAX_LEVELS; levels++) {
            List<String> names = records.get(levels);
            if (names.size() != width) continue;
            int index = 0;
            while (index < width && !names.get(index).isEmpty()) index++;
            if (index == 0 || index == width) continue;
            boolean restEmpty = true;
            for (int c = index; c < width; c++) restEmpty &= names.get(c).isEmpty();
            if (!restEmpty) continue;
            boolean levelsOk = true;
            for (int l = 0; l < levels && levelsOk; l++) {
                List<String> r = records.get(l);
                if (r.size() != width) levelsOk = false;
                for (int c = 1; c < index && levelsOk; c++) levelsOk = r.get(c).isEmpty();
                for (int c = index; c < width && levelsOk; c++) levelsOk = !r.get(c).isEmpty();
            }
            if (levelsOk && index == 1 && !singleIndexEvidence(records, levels)) levelsOk = false;
            if (levelsOk) return new int[] {levels, index};
        }
        return null;
    }

    /**
     * With one index column the layout above is also what a header, a data row and a row of
     * missing values look like; pandas' MultiIndex has more to show: named levels, an index name
     * that is not a value, and the outer level's labels repeated over their sub-columns.
     */
    private static boolean singleIndexEvidence(List<List<String>> records, int levels) {
        String indexName = records.get(levels).get(0);
        if (looksNumeric(indexName)) return false;
        for (int l = 0; l < levels; l++) if (records.get(l).get(0).isEmpty()) return false;
        List<String> outer = records.get(0);
        for (int c = 2; c < outer.size(); c++) if (outer.get(c).equals(outer.get(c - 1))) return true;
        return false;
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
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
