package dev.vitrine.preview.array;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal an .npy header holds: dicts, lists, tuples (as lists), quoted strings,
 * integers, True/False/None. Nothing else, and nothing is evaluated. Nesting is bounded.
 */
final class PyLiteral {
    private final String s;
    private int pos;
    private int depth;

    private PyLiteral(String s) {
        this.s = s;
    }

    static Object parse(String text) throws ArrayFormatException {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value();
        p.ws();
        if (p.pos < p.s.length()) throw p.error("unexpected text after the header dict");
        return v;
    }

    private ArrayFormatException error(String what) {
        return new ArrayFormatException("Corrupt .npy header: " + what + " at character " + pos);
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private Object value() throws ArrayFormatException {
        ws();
        if (pos >= s.length()) throw error("unexpected end");
        if (++depth > 32) throw error("nesting too deep");
        try {
            char c = s.charAt(pos);
            if (c == '{') return dict();
            if (c == '[') return seq(']');
            if (c == '(') return seq(')');
            if (c == '\'' || c == '"') return string();
            if (c == '-' || c == '+' || Character.isDigit(c)) return number();
            if (s.startsWith("True", pos)) { pos += 4; return Boolean.TRUE; }
            if (s.startsWith("False", pos)) { pos += 5; return Boolean.FALSE; }
            if (s.startsWith("None", pos)) { pos += 4; return null; }
            throw error("unexpected '" + c + "'");
        } finally {
            depth--;
        }
    }

    private Map<String, Object> dict() throws ArrayFormatException {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        while (true) {
            ws();
            if (pos < s.length() && s.charAt(pos) == '}') { pos++; return m; }
            Object k = value();
            ws();
            expect(':');
            Object v = value();
            m.put(String.valueOf(k), v);
            ws();
            if (pos < s.length() && s.charAt(pos) == ',') { pos++; continue; }
            expect('}');
            return m;
        }
    }

    private List<Object> seq(char close) throws ArrayFormatException {
        pos++;
        List<Object> l = new ArrayList<>();
        while (true) {
            ws();
            if (pos < s.length() && s.charAt(pos) == close) { pos++; return l; }
            l.add(value());
            ws();
            if (pos < s.length() && s.charAt(pos) == ',') { pos++; continue; }
            expect(close);
            return l;
        }
    }

    private void expect(char c) throws ArrayFormatException {
        if (pos >= s.length() || s.charAt(pos) != c) throw error("expected '" + c + "'");
        pos++;
    }

    private String string() throws ArrayFormatException {
        char q = s.charAt(pos++);
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == q) return b.toString();
            if (c == '\\' && pos < s.length()) {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'x': b.append((char) hex(2)); break;
                    case 'u': b.append((char) hex(4)); break;
                    case 'U': b.appendCodePoint(hex(8)); break;
                    default: b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        throw error("unterminated string");
    }

    private int hex(int n) throws ArrayFormatException {
        if (pos + n > s.length()) throw error("bad escape");
        try {
            int v = Integer.parseUnsignedInt(s.substring(pos, pos + n), 16);
            pos += n;
            return v;
        } catch (NumberFormatException e) {
            throw error("bad escape");
        }
    }

    private Object number() throws ArrayFormatException {
        int start = pos;
        if (s.charAt(pos) == '-' || s.charAt(pos) == '+') pos++;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
        if (pos < s.length() && s.charAt(pos) == 'L') pos++;
        String t = s.substring(start, pos).replace("L", "");
        if (t.equals("-") || t.equals("+") || t.length() > 40) throw error("bad number");
        return new BigInteger(t);
    }
}
