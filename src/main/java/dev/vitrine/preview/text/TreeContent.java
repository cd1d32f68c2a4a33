package dev.vitrine.preview.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON or YAML document as a tree of Jackson nodes (plain data only: YAML tags never construct
 * objects; integers of any size and decimals keep their exact value). Immutable and thread-safe.
 */
public final class TreeContent implements PreviewContent {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path file;
    private final String format;
    private final JsonNode root;
    private final TextContent text;

    TreeContent(Path file, String format, JsonNode root, TextContent text) {
        this.file = file;
        this.format = format;
        this.root = root;
        this.text = text;
    }

    /** "json" or "yaml". */
    public String format() {
        return format;
    }

    public Path file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** The file as text (for the formatted view and search). */
    public TextContent text() {
        return text;
    }

    /** The document pretty-printed: JSON re-indented; YAML as written. */
    public String formatted() throws PreviewException {
        if (format.equals("yaml")) return text.head().text();
        try {
            String s = PRETTY.writeValueAsString(root);
            return s.length() > TextContent.HEAD_CHARS ? s.substring(0, TextContent.HEAD_CHARS) + "\n… [cut]" : s;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PreviewException("Cannot format " + file.getFileName(), e);
        }
    }

    @Override
    public String kind() {
        return "tree";
    }

    /** Python's name for a node's type: dict, list, str, int, float, bool, null. */
    public static String typeName(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "null";
        if (n.isObject()) return "dict";
        if (n.isArray()) return "list";
        if (n.isBoolean()) return "bool";
        if (n.isIntegralNumber()) return "int";
        if (n.isNumber()) return "float";
        if (n.isBinary()) return "bytes";
        return "str";
    }

    /** A short one-line rendering of a scalar (or "{N}" / "[N]" for containers). */
    public static String preview(JsonNode n) {
        if (n.isObject()) return "{" + n.size() + "}";
        if (n.isArray()) return "[" + n.size() + "]";
        if (n.isTextual()) {
            String t = n.textValue();
            return '"' + (t.length() > 200 ? t.substring(0, 200) + "…" : t) + '"';
        }
        if (n.isNumber()) return n.numberValue().toString().equals(n.asText()) ? n.asText() : n.numberValue().toString();
        return n.asText();
    }

    @Override
    public Map<String, Object> inspect(int rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "tree");
        m.put("format", format);
        m.put("root_type", typeName(root));
        m.put("size", root.isContainerNode() ? root.size() : 1);
        m.put("outline", outline(root, Math.max(rows, 0)));
        return m;
    }

    /**
     * The first {@code limit} children of a container: {"key", "type", "size"} for containers,
     * {"key", "type", "value"} for scalars (the key is the index for a list).
     */
    public static List<Object> outline(JsonNode node, int limit) {
        List<Object> out = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext() && out.size() < limit) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(entry(e.getKey(), e.getValue()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size() && out.size() < limit; i++) out.add(entry(i, node.get(i)));
        }
        return out;
    }

    private static Map<String, Object> entry(Object key, JsonNode v) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", key);
        e.put("type", typeName(v));
        if (v.isContainerNode()) e.put("size", v.size());
        else e.put("value", v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
        return e;
    }
}
