package dev.vitrine.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What every storage driver test checks last: the uploaded object comes back through the SDK cache, hash verified. */
final class CacheChecks {
    private CacheChecks() {}

    /** Fetches {@code uri} into a fresh cache under {@code cacheDir} with {@code original}'s SHA-256 and size; returns the cached file. */
    static Path fetchedThroughTheCache(StorageDrivers drivers, StorageUri uri, Path original, Path cacheDir) throws IOException {
        ArtifactCache cache = new ArtifactCache(cacheDir, 100, 0, drivers);
        try {
            ArtifactCache.Result r = cache.fetch(FetchRequest.of(uri.raw()).expecting(ArtifactCache.sha256(original), Files.size(original)));
            assertThat(r.fromCache()).isFalse();
            assertThat(r.size()).isEqualTo(Files.size(original));
            return r.path();
        } finally {
            cache.close();
        }
    }
}
