package dev.vitrine.compare;

import java.nio.file.Path;

/**
 * The checkpoint formats added for model snapshots (sharded safetensors, GGUF, ONNX, TorchScript),
 * kept out of {@link Checkpoints} so that each is one class; {@link Checkpoints#sniff} and
 * {@link Checkpoints#open} ask here first. Stateless.
 */
final class MoreCheckpoints {

    private MoreCheckpoints() {}

    /** The format name when one of these readers recognises the file, else null. */
    static String sniff(Path file, byte[] head, boolean zip) {
        if (ShardedSafetensors.looksLikeIndex(file, head)) return "safetensors";
        if (GgufCheckpoints.looksLikeGguf(head)) return "gguf";
        if (!zip && OnnxCheckpoints.looksLikeOnnx(file, head)) return "onnx";
        return null;
    }

    /** The opened checkpoint when one of these readers recognises the file, else null (the caller goes on). */
    static Checkpoint open(Path file, byte[] head) throws CheckpointException {
        if (ShardedSafetensors.looksLikeIndex(file, head)) return ShardedSafetensors.open(file);
        if (GgufCheckpoints.looksLikeGguf(head)) return GgufCheckpoints.open(file);
        if (OnnxCheckpoints.looksLikeOnnx(file, head)) return OnnxCheckpoints.open(file);
        return null;
    }
}
