package dev.vitrine.samples;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.storage.StorageException;
import dev.vitrine.workspace.Location;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Local files of samples: remote ones through the same storage drivers and SDK-shared cache as
 * artifacts (a server's scope carries its fileserver token), session files in place.
 *
 * <p>A url is not a version: the SDK recycles file names, so the cache may hold the image an older
 * event put under the same url (EVENTS.md 10.1). Vitrine notes, beside its own cache, which event
 * each cached sample file was fetched for, and fetches again when another event asks for that url.
 * Thread-safe.
 */
public final class SampleFiles {

    private final ArtifactCache cache;
    private final LocalCopies copies;
    private final Path versions;

    /**
     * @param versions a folder of Vitrine's own (never the SDK cache) for the per-file event marks
     */
    public SampleFiles(ArtifactCache cache, LocalCopies copies, Path versions) {
        this.cache = cache;
        this.copies = copies;
        this.versions = versions;
    }

    /**
     * A complete local copy of the sample's file that holds this event's image.
     *
     * @throws StorageException with a message for the user (missing file, refused, network)
     */
    public Path fetch(Sample s) {
        Location loc = s.location();
        if (loc instanceof Location.Missing m) throw new StorageException(StorageException.Kind.NOT_FOUND, m.reason());
        if (!(loc instanceof Location.Remote r) || cache == null) return copies.localCopy(loc, null);
        String name = ArtifactCache.cacheFileName(r.uri());
        Path cached = cache.cacheFileFor(r.uri());
        String mark = s.url() + "\n" + s.timestamp().toEpochMilli() + "\n" + s.iteration();
        Path markFile = versions.resolve(name + ".event");
        boolean marked = mark.equals(read(markFile));
        if (Files.isRegularFile(cached) && !marked) {
            try {
                cache.evict(name);
            } catch (StorageException inUse) {
                // being downloaded or locked by the SDK: that copy is served, as the SDK itself would
            }
        }
        Path p = copies.localCopy(loc, null);
        if (!marked) write(markFile, mark);
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Path tmp = Files.createTempFile(p.getParent(), "mark", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // without the mark the next view fetches again: slower, never wrong
        }
    }
}
