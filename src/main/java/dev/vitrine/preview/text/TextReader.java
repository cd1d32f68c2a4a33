package dev.vitrine.preview.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.Reader;

/**
 * Text files, and JSON/YAML documents as trees. A document larger than {@link #MAX_TREE_BYTES}
 * is shown as text instead (a parsed tree costs many times the file's size in the heap).
 */
public final class TextReader implements PreviewReader {

    public static final long MAX_TREE_BYTES = 32L << 20;

    /**
     * The parsers, made on the first document parsed: Jackson and SnakeYAML are ~400 classes that
     * the window must not load before its first frame (the readers are registered at start-up).
     */
    private static final class Mappers {
        static final ObjectMapper JSON = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();

        static final ObjectMapper YAML;

        static {
            LoaderOptions lo = new LoaderOptions();
            lo.setMaxAliasesForCollections(50);
            lo.setAllowRecursiveKeys(false);
            lo.setCodePointLimit((int) MAX_TREE_BYTES);
            YAML = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(lo).build())
                    .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
            JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).build());
        }

        private Mappers() {}

        /** The document as a tree (Jackson's types are named only here, so loading the reader loads none of them). */
        static PreviewContent tree(Sniff s, boolean json, TextContent text) throws PreviewException {
            try (Reader r = java.nio.file.Files.newBufferedReader(s.file(), text.encoding().startsWith("utf-16")
                    ? (text.encoding().endsWith("le") ? java.nio.charset.StandardCharsets.UTF_16LE : java.nio.charset.StandardCharsets.UTF_16BE)
                    : text.encoding().equals("latin-1") ? java.nio.charset.StandardCharsets.ISO_8859_1 : java.nio.charset.StandardCharsets.UTF_8)) {
                r.mark(4);
                int c = r.read();
                if (c != '\uFEFF' && c != -1) r.reset();
                JsonNode root = (json ? Mappers.JSON : Mappers.YAML).readTree(r);
                if (root == null || root.isMissingNode()) root = com.fasterxml.jackson.databind.node.NullNode.instance;
                return new TreeContent(s.file(), json ? "json" : "yaml", root, text);
            } catch (IOException | RuntimeException e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                throw new PreviewException("Cannot parse " + s.fileName() + " as " + (json ? "JSON" : "YAML") + ": " + m, e);
            }
        }
    }

    private static final String[] TEXT_EXT = {".txt", ".log", ".md", ".py", ".yaml", ".yml", ".json", ".csv", ".tsv", ".ini", ".cfg",
            ".conf", ".toml", ".xml", ".html", ".sh", ".js", ".java", ".rst", ".out", ".err", ".diff", ".patch", ".jsonl", ".sql"};

    @Override
    public int score(Sniff s) {
        boolean binary = looksBinary(s.head());
        if (binary) return 0;
        if (isJson(s) && s.size() <= MAX_TREE_BYTES) return 80;
        if (isYaml(s) && s.size() <= MAX_TREE_BYTES) return 80;
        if ("string".equals(s.artifactType()) || (s.contentType() != null && s.contentType().startsWith("text/"))) return 50;
        if (s.hasExtension(TEXT_EXT)) return s.hasExtension(".csv", ".tsv") ? 10 : 50;
        return 15;
    }

    private static boolean isJson(Sniff s) {
        boolean named = s.hasExtension(".json") || "application/json".equals(s.contentType()) || "JSON".equals(s.artifactType());
        if (!named && !"dict".equals(s.artifactType())) return false;
        String h = new String(s.head(), 0, Math.min(s.head().length, 64), java.nio.charset.StandardCharsets.ISO_8859_1).replace("\u00ef\u00bb\u00bf", "").strip();
        return h.startsWith("{") || h.startsWith("[") || (named && !h.isEmpty());
    }

    private static boolean isYaml(Sniff s) {
        return s.hasExtension(".yaml", ".yml") || "application/yaml".equals(s.contentType()) || "application/x-yaml".equals(s.contentType());
    }

    @Override
    public PreviewContent open(Sniff s) throws PreviewException {
        if (looksBinary(s.head())) throw new PreviewException(s.fileName() + " holds binary data, not text");
        TextContent text = new TextContent(s.file(), s.head());
        boolean json = isJson(s), yaml = !json && isYaml(s);
        if ((json || yaml) && s.size() <= MAX_TREE_BYTES) {
            return Mappers.tree(s, json, text);
        }
        return text;
    }

    /** NUL bytes (outside UTF-16 text) mean binary. */
    static boolean looksBinary(byte[] head) {
        if (head.length >= 2 && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) return false;
        int control = 0;
        for (byte b : head) {
            if (b == 0) return true;
            int u = b & 0xff;
            if (u < 0x09 || (u > 0x0d && u < 0x20 && u != 0x1b)) control++;
        }
        return head.length > 0 && control * 10 > head.length;
    }
}
