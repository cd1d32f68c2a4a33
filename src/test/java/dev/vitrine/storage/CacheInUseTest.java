package dev.vitrine.storage;

import dev.vitrine.testutil.FileServerFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12, defects 11 and 15: the cache never removes or replaces what an open preview reads, and
 * a move into the cache that fails is reported as what it is, leaving no {@code .partially} file.
 */
class CacheInUseTest {

    @TempDir Path tmp;
    FileServerFake fs;
    StorageDrivers drivers;
    ArtifactCache cache;
    byte[] older;
    byte[] newer;
    String uri;

    @BeforeEach
    void start() throws IOException {
        fs = new FileServerFake(tmp.resolve("server"), "tok");
        drivers = new StorageDrivers(HttpDriver.create(() -> "tok", List.of(fs.url())), new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
        older = bytes(1, 300_000);
        newer = bytes(2, 300_000);
        uri = fs.url() + "/P/t.1/artifacts/table/table.csv";
    }

    @AfterEach
    void stop() {
        if (cache != null) cache.close();
        fs.close();
    }

    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private String sha(byte[] b) throws IOException {
        Path f = Files.write(tmp.resolve("sha-" + System.nanoTime()), b);
        return ArtifactCache.sha256(f);
    }

    private List<String> partials() throws IOException {
        if (!Files.isDirectory(cache.folder())) return List.of();
        try (Stream<Path> s = Files.list(cache.folder())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partially")).toList();
        }
    }

    // ------------------------------------------------------------------ defect 15

    @Test
    void aMoveThatFailsIsReportedAndLeavesNoPartialFile() throws IOException {
        // Windows refuses to replace a file another program has open: the rename fails with the old version in place
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, s -> drivers, (from, to) -> {
            throw new AccessDeniedException(to.toString());
        });
        fs.put("P/t.1/artifacts/table/table.csv", newer);
        Files.createDirectories(cache.folder());
        Path target = cache.cacheFileFor(uri);
        Files.write(target, older);

        assertThatThrownBy(() -> cache.fetch(FetchRequest.of(uri).expecting(sha(newer), (long) newer.length)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot place")
                .hasMessageContaining("access denied");
        assertThat(partials()).isEmpty();
        assertThat(Files.readAllBytes(target)).isEqualTo(older); // the old version untouched, and not served as the new one
    }

    @Test
    void anotherProcessPublishingTheSameBytesFirstIsASuccess() throws IOException {
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, s -> drivers, (from, to) -> {
            Files.copy(from, to); // the SDK renamed its own identical download into place first
            throw new FileSystemException(to.toString(), null, "File exists");
        });
        fs.put("P/t.1/artifacts/table/table.csv", newer);
        ArtifactCache.Result r = cache.fetch(FetchRequest.of(uri).expecting(sha(newer), null));
        assertThat(Files.readAllBytes(r.path())).isEqualTo(newer);
        assertThat(partials()).isEmpty();
    }

    // ------------------------------------------------------------------ defect 11

    @Test
    void evictClearAndTheLimitSkipAPinnedEntryAndSaySo() throws IOException {
        cache = new ArtifactCache(tmp.resolve("cache"), 1, 0, drivers);
        fs.put("P/t.1/artifacts/table/table.csv", older);
        Path open = cache.fetch(FetchRequest.of(uri)).path();
        Files.setLastModifiedTime(open, FileTime.fromMillis(0)); // the oldest: first in line for the LRU
        try (CacheLease lease = cache.pin(open)) {
            assertThatThrownBy(() -> cache.evict(open.getFileName().toString()))
                    .hasMessageContaining("Open in a preview");
            assertThat(cache.clear()).isZero();
            assertThat(cache.entries()).extracting(CacheEntry::name).containsExactly(open.getFileName().toString());
            fs.put("P/other.bin", newer);
            cache.fetch(FetchRequest.of(fs.url() + "/P/other.bin")); // over the limit of 1: the cleanup runs
            assertThat(open).exists();
            assertThat(Files.readAllBytes(open)).isEqualTo(older);
        }
        cache.evict(open.getFileName().toString()); // released: removable again
        assertThat(open).doesNotExist();
    }

    @Test
    void aNewerVersionIsPublishedBesideAPinnedFileNotOverIt() throws IOException {
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, drivers);
        fs.put("P/t.1/artifacts/table/table.csv", older);
        Path open = cache.fetch(FetchRequest.of(uri).expecting(sha(older), null)).path();
        fs.put("P/t.1/artifacts/table/table.csv", newer); // the running task re-uploaded it
        Path besideCopy;
        try (CacheLease lease = cache.pin(open)) {
            ArtifactCache.Result again = cache.fetch(FetchRequest.of(uri).expecting(sha(newer), null));
            besideCopy = again.path();
            assertThat(besideCopy).isNotEqualTo(open);
            assertThat(Files.readAllBytes(besideCopy)).isEqualTo(newer);
            assertThat(Files.readAllBytes(open)).isEqualTo(older); // what the preview reads did not change under it
            try (CacheLease second = cache.pin(besideCopy)) {
                assertThat(besideCopy).exists();
            }
            assertThat(besideCopy).doesNotExist(); // a copy beside lives as long as someone reads it
        }
        ArtifactCache.Result latest = cache.fetch(FetchRequest.of(uri).expecting(sha(newer), null));
        assertThat(latest.path()).isEqualTo(open); // released: the SDK's name gets the new version
        assertThat(Files.readAllBytes(open)).isEqualTo(newer);
        assertThat(partials()).isEmpty();
    }

    @Test
    void aPreviewPinsItsFileUntilItIsClosed() throws Exception {
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, drivers);
        fs.put("P/t.1/artifacts/notes/notes.txt", "first line\nsecond line\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path file = cache.fetch(FetchRequest.of(fs.url() + "/P/t.1/artifacts/notes/notes.txt")).path();
        dev.vitrine.preview.Previewers previewers = dev.vitrine.preview.standard.StandardReaders.previewers().holding(cache::pin);
        dev.vitrine.preview.PreviewContent content = previewers.open(file, "notes.txt", null, null);
        assertThatThrownBy(() -> cache.evict(file.getFileName().toString())).hasMessageContaining("Open in a preview");
        previewers.close(content);
        cache.evict(file.getFileName().toString());
        assertThat(file).doesNotExist();
    }
}
