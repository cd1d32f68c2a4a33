package dev.vitrine.compare;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;

/** Previews .safetensors, PyTorch zip checkpoints and HDF5 (Keras .h5) weights as tensor tables (.npz stays with the array viewer). */
public final class CheckpointReader implements PreviewReader {
    @Override
    public int score(Sniff s) {
        String f = Checkpoints.sniff(s.file(), s.head(), s.size());
        if ("safetensors".equals(f)) return 90;
        if ("torch".equals(f) || "torch-legacy".equals(f)) return 88;
        if ("h5".equals(f)) return 85;
        if ("keras".equals(f)) return 85;
        if ("gguf".equals(f) || "onnx".equals(f) || "torchscript".equals(f)) return 85; // a zip named .keras: Keras 3 requires the extension
        if (s.hasExtension(".pt", ".pth", ".safetensors", ".onnx", ".gguf")) return 25; // corrupt: still ours, to say why
        return 0;
    }

    @Override
    public PreviewContent open(Sniff sniff) throws PreviewException {
        return new CheckpointContent(Checkpoints.open(sniff.file()));
    }
}
