package dev.vitrine.preview.pickle;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An opened pickle (kind "tree", format "pickle"): always its static {@link PickleScan}; the decoded
 * object tree only when the scan found nothing that could run code and the file is small enough.
 * Immutable after {@link #open}; thread-safe.
 */
public final class PickleContent implements PreviewContent {

    /** Pickles above this size are scanned but not decoded into a tree. */
    public static final long DECODE_CAP = 64L << 20;

    private final String name;
    private final PickleScan scan;
    private final Object root;
    private final String refusal;

    private PickleContent(String name, PickleScan scan, Object root, String refusal) {
        this.name = name;
        this.scan = scan;
        this.root = root;
        this.refusal = refusal;
    }

    /** Scans, then decodes unless refused. Blocks; never executes anything from the file. */
    public static PickleContent open(Path file) throws PreviewException {
        String name = file.getFileName().toString();
        try {
            long size = Files.size(file);
            if (size == 0) throw new PreviewException("The file is empty (0 bytes)");
            if (size > DECODE_CAP) {
                PickleScan scan;
                try (InputStream in = Files.newInputStream(file)) {
                    scan = PickleScanner.scan(new java.io.BufferedInputStream(in, 1 << 16), size);
                }
                return new PickleContent(name, scan, null, refusal(scan, "The pickle is " + (size >> 20) + " MB: only its scan is shown"));
            }
            byte[] bytes = Files.readAllBytes(file);
            PickleScan scan = PickleScanner.scan(bytes);
            String refused = refusal(scan, null);
            if (refused != null) return new PickleContent(name, scan, null, refused);
            try {
                return new PickleContent(name, scan, new PickleDecoder().decode(bytes), null);
            } catch (IOException | StackOverflowError e) {
                return new PickleContent(name, scan, null, "The pickle could not be decoded: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static String refusal(PickleScan scan, String otherwise) {
        if (scan.referencesCodeExecution()) {
            return "Refused: loading this pickle would call " + String.join(", ", scan.dangerous().stream()
                    .map(g -> g.replace(' ', '.')).toList()) + ", which can run code. Vitrine shows its static scan only.";
        }
        if (!scan.complete()) return "Not a valid pickle: " + scan.error();
        return otherwise;
    }

    public String name() { return name; }

    public PickleScan scan() { return scan; }

    /** Why the tree is not available (dangerous, corrupt, too large), or null when it is. */
    public String refusal() { return refusal; }

    /** The decoded root value (see {@link PickleDecoder} for the Java types). */
    public Object root() throws PreviewException {
        if (refusal != null) throw new PreviewException(refusal);
        return root;
    }

    /** "pandas DataFrame", "numpy ndarray", ... from the pickle's globals, or null. */
    public String describes() {
        return scan.describes();
    }

    @Override
    public String kind() {
        return "tree";
    }

    @Override
    public Map<String, Object> inspect(int rows) throws PreviewException {
        Object r = root();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "tree");
        m.put("format", "pickle");
        m.put("root_type", PickleTree.typeName(r));
        m.put("size", PickleTree.size(r));
        List<String> outline = new ArrayList<>();
        List<Map.Entry<String, Object>> kids = PickleTree.children(r);
        for (int i = 0; i < Math.min(rows, kids.size()); i++) {
            Map.Entry<String, Object> e = kids.get(i);
            outline.add(e.getKey() + ": " + PickleTree.typeName(e.getValue()) + " = " + PickleTree.repr(e.getValue(), 60));
        }
        if (PickleTree.isLeaf(r)) outline.add(PickleTree.repr(r, 200));
        m.put("outline", outline);
        m.put("describes", describes());
        m.put("scan", scanJson(scan));
        return m;
    }

    /** The scan in the corpus manifest's {@code pickle_scan} shape. */
    public static Map<String, Object> scanJson(PickleScan s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", s.protocol());
        m.put("opcodes", s.opcodes());
        m.put("reduce_ops", s.reduceOps());
        m.put("build_ops", s.buildOps());
        m.put("persistent_ids", s.persistentIds());
        m.put("globals", s.globals());
        m.put("references_code_execution", s.referencesCodeExecution());
        return m;
    }
}
