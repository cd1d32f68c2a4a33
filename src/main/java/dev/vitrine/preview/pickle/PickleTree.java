package dev.vitrine.preview.pickle;

import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** How a decoded pickle value is shown: its Python type name, a one-line preview and its children. */
public final class PickleTree {
    private PickleTree() {}

    /** Python's type name for a decoded value ("dict", "list", "int", "DataFrame"). */
    public static String typeName(Object v) {
        if (v == null) return "NoneType";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) return "int";
        if (v instanceof Double || v instanceof Float) return "float";
        if (v instanceof String) return "str";
        if (v instanceof byte[]) return "bytes";
        if (v instanceof Object[]) return "tuple";
        if (v instanceof Map) return "dict";
        if (v instanceof List) return "list";
        if (v instanceof java.util.Set) return "set";
        if (v instanceof PyObject) return ((PyObject) v).simpleName();
        if (v instanceof PyGlobal) return "class";
        if (v instanceof net.razorvine.pickle.objects.ComplexNumber) return "complex";
        return v.getClass().getSimpleName();
    }

    /** Children as (label, value): dict items by key repr, list/tuple items by index, an object's args/state/items. */
    public static List<Map.Entry<String, Object>> children(Object v) {
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        if (v instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) out.add(entry(keyText(e.getKey()), e.getValue()));
        } else if (v instanceof Object[]) {
            Object[] a = (Object[]) v;
            for (int i = 0; i < a.length; i++) out.add(entry(String.valueOf(i), a[i]));
        } else if (v instanceof Collection) {
            int i = 0;
            for (Object o : (Collection<?>) v) out.add(entry(String.valueOf(i++), o));
        } else if (v instanceof PyObject) {
            PyObject o = (PyObject) v;
            if (!o.args().isEmpty()) out.add(entry("(args)", o.args().toArray()));
            if (o.state() != null) {
                if (o.state() instanceof Map) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) o.state()).entrySet()) out.add(entry(keyText(e.getKey()), e.getValue()));
                } else {
                    out.add(entry("(state)", o.state()));
                }
            }
            for (Map.Entry<Object, Object> e : o.items().entrySet()) out.add(entry("[" + keyText(e.getKey()) + "]", e.getValue()));
            for (int i = 0; i < o.listItems().size(); i++) out.add(entry("[" + i + "]", o.listItems().get(i)));
        }
        return out;
    }

    public static int size(Object v) {
        if (v instanceof Map) return ((Map<?, ?>) v).size();
        if (v instanceof Object[]) return ((Object[]) v).length;
        if (v instanceof Collection) return ((Collection<?>) v).size();
        if (v instanceof String) return ((String) v).length();
        if (v instanceof byte[]) return ((byte[]) v).length;
        if (v instanceof PyObject) return children(v).size();
        return 1;
    }

    public static boolean isLeaf(Object v) {
        return !(v instanceof Map || v instanceof Object[] || v instanceof Collection || v instanceof PyObject);
    }

    private static Map.Entry<String, Object> entry(String k, Object v) {
        return new AbstractMap.SimpleImmutableEntry<>(k, v);
    }

    static String keyText(Object k) {
        if (k instanceof String) return (String) k;
        return repr(k, 80);
    }

    /** A short Python-like repr, cut at {@code max} characters. */
    public static String repr(Object v, int max) {
        StringBuilder sb = new StringBuilder();
        repr(v, sb, max, 0);
        return sb.length() > max ? sb.substring(0, Math.max(0, max - 1)) + "…" : sb.toString();
    }

    private static void repr(Object v, StringBuilder sb, int max, int depth) {
        if (sb.length() > max) return;
        if (v == null) sb.append("None");
        else if (v instanceof Boolean) sb.append((Boolean) v ? "True" : "False");
        else if (v instanceof String) sb.append('\'').append(((String) v).replace("\n", "\\n")).append('\'');
        else if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            sb.append("b'");
            for (int i = 0; i < Math.min(b.length, max); i++) {
                int c = b[i] & 0xff;
                if (c >= 32 && c < 127 && c != '\'' && c != '\\') sb.append((char) c); else sb.append(String.format("\\x%02x", c));
            }
            sb.append('\'');
        } else if (v instanceof PyObject) {
            PyObject o = (PyObject) v;
            sb.append(o.className()).append('(');
            if (depth < 2) {
                for (int i = 0; i < o.args().size() && sb.length() < max; i++) {
                    if (i > 0) sb.append(", ");
                    repr(o.args().get(i), sb, max, depth + 1);
                }
            } else {
                sb.append('…');
            }
            sb.append(')');
        } else if (v instanceof Map) {
            sb.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (sb.length() > max) break;
                if (i++ > 0) sb.append(", ");
                repr(e.getKey(), sb, max, depth + 1);
                sb.append(": ");
                repr(e.getValue(), sb, max, depth + 1);
            }
            sb.append('}');
        } else if (v instanceof Object[] || v instanceof Collection) {
            Collection<?> c = v instanceof Object[] ? java.util.Arrays.asList((Object[]) v) : (Collection<?>) v;
            boolean tuple = v instanceof Object[];
            sb.append(tuple ? '(' : v instanceof java.util.Set ? '{' : '[');
            int i = 0;
            for (Object o : c) {
                if (sb.length() > max) break;
                if (i++ > 0) sb.append(", ");
                repr(o, sb, max, depth + 1);
            }
            if (tuple && c.size() == 1) sb.append(',');
            sb.append(tuple ? ')' : v instanceof java.util.Set ? '}' : ']');
        } else {
            sb.append(v);
        }
    }
}
