package dev.vitrine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Edits the {@code api} settings inside an existing clearml.conf text and leaves every other byte
 * as it was: comments, order, spacing, the {@code sdk} section and anything Vitrine does not know.
 * Only the values of {@code api.web_server}, {@code api_server}, {@code files_server},
 * {@code verify_certificate} and {@code credentials.access_key/secret_key} are replaced, or added
 * where missing. A small HOCON scanner (strings, triple-quoted strings, {@code #} and
 * {@code //} comments, nested objects and lists) finds them; unquoted values such as
 * {@code http://host:8008} are read to the end of their line, as the SDK's parser reads them.
 */
final class ConfEditor {

    private ConfEditor() {}

    /** One direct child of an object: {@code key}, where its value is, and whether it is an object. */
    record Entry(String key, int keyStart, int valueStart, int valueEnd, boolean object) {
        /** For an object: the position just after its '{' and of its '}'. */
        int bodyStart() {
            return valueStart + 1;
        }

        int bodyEnd() {
            return valueEnd - 1;
        }
    }

    /** The settings as they go into the text. */
    static String apply(String text, ServerSettings s) {
        ServerSettings r = s.resolved();
        String[][] scalars = {
                {"web_server", ConfigWriter.quote(r.webServer())},
                {"api_server", ConfigWriter.quote(r.apiServer())},
                {"files_server", ConfigWriter.quote(r.filesServer())},
                {"verify_certificate", String.valueOf(r.verifyCertificate())}};
        String[][] creds = {
                {"access_key", ConfigWriter.quote(r.credentials().accessKey())},
                {"secret_key", ConfigWriter.quote(r.credentials().secretKey())}};
        StringBuilder out = new StringBuilder(text);
        List<Entry> top = children(text, 0, text.length());
        Optional<Entry> api = last(top, "api", true);
        if (api.isEmpty()) {
            // none yet (or only flat api.x keys, which a later block overrides): append one
            String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            out.append(sep).append(ConfigWriter.renderApi(s));
            return out.toString();
        }
        // edits go from the end of the text backwards, so earlier positions stay valid
        List<int[]> spans = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Entry a = api.get();
        List<Entry> inApi = children(text, a.bodyStart(), a.bodyEnd());
        StringBuilder missing = new StringBuilder();
        for (String[] kv : scalars) {
            Optional<Entry> e = last(inApi, kv[0], false);
            if (e.isPresent()) {
                spans.add(new int[] {e.get().valueStart(), e.get().valueEnd()});
                values.add(kv[1]);
            } else {
                missing.append("  ").append(kv[0]).append(": ").append(kv[1]).append("\n");
            }
        }
        Optional<Entry> c = last(inApi, "credentials", true);
        if (c.isPresent()) {
            List<Entry> inCreds = children(text, c.get().bodyStart(), c.get().bodyEnd());
            StringBuilder missingCreds = new StringBuilder();
            for (String[] kv : creds) {
                Optional<Entry> e = last(inCreds, kv[0], false);
                if (e.isPresent()) {
                    spans.add(new int[] {e.get().valueStart(), e.get().valueEnd()});
                    values.add(kv[1]);
                } else {
                    missingCreds.append("    \"").append(kv[0]).append("\" = ").append(kv[1]).append("\n");
                }
            }
            if (missingCreds.length() > 0) {
                spans.add(new int[] {c.get().bodyEnd(), c.get().bodyEnd()});
                values.add(lineStart(text, c.get().bodyEnd()) ? missingCreds.toString() : "\n" + missingCreds);
            }
        } else {
            missing.append("  credentials {\n");
            for (String[] kv : creds) missing.append("    \"").append(kv[0]).append("\" = ").append(kv[1]).append("\n");
            missing.append("  }\n");
        }
        if (missing.length() > 0) {
            spans.add(new int[] {a.bodyEnd(), a.bodyEnd()});
            values.add(lineStart(text, a.bodyEnd()) ? missing.toString() : "\n" + missing);
        }
        Integer[] order = new Integer[spans.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(spans.get(y)[0], spans.get(x)[0]));
        for (int i : order) out.replace(spans.get(i)[0], spans.get(i)[1], values.get(i));
        return out.toString();
    }

    /** Whether only spaces stand between the start of the line and {@code pos}. */
    private static boolean lineStart(String text, int pos) {
        for (int i = pos - 1; i >= 0; i--) {
            char ch = text.charAt(i);
            if (ch == '\n') return true;
            if (ch != ' ' && ch != '\t') return false;
        }
        return true;
    }

    private static Optional<Entry> last(List<Entry> entries, String key, boolean object) {
        Entry found = null;
        for (Entry e : entries) if (e.key().equals(key) && e.object() == object) found = e;
        return Optional.ofNullable(found);
    }

    /**
     * The direct children of the object body {@code text[from, to)}.
     *
     * @throws ConfigException when the text is not HOCON this scanner can follow
     */
    static List<Entry> children(String text, int from, int to) {
        List<Entry> out = new ArrayList<>();
        int i = from;
        while (true) {
            i = skipBlank(text, i, to, true);
            if (i >= to) return out;
            char ch = text.charAt(i);
            if (ch == ',') {
                i++;
                continue;
            }
            int keyStart = i;
            String key;
            if (ch == '"') {
                int end = stringEnd(text, i, to);
                key = text.substring(i + 1, end - 1);
                i = end;
            } else {
                int s = i;
                while (i < to && " \t\r\n:={}[],#\"".indexOf(text.charAt(i)) < 0 && !text.startsWith("//", i)) i++;
                if (i == s) throw new ConfigException("Unexpected '" + ch + "' at line " + line(text, i) + " of the configuration");
                key = text.substring(s, i);
            }
            i = skipBlank(text, i, to, false);
            if (i < to && (text.charAt(i) == ':' || text.charAt(i) == '=')) {
                i = skipBlank(text, i + 1, to, false);
            }
            if (i >= to) throw new ConfigException("No value for '" + key + "' at line " + line(text, keyStart) + " of the configuration");
            char v = text.charAt(i);
            if (v == '{' || v == '[') {
                int end = matching(text, i, to);
                out.add(new Entry(key, keyStart, i, end, v == '{'));
                i = end;
            } else {
                int end = scalarEnd(text, i, to);
                out.add(new Entry(key, keyStart, i, end, false));
                i = end;
            }
        }
    }

    /** After whitespace and comments (and newlines when {@code lines}). */
    private static int skipBlank(String text, int i, int to, boolean lines) {
        while (i < to) {
            char ch = text.charAt(i);
            if (ch == ' ' || ch == '\t' || ch == '\r' || (lines && ch == '\n')) {
                i++;
            } else if (ch == '#' || text.startsWith("//", i)) {
                if (!lines) return i;
                while (i < to && text.charAt(i) != '\n') i++;
            } else {
                return i;
            }
        }
        return i;
    }

    /** The end (exclusive) of a quoted or triple-quoted string starting at {@code i}. */
    private static int stringEnd(String text, int i, int to) {
        if (text.startsWith("\"\"\"", i)) {
            int end = text.indexOf("\"\"\"", i + 3);
            if (end < 0 || end + 3 > to) throw new ConfigException("Unclosed \"\"\" string at line " + line(text, i) + " of the configuration");
            end += 3;
            while (end < to && text.charAt(end) == '"') end++;
            return end;
        }
        for (int j = i + 1; j < to; j++) {
            char ch = text.charAt(j);
            if (ch == '\\') j++;
            else if (ch == '"') return j + 1;
            else if (ch == '\n') break;
        }
        throw new ConfigException("Unclosed string at line " + line(text, i) + " of the configuration");
    }

    /** The end (exclusive) of the object or list opening at {@code i}. */
    private static int matching(String text, int i, int to) {
        int depth = 0;
        int j = i;
        while (j < to) {
            char ch = text.charAt(j);
            if (ch == '"') {
                j = stringEnd(text, j, to);
                continue;
            }
            if (ch == '#' || (text.startsWith("//", j) && (j == 0 || Character.isWhitespace(text.charAt(j - 1)) || "{[,".indexOf(text.charAt(j - 1)) >= 0))) {
                while (j < to && text.charAt(j) != '\n') j++;
                continue;
            }
            if (ch == '{' || ch == '[') depth++;
            if (ch == '}' || ch == ']') {
                depth--;
                if (depth == 0) return j + 1;
            }
            j++;
        }
        throw new ConfigException("Unclosed '" + text.charAt(i) + "' opened at line " + line(text, i) + " of the configuration");
    }

    /**
     * The end of a scalar: a quoted string, or an unquoted value up to the end of its line, a
     * comment after a space, a comma or the enclosing '}'.
     */
    private static int scalarEnd(String text, int i, int to) {
        if (text.charAt(i) == '"') return stringEnd(text, i, to);
        int j = i;
        while (j < to) {
            char ch = text.charAt(j);
            if (ch == '\n' || ch == ',' || ch == '}' || ch == ']') break;
            if ((ch == '#' || text.startsWith("//", j)) && j > i && Character.isWhitespace(text.charAt(j - 1))) break;
            j++;
        }
        while (j > i && Character.isWhitespace(text.charAt(j - 1))) j--;
        return j;
    }

    private static int line(String text, int pos) {
        int n = 1;
        for (int k = 0; k < pos && k < text.length(); k++) if (text.charAt(k) == '\n') n++;
        return n;
    }
}
