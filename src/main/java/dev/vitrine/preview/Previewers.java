package dev.vitrine.preview;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks the reader for a file by magic bytes, extension, artifact type and content type, and opens
 * it. The readers are handed in by the composition root, and so is a hold: what keeps a file from
 * being removed or replaced while a content reads it (the download cache pins its entry), released
 * by {@link #close(PreviewContent)}.
 */
public final class Previewers {

    private final List<PreviewReader> readers;
    private final Function<Path, ? extends AutoCloseable> hold;
    private final Map<PreviewContent, AutoCloseable> holds = Collections.synchronizedMap(new IdentityHashMap<>());

    public Previewers(List<PreviewReader> readers) {
        this(readers, file -> () -> { });
    }

    private Previewers(List<PreviewReader> readers, Function<Path, ? extends AutoCloseable> hold) {
        this.readers = List.copyOf(readers);
        this.hold = hold;
    }

    /** The same readers, holding each opened file with {@code hold} until its content is closed here. */
    public Previewers holding(Function<Path, ? extends AutoCloseable> hold) {
        return new Previewers(readers, hold);
    }

    /** Closes a content this opened and releases the hold on its file. */
    public void close(PreviewContent content) {
        try {
            content.close();
        } finally {
            AutoCloseable h = holds.remove(content);
            if (h != null) release(h);
        }
    }

    private static void release(AutoCloseable h) {
        try {
            h.close();
        } catch (Exception ignored) {
            // a hold that cannot be released keeps its entry until the app ends; nothing to show
        }
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
        AutoCloseable h = hold.apply(file);
        try {
            PreviewContent content = best.open(sniff);
            holds.put(content, h);
            return content;
        } catch (PreviewException | RuntimeException e) {
            release(h);
            throw e;
        }
    }
}
