package dev.vitrine.compare;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;

/** Previews .safetensors and PyTorch zip checkpoints as tensor tables (.npz stays with the array viewer). */
public final class CheckpointReader implements PreviewReader {
    @Override
    public int score(Sniff s) {
        String f = Checkpoints.sniff(s.file(), s.head(), s.size());
        if ("safetensors".equals(f)) return 90;
        if ("torch".equals(f)) return 88;
        if (s.hasExtension(".pt", ".pth", ".safetensors")) return 25; // corrupt: still ours, to say why
        return 0;
    }

    @Override
    public PreviewContent open(Sniff sniff) throws PreviewException {
        return new CheckpointContent(Checkpoints.open(sniff.file()));
    }
}
