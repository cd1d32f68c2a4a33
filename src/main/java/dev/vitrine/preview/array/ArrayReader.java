package dev.vitrine.preview.array;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;

import java.nio.charset.StandardCharsets;

/** Reads .npy (by magic) and .npz (a zip whose first member is an .npy, or the .npz extension). */
public final class ArrayReader implements PreviewReader {

    @Override
    public int score(Sniff sniff) {
        if (sniff.startsWith(NpyHeader.MAGIC)) return 90;
        // a folder artifact zipped by the SDK (type archive) may start with a .npy: it is still a folder
        if (sniff.isZip() && "archive".equals(sniff.artifactType()) && !sniff.hasExtension(".npz")) return 0;
        if (sniff.isZip() && firstMemberIsNpy(sniff.head())) return 85;
        if (sniff.isZip() && sniff.hasExtension(".npz")) return 80;
        if (sniff.hasExtension(".npy")) return 20; // corrupt or truncated: still ours, to say why
        return 0;
    }

    static boolean firstMemberIsNpy(byte[] head) {
        if (head.length < 30) return false;
        int nameLen = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        if (30 + nameLen > head.length) return false;
        String name = new String(head, 30, nameLen, StandardCharsets.UTF_8);
        return name.endsWith(".npy");
    }

    @Override
    public PreviewContent open(Sniff sniff) throws PreviewException {
        if (sniff.isZip()) return new NpzContent(NpzFile.open(sniff.file()));
        return new ArrayContent(NpyFile.open(sniff.file()));
    }
}
