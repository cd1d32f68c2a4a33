package dev.vitrine.preview.pickle;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;

/** Pickles by artifact type, content type, extension, or a protocol 2+ header. */
public final class PickleReader implements PreviewReader {
    @Override
    public int score(Sniff s) {
        if ("pickle".equals(s.artifactType()) || "application/pickle".equals(s.contentType())) return 75;
        if (s.hasExtension(".pkl", ".pickle", ".pckl")) return 70;
        byte[] h = s.head();
        if (h.length > 2 && (h[0] & 0xff) == 0x80 && h[1] >= 2 && h[1] <= 5 && !s.isZip()) return 30;
        return 0;
    }

    @Override
    public PreviewContent open(Sniff sniff) throws PreviewException {
        return PickleContent.open(sniff.file());
    }
}
