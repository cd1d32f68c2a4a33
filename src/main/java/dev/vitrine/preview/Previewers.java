package dev.vitrine.preview;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the reader for a file by magic bytes, extension, artifact type and content type, and opens
 * it. The readers are handed in by the composition root.
 */
public final class Previewers {

    private final List<PreviewReader> readers;

    public Previewers(List<PreviewReader> readers) {
        this.readers = List.copyOf(readers);
    }

    public PreviewContent open(Path file) throws PreviewException {
        return open(file, file.getFileName().toString(), null, null);
    }

    /**
     * @param fileName     the name to judge by (an artifact's stored name may differ from the cache file's)
     * @param artifactType the artifact's type, or null
     * @param contentType  the artifact's content type, or null
     */
    public PreviewContent open(Path file, String fileName, String artifactType, String contentType) throws PreviewException {
        if (!Files.isRegularFile(file)) throw new PreviewException("No such file: " + file);
        Sniff sniff;
        try {
            sniff = Sniff.of(file, fileName, artifactType, contentType);
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (sniff.size() == 0) throw new PreviewException("The file is empty (0 bytes)");
        PreviewReader best = readers.stream()
                .filter(r -> r.score(sniff) > 0)
                .max(Comparator.comparingInt(r -> r.score(sniff)))
                .orElseThrow(() -> new UnsupportedFormatException("No viewer for " + fileName));
        return best.open(sniff);
    }
}
