package dev.vitrine.storage;

import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.workspace.Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache over the fileserver fake: layout, complete-or-nothing under faults, sharing, LRU. */
class ArtifactCacheTest {

    @TempDir Path tmp;
    FileServerFake fs;
    ArtifactCache cache;
    byte[] data;
    String sha;
    String uri;

    @BeforeEach
    void start() throws IOException {
        fs = new FileServerFake(tmp.resolve("server"), "tok");
        StorageDrivers drivers = new StorageDrivers(HttpDriver.create(() -> "tok", List.of(fs.url())),
                new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, drivers);
        data = new byte[2_500_000];
        new java.util.Random(7).nextBytes(data);
        Path p = fs.put("Proj/t 1.abc/artifacts/arr/arr.npy", data);
        sha = ArtifactCache.sha256(p);
        uri = fs.url() + "/Proj/t%201.abc/artifacts/arr/arr.npy";
    }

    @AfterEach
    void stop() {
        cache.close();
        fs.close();
    }

    private void assertNothingPartial() throws IOException {
        if (!Files.isDirectory(cache.folder())) return;
        try (Stream<Path> s = Files.list(cache.folder())) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partially"));
        }
    }

    @Test
    void missThenHitInTheSdkLayout() throws IOException {
        ArtifactCache.Result first = cache.fetch(FetchRequest.of(uri).expecting(sha, (long) data.length));
        assertThat(first.fromCache()).isFalse();
        assertThat(first.path()).isEqualTo(tmp.resolve("cache/storage_manager/global").resolve(SdkCacheLayout.md5(uri) + ".arr.npy"));
        assertThat(Files.readAllBytes(first.path())).isEqualTo(data);
        Files.setLastModifiedTime(first.path(), FileTime.fromMillis(0));
        ArtifactCache.Result second = cache.fetch(FetchRequest.of(uri).expecting(sha, (long) data.length));
        assertThat(second.fromCache()).isTrue();
        assertThat(fs.fileGets.get()).isEqualTo(1);
        assertThat(Files.getLastModifiedTime(second.path()).toMillis()).isGreaterThan(0); // touched: the LRU signal
        assertThat(cache.entries()).singleElement().satisfies(e -> assertThat(e.sourceUri()).isEqualTo(uri));
    }

    @Test
    void aFileTheSdkCachedIsAHit() throws IOException {
        Files.createDirectories(cache.folder());
        Files.write(cache.folder().resolve(ArtifactCache.cacheFileName(uri)), data);
        assertThat(cache.fetch(FetchRequest.of(uri).expecting(sha, null)).fromCache()).isTrue();
        assertThat(fs.fileGets.get()).isZero();
        assertThat(cache.entries()).singleElement().satisfies(e -> assertThat(e.sourceUri()).isNull());
    }

    @Test
    void wrongBytesLeaveNothing() throws IOException {
        fs.corrupt(true);
        assertThatThrownBy(() -> cache.fetch(FetchRequest.of(uri).expecting(sha, (long) data.length)))
                .isInstanceOf(StorageException.class).hasMessageContaining("Checksum mismatch")
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.CHECKSUM));
        assertThat(cache.cacheFileFor(uri)).doesNotExist();
        assertNothingPartial();
    }

    @Test
    void droppedConnectionsResumeAndTheResultIsComplete() throws IOException {
        fs.dropNext(3, 700_000);
        ArtifactCache.Result r = cache.fetch(FetchRequest.of(uri).expecting(sha, (long) data.length));
        assertThat(Files.readAllBytes(r.path())).isEqualTo(data);
        assertThat(fs.rangesSeen).isNotEmpty();
        assertNothingPartial();
    }

    @Test
    void persistentFailuresLeaveNothing() throws IOException {
        fs.failNext(1000, 500);
        assertThatThrownBy(() -> cache.fetch(FetchRequest.of(uri).expecting(sha, null))).hasMessageContaining("500");
        assertThat(cache.cacheFileFor(uri)).doesNotExist();
        assertNothingPartial();
    }

    @Test
    void serverRestartMidDownloadResumes() throws Exception {
        fs.slow(20);
        CompletableFuture<ArtifactCache.Result> f = CompletableFuture.supplyAsync(() -> cache.fetch(FetchRequest.of(uri).expecting(sha, (long) data.length)));
        while (fs.fileGets.get() == 0) Thread.sleep(5);
        Thread.sleep(100);
        fs.slow(0);
        fs.restart();
        ArtifactCache.Result r = f.get(60, TimeUnit.SECONDS);
        assertThat(Files.readAllBytes(r.path())).isEqualTo(data);
        assertNothingPartial();
    }

    @Test
    void cancelLeavesNothing() throws Exception {
        fs.slow(30);
        Cancellation c = new Cancellation();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<ArtifactCache.Result> f = CompletableFuture.supplyAsync(() -> cache.fetch(FetchRequest.of(uri).expecting(sha, null).observed(
                (done, total) -> { if (done > 0) started.countDown(); }, c)));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        c.cancel();
        assertThatThrownBy(f::join).hasCauseInstanceOf(StorageException.class).hasMessageContaining("Cancelled");
        // the shared download stops and cleans its temp file
        for (int i = 0; i < 200 && hasPartial(); i++) Thread.sleep(20);
        assertNothingPartial();
        assertThat(cache.cacheFileFor(uri)).doesNotExist();
    }

    private boolean hasPartial() throws IOException {
        if (!Files.isDirectory(cache.folder())) return false;
        try (Stream<Path> s = Files.list(cache.folder())) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".partially"));
        }
    }

    @Test
    void twoRequestsShareOneDownload() throws Exception {
        fs.slow(5);
        CompletableFuture<ArtifactCache.Result> a = CompletableFuture.supplyAsync(() -> cache.fetch(FetchRequest.of(uri).expecting(sha, null)));
        while (fs.fileGets.get() == 0) Thread.sleep(2);
        CompletableFuture<ArtifactCache.Result> b = CompletableFuture.supplyAsync(() -> cache.fetch(FetchRequest.of(uri).expecting(sha, null)));
        assertThat(a.get(60, TimeUnit.SECONDS).path()).isEqualTo(b.get(60, TimeUnit.SECONDS).path());
        assertThat(fs.fileGets.get()).isEqualTo(1);
    }

    @Test
    void lruKeepsTheNewestAndRespectsSdkLocks() throws IOException {
        Files.createDirectories(cache.folder());
        for (int i = 0; i < 5; i++) {
            Path p = Files.write(cache.folder().resolve("old" + i + ".bin"), new byte[10]);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.createFile(cache.folder().resolve(".lock.000.old0.bin.clearml"));
        cache.setLimits(3, 0);
        assertThat(cache.entries()).extracting(CacheEntry::name).containsExactlyInAnyOrder("old0.bin", "old2.bin", "old3.bin", "old4.bin");
        assertThat(cache.entries()).filteredOn(CacheEntry::locked).extracting(CacheEntry::name).containsExactly("old0.bin");
        // a download runs the cleanup first and then adds its entry
        cache.fetch(FetchRequest.of(uri).expecting(sha, null));
        assertThat(cache.entries()).extracting(CacheEntry::name).contains(ArtifactCache.cacheFileName(uri), "old0.bin");
        assertThat(cache.clear()).isEqualTo(4);
        assertThat(cache.entries()).extracting(CacheEntry::name).containsExactly("old0.bin");
    }

    @Test
    void aReUploadOfTheSameSizeUnderTheSameUriIsFetchedAgain() throws IOException {
        ArtifactCache.Result first = cache.fetch(FetchRequest.of(uri).expecting(sha, (long) data.length));
        assertThat(first.fromCache()).isFalse();
        assertThat(cache.fetch(FetchRequest.of(uri).expecting(sha, (long) data.length)).fromCache()).isTrue();
        // a running task re-uploads the artifact: same uri, same size, new bytes and hash
        byte[] newer = data.clone();
        newer[0] ^= 1;
        Path p = fs.put("Proj/t 1.abc/artifacts/arr/arr.npy", newer);
        String newSha = ArtifactCache.sha256(p);
        ArtifactCache.Result again = cache.fetch(FetchRequest.of(uri).expecting(newSha, (long) newer.length));
        assertThat(again.fromCache()).isFalse();
        assertThat(Files.readAllBytes(again.path())).isEqualTo(newer);
        assertThat(cache.fetch(FetchRequest.of(uri).expecting(newSha, (long) newer.length)).fromCache()).isTrue();
    }

    @Test
    void byteBudgetEvictsOldestFirst() throws IOException {
        Files.createDirectories(cache.folder());
        for (int i = 0; i < 4; i++) {
            Path p = Files.write(cache.folder().resolve("f" + i), new byte[1000]);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        cache.setLimits(100, 2500);
        assertThat(cache.entries()).extracting(CacheEntry::name).containsExactly("f3", "f2");
        assertThat(cache.totalSize()).isLessThanOrEqualTo(2500);
    }

    @Test
    void archivesExtractBesideAsTheSdkDoes() throws IOException {
        Path zip = tmp.resolve("folder.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("a/b.txt"));
            z.write("hello".getBytes());
            z.putNextEntry(new ZipEntry("../../evil.txt"));
            z.write("x".getBytes());
            z.closeEntry();
        }
        fs.put("P/t.1/artifacts/my folder/my folder.zip", Files.readAllBytes(zip));
        String zuri = fs.url() + "/P/t.1/artifacts/my%20folder/my%20folder.zip";
        Path cached = cache.fetch(FetchRequest.of(zuri).expecting(null, null)).path();
        Path dir = cache.extract(cached, "my folder", null);
        String stem = ArtifactCache.cacheFileName(zuri);
        assertThat(dir.getFileName().toString()).isEqualTo(stem.substring(0, stem.length() - 4) + "_artifacts_archive_my folder");
        assertThat(dir.resolve("a/b.txt")).hasContent("hello");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(cache.folder().getParent().resolve("evil.txt")).doesNotExist();
        assertThat(cache.extract(cached, "my folder", null)).isEqualTo(dir);
    }

    @Test
    void tgzArchivesExtractToo() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        Files.writeString(src.resolve("x.txt"), "tar!");
        Path tgz = tmp.resolve("a.tgz");
        Process p = new ProcessBuilder("tar", "czf", tgz.toString(), "-C", tmp.resolve("src").toString(), "d").start();
        assertThat(p.waitFor()).isZero();
        Path copy = Files.createDirectories(tmp.resolve("c")).resolve("abc.a.tgz");
        Files.copy(tgz, copy);
        Path dir = cache.extract(copy, null, null);
        assertThat(dir.getFileName().toString()).isEqualTo("abc.a_artifacts_archive_None");
        assertThat(dir.resolve("d/x.txt")).hasContent("tar!");
    }

    @Test
    void localUrisAreUsedInPlace() throws IOException {
        Path f = Files.writeString(tmp.resolve("local.csv"), "a,b\n");
        ArtifactCache.Result r = cache.fetch(FetchRequest.of("file://" + f).expecting(null, null));
        assertThat(r.path()).isEqualTo(f);
        assertThat(cache.localCopy(new Location.LocalFile(f), null)).isEqualTo(f);
        assertThatThrownBy(() -> cache.fetch(FetchRequest.of("file:///nonexistent/x").expecting(null, null))).hasMessageContaining("not found");
    }

    @Test
    void cloudStoragesWithoutCredentialsSayWhatToConfigure() {
        assertThatThrownBy(() -> cache.fetch(FetchRequest.of("gs://b/k.bin").expecting(null, null))).hasMessageContaining("No Google Cloud credentials")
                .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS");
        assertThatThrownBy(() -> cache.fetch(FetchRequest.of("azure://a.blob.core.windows.net/c/k").expecting(null, null)))
                .hasMessageContaining("Missing Azure Blob Storage configuration");
        assertThat(cache.cacheFileFor("gs://b/k.bin")).doesNotExist(); // nothing partial left in the cache
    }
}
