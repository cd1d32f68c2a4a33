package dev.vitrine.storage;

import dev.vitrine.testutil.FileServerFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 12, defect 12: a resumed download asks for the version it started (If-Range), checks where
 * the server's range starts, starts over when the server sends the whole object, and never writes
 * more than the object's announced or registered size. Over the fileserver fake, which answers
 * If-Range as werkzeug does.
 */
class ResumeValidationTest {

    @TempDir Path tmp;
    FileServerFake fs;
    ArtifactCache cache;
    byte[] v1;
    byte[] v2;
    String uri;
    static final String PATH = "P/t.1/models/model.pt";

    @BeforeEach
    void start() throws IOException {
        fs = new FileServerFake(tmp.resolve("server"), null);
        StorageDrivers drivers = new StorageDrivers(HttpDriver.create(() -> null, List.of(fs.url())), new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, drivers);
        v1 = bytes(1, 1_000_000);
        v2 = bytes(2, 1_000_000);
        fs.put(PATH, v1);
        uri = fs.url() + "/" + PATH;
    }

    @AfterEach
    void stop() {
        fs.endless(false);
        cache.close();
        fs.close();
    }

    private static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private void assertNothingLeft() throws IOException {
        assertThat(cache.cacheFileFor(uri)).doesNotExist();
        if (!Files.isDirectory(cache.folder())) return;
        try (Stream<Path> s = Files.list(cache.folder())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partially"));
        }
    }

    @Test
    void anObjectReplacedBetweenADropAndTheResumeIsFetchedWholeInItsNewVersion() throws IOException {
        fs.dropNext(1, 400_000);
        fs.afterDrop(() -> {
            try {
                Path p = fs.put(PATH, v2); // same size, other bytes: a model re-saved under the same uri (no hash recorded)
                Files.setLastModifiedTime(p, FileTime.fromMillis(Files.getLastModifiedTime(p).toMillis() + 5_000));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ArtifactCache.Result r = cache.fetch(FetchRequest.of(uri));
        assertThat(fs.ifRangesSeen).isNotEmpty();
        assertThat(Files.readAllBytes(r.path())).isEqualTo(v2); // not 400 kB of v1 followed by the rest of v2
    }

    @Test
    void aServerThatIgnoresTheRangeIsReadFromTheStart() throws IOException {
        fs.dropNext(1, 400_000);
        fs.ignoreRanges(true);
        ArtifactCache.Result r = cache.fetch(FetchRequest.of(uri).expecting(null, (long) v1.length));
        assertThat(Files.readAllBytes(r.path())).isEqualTo(v1);
        assertThat(fs.fileGets.get()).isEqualTo(2);
    }

    @Test
    void aRangeThatStartsElsewhereIsRefused() throws IOException {
        fs.dropNext(1, 400_000);
        fs.shiftRangeStart(1000);
        assertThatThrownBy(() -> cache.fetch(FetchRequest.of(uri)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("from byte 401000")
                .hasMessageContaining("400000");
        assertNothingLeft();
    }

    @Test
    void anEndlessBodyStopsAtTheRegisteredSizeAndLeavesNothing() throws IOException {
        fs.endless(true);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> cache.fetch(FetchRequest.of(uri).expecting(null, (long) v1.length)))
                        .isInstanceOf(StorageException.class)
                        .hasMessageContaining("more than the expected " + v1.length + " bytes"));
        assertNothingLeft();
    }
}
