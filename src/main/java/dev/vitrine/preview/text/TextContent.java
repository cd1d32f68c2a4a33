package dev.vitrine.preview.text;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text file read lazily: the encoding from the BOM or UTF-8 validity (else latin-1), the head up
 * to {@link #HEAD_CHARS} characters with lines cut at {@link #MAX_LINE} characters (a 100 MB line
 * cannot reach the screen or the heap), and streamed line counting and search over the whole file.
 * Immutable and thread-safe; methods that scan the file block and stop when interrupted.
 */
public final class TextContent implements PreviewContent {

    public static final int HEAD_CHARS = 1 << 20;
    public static final int MAX_LINE = 10_000;

    private final Path file;
    private final Charset charset;
    private final int bomBytes;
    private final String encodingName;
    private volatile Long lines;

    TextContent(Path file, byte[] sample) {
        this.file = file;
        Encoding e = Encoding.detect(sample);
        this.charset = e.charset;
        this.bomBytes = e.bom;
        this.encodingName = e.name;
    }

    public Path file() {
        return file;
    }

    /** "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be" or "latin-1" (Python's names). */
    public String encoding() {
        return encodingName;
    }

    @Override
    public String kind() {
        return "text";
    }

    /** The head of the file as shown: at most {@link #HEAD_CHARS} characters, long lines cut with an ellipsis. */
    public Head head() throws PreviewException {
        StringBuilder sb = new StringBuilder();
        boolean cut = false;
        int col = 0;
        try (Reader r = reader()) {
            char[] buf = new char[8192];
            int n;
            outer:
            while ((n = r.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        col = 0;
                        sb.append(c);
                    } else if (col < MAX_LINE) {
                        sb.append(c);
                        if (++col == MAX_LINE) {
                            sb.append(" … [line cut]");
                            cut = true;
                        }
                    } else {
                        continue;
                    }
                    if (sb.length() >= HEAD_CHARS) {
                        cut = true;
                        break outer;
                    }
                }
                if (Thread.currentThread().isInterrupted()) throw new PreviewException("Cancelled");
            }
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return new Head(sb.toString(), cut);
    }

    /** @param text what is shown; @param truncated whether the file holds more than that (or a line was cut) */
    public record Head(String text, boolean truncated) {}

    /** Number of lines (a last line without a newline counts), streamed over the whole file and cached. */
    public long lineCount() throws PreviewException {
        Long l = lines;
        if (l != null) return l;
        long count = 0;
        boolean pendingText = false;
        try (Reader r = reader()) {
            char[] buf = new char[1 << 16];
            int n;
            while ((n = r.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        count++;
                        pendingText = false;
                    } else {
                        pendingText = true;
                    }
                }
                if (Thread.currentThread().isInterrupted()) throw new PreviewException("Cancelled");
            }
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (pendingText) count++;
        lines = count;
        return count;
    }

    /** One search hit: 1-based line, 0-based column, and the line's text around it (bounded). */
    public record Hit(long line, int column, String context) {}

    /**
     * Case-insensitive search over the whole file, streamed; at most {@code limit} hits. Only the
     * first {@link #MAX_LINE} characters of each line are searched.
     */
    public List<Hit> search(String query, int limit) throws PreviewException {
        List<Hit> hits = new ArrayList<>();
        if (query == null || query.isEmpty()) return hits;
        String q = query.toLowerCase();
        StringBuilder line = new StringBuilder();
        long lineNo = 1;
        try (Reader r = reader()) {
            char[] buf = new char[1 << 16];
            int n;
            while ((n = r.read(buf)) > 0 && hits.size() < limit) {
                for (int i = 0; i < n && hits.size() < limit; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        match(line, q, lineNo, hits, limit);
                        line.setLength(0);
                        lineNo++;
                    } else if (line.length() < MAX_LINE) {
                        line.append(c);
                    }
                }
                if (Thread.currentThread().isInterrupted()) throw new PreviewException("Cancelled");
            }
            if (line.length() > 0 && hits.size() < limit) match(line, q, lineNo, hits, limit);
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return hits;
    }

    private static void match(StringBuilder line, String q, long lineNo, List<Hit> hits, int limit) {
        String lower = line.toString().toLowerCase();
        int from = 0, at;
        while (hits.size() < limit && (at = lower.indexOf(q, from)) >= 0) {
            int a = Math.max(0, at - 40), b = Math.min(line.length(), at + q.length() + 40);
            hits.add(new Hit(lineNo, at, line.substring(a, b).replace('\r', ' ')));
            from = at + Math.max(1, q.length());
        }
    }

    private Reader reader() throws IOException {
        InputStream in = Files.newInputStream(file);
        long skipped = in.skip(bomBytes);
        if (skipped < bomBytes) throw new IOException("short file");
        return new InputStreamReader(new java.io.BufferedInputStream(in, 1 << 16), charset.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE));
    }

    @Override
    public Map<String, Object> inspect(int rows) throws PreviewException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "text");
        m.put("encoding", encodingName);
        m.put("lines", lineCount());
        String head = head().text();
        int idx = 0;
        for (int i = 0; i < Math.max(0, rows) && idx >= 0; i++) {
            idx = head.indexOf('\n', idx);
            if (idx >= 0) idx++;
        }
        m.put("head", idx < 0 ? head : head.substring(0, Math.max(0, idx)));
        return m;
    }

    /** The decided encoding of a sample of bytes. */
    record Encoding(Charset charset, int bom, String name) {
        static Encoding detect(byte[] s) {
            if (s.length >= 3 && (s[0] & 0xff) == 0xEF && (s[1] & 0xff) == 0xBB && (s[2] & 0xff) == 0xBF) {
                return new Encoding(StandardCharsets.UTF_8, 3, "utf-8-sig");
            }
            if (s.length >= 2 && (s[0] & 0xff) == 0xFF && (s[1] & 0xff) == 0xFE) return new Encoding(StandardCharsets.UTF_16LE, 2, "utf-16-le");
            if (s.length >= 2 && (s[0] & 0xff) == 0xFE && (s[1] & 0xff) == 0xFF) return new Encoding(StandardCharsets.UTF_16BE, 2, "utf-16-be");
            return validUtf8(s) ? new Encoding(StandardCharsets.UTF_8, 0, "utf-8") : new Encoding(StandardCharsets.ISO_8859_1, 0, "latin-1");
        }

        /** Valid UTF-8, allowing a multi-byte sequence cut by the end of the sample. */
        static boolean validUtf8(byte[] s) {
            int i = 0, n = s.length;
            while (i < n) {
                int b = s[i] & 0xff;
                int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
                if (extra < 0) return false;
                if (b == 0xC0 || b == 0xC1 || b > 0xF4) return false;
                for (int k = 1; k <= extra; k++) {
                    if (i + k >= n) return true;
                    if ((s[i + k] & 0xC0) != 0x80) return false;
                }
                i += extra + 1;
            }
            return true;
        }
    }
}
