package dev.vitrine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sharded safetensors checkpoint ({@code model.safetensors.index.json}, as Hugging Face saves
 * large models) read as one model: the index's {@code weight_map} names the shard of every tensor;
 * each shard is an ordinary safetensors file in the index's folder (a shard name that would leave the
 * folder is refused). Tensors come in shard order, then each shard's own order. Stateless.
 */
final class ShardedSafetensors {

    /** An index larger than this is refused (real ones are tens of KB). */
    static final long MAX_INDEX = 16L << 20;
    static final int MAX_SHARDS = 10_000;

    private ShardedSafetensors() {}

    /** True for a file named {@code *.safetensors.index.json} (its content is checked when it is opened). */
    static boolean looksLikeIndex(Path file, byte[] head) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".safetensors.index.json") && head.length > 0 && firstNonBlank(head) == '{';
    }

    private static int firstNonBlank(byte[] head) {
        for (byte b : head) if (!Character.isWhitespace(b)) return b;
        return -1;
    }

    static Checkpoint open(Path index) throws CheckpointException {
        String name = index.getFileName().toString();
        JsonNode root;
        try {
            if (Files.size(index) > MAX_INDEX) throw new CheckpointException(name + " is larger than " + (MAX_INDEX >> 20) + " MB: not a safetensors index");
            try (InputStream in = Files.newInputStream(index)) {
                root = new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw new CheckpointException(name + " is not a readable safetensors index: " + firstLine(e.getMessage()), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) throw new CheckpointException(name + " has no weight_map: not a safetensors index");
        Path dir = index.toAbsolutePath().getParent();
        Map<String, List<String>> byShard = new LinkedHashMap<>();
        var it = map.fields();
        while (it.hasNext()) {
            var e = it.next();
            String shard = e.getValue().asText("");
            if (!plainName(shard)) throw new CheckpointException(name + ": shard '" + shard + "' of " + e.getKey() + " is not a file in the index's folder; refused");
            byShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(e.getKey());
            if (byShard.size() > MAX_SHARDS) throw new CheckpointException(name + " names more than " + MAX_SHARDS + " shards; refused");
        }
        List<Checkpoint> opened = new ArrayList<>();
        try {
            List<Tensor> tensors = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>();
            JsonNode meta = root.get("metadata");
            if (meta != null && meta.isObject()) meta.fields().forEachRemaining(m -> values.put("metadata." + m.getKey(), m.getValue().isNumber() ? m.getValue().numberValue() : m.getValue().asText()));
            for (Map.Entry<String, List<String>> s : byShard.entrySet()) {
                Path file = dir.resolve(s.getKey());
                if (!Files.isRegularFile(file)) throw new CheckpointException(name + ": shard " + s.getKey() + " is missing beside the index");
                Checkpoint c = Checkpoints.open(file);
                opened.add(c);
                if (!"safetensors".equals(c.format())) throw new CheckpointException(name + ": shard " + s.getKey() + " is not a safetensors file");
                java.util.Set<String> wanted = new java.util.HashSet<>(s.getValue());
                for (Tensor t : c.tensors()) if (wanted.remove(t.name())) tensors.add(t);
                if (!wanted.isEmpty()) {
                    throw new CheckpointException(name + ": tensor " + wanted.iterator().next() + " is not in its shard " + s.getKey());
                }
            }
            List<Checkpoint> owned = List.copyOf(opened);
            return new Checkpoint(index, "safetensors", tensors, values, () -> owned.forEach(Checkpoint::close));
        } catch (CheckpointException | RuntimeException e) {
            opened.forEach(Checkpoint::close);
            throw e;
        }
    }

    private static boolean plainName(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0 && s.indexOf(':') < 0
                && s.indexOf('\0') < 0;
    }

    private static String firstLine(String m) {
        return m == null ? "" : m.lines().findFirst().orElse("");
    }
}
