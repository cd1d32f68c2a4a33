package dev.vitrine.storage;

import com.typesafe.config.ConfigFactory;
import dev.vitrine.testutil.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** S3Driver against a real S3 server (S3Proxy) on loopback, configured through sdk.aws.s3. */
class S3DriverTest {

    @TempDir static Path tmp;
    static S3ProxyServer s3;
    static S3Driver driver;
    static String host;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer(tmp.resolve("s3data"));
        s3.createBucket("mlbucket");
        s3.createBucket("locked");
        host = s3.hostPort();
        String conf = "sdk.aws.s3 {\n"
                + "  credentials: [\n"
                + "    { host: \"" + host + "\", key: \"" + S3ProxyServer.KEY + "\", secret: \"" + S3ProxyServer.SECRET + "\", secure: false },\n"
                + "    { host: \"" + host + "\", bucket: \"locked\", key: \"" + S3ProxyServer.KEY + "\", secret: \"wrong-secret\", secure: false }\n"
                + "  ]\n}\n";
        driver = new S3Driver(S3Settings.from(ConfigFactory.parseString(conf), Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        driver.close();
        s3.close();
    }

    @Test
    void roundTripThroughACustomEndpointWithPathStyle() throws IOException {
        Path src = Files.writeString(tmp.resolve("small.json"), "{\"x\": [1, 2, 3]}");
        StorageUri uri = StorageUri.parse("s3://" + host + "/mlbucket/clearml/P/t.1/artifacts/cfg/small.json");
        driver.upload(src, uri, null, null);
        assertThat(s3.admin().headObject(b -> b.bucket("mlbucket").key("clearml/P/t.1/artifacts/cfg/small.json")).contentType())
                .isEqualTo("application/json");
        assertThat(driver.stat(uri).size()).isEqualTo(Files.size(src));
        Path out = tmp.resolve("small.out");
        driver.download(uri, out, null, null);
        assertThat(out).hasSameTextualContentAs(src);
        try (StorageDriver.Body tail = driver.open(uri, 6)) {
            assertThat(new String(tail.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("[1, 2, 3]}");
            assertThat(tail.length()).isEqualTo(10);
        }
        driver.delete(uri);
        assertThatThrownBy(() -> driver.stat(uri)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
    }

    @Test
    void aResumeOfAReplacedObjectReadsTheNewOneFromTheStart() throws IOException {
        // #12 defect 12: the tail of another version must never be appended to the bytes already written
        StorageUri uri = StorageUri.parse("s3://" + host + "/mlbucket/resume/model.bin");
        Path v1 = Files.writeString(tmp.resolve("v1.txt"), "first version of the weights");
        driver.upload(v1, uri, null, null);
        String firstEtag;
        try (StorageDriver.Body whole = driver.open(uri, 0, null)) {
            firstEtag = whole.validator();
            assertThat(firstEtag).isNotBlank();
        }
        try (StorageDriver.Body same = driver.open(uri, 6, firstEtag)) {
            assertThat(same.start()).isEqualTo(6);
            assertThat(new String(same.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("version of the weights");
        }
        Path v2 = Files.writeString(tmp.resolve("v2.txt"), "SECOND VERSION, other bytes");
        driver.upload(v2, uri, null, null);
        try (StorageDriver.Body changed = driver.open(uri, 6, firstEtag)) {
            assertThat(changed.start()).isZero();
            assertThat(new String(changed.stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("SECOND VERSION, other bytes");
            assertThat(changed.validator()).isNotEqualTo(firstEtag);
        }
    }

    @Test
    void perBucketCredentialsAreUsedAndWrongOnesReported() throws IOException {
        s3.admin().putObject(b -> b.bucket("locked").key("a.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("secret"));
        StorageUri uri = StorageUri.parse("s3://" + host + "/locked/a.txt");
        assertThatThrownBy(() -> driver.download(uri, tmp.resolve("x"), null, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Wrong S3 credentials").hasMessageContaining("locked/a.txt")
                .hasMessageNotContaining("wrong-secret")
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.BAD_CREDENTIALS));
    }

    @Test
    void missingObjectAndBucketAreNotFound() {
        assertThatThrownBy(() -> driver.open(StorageUri.parse("s3://" + host + "/mlbucket/nope.bin"), 0)).hasMessageContaining("Not found");
        assertThatThrownBy(() -> driver.open(StorageUri.parse("s3://" + host + "/nobucket/x"), 0)).hasMessageContaining("No such bucket");
    }

    @Test
    void largeObjectGoesMultipartAndComesBackThroughTheCache() throws IOException {
        Path big = tmp.resolve("big.bin");
        writeRandom(big, 200L << 20);
        StorageUri uri = StorageUri.parse("s3://" + host + "/mlbucket/clearml/P/t.2/models/big.bin");
        long[] seen = {0};
        driver.upload(big, uri, (done, total) -> seen[0] = Math.max(seen[0], done), null);
        assertThat(seen[0]).isEqualTo(Files.size(big));
        String etag = s3.admin().headObject(b -> b.bucket("mlbucket").key("clearml/P/t.2/models/big.bin")).eTag();
        // a multipart ETag "<md5>-<parts>": 200 MiB over 16 connections = 16 parts of 13 MiB
        assertThat(etag.replace("\"", "")).endsWith("-16");

        StorageDrivers drivers = new StorageDrivers(HttpDriver.create(null, List.of()), driver, new LocalDriver(), List.of());
        Files.delete(CacheChecks.fetchedThroughTheCache(drivers, uri, big, tmp.resolve("cache")));
        Files.delete(big);
    }

    @Test
    void cancelledMultipartUploadIsAborted() throws IOException {
        Path big = tmp.resolve("cancel.bin");
        writeRandom(big, 64L << 20);
        StorageUri uri = StorageUri.parse("s3://" + host + "/mlbucket/cancelled/c.bin");
        Cancellation c = new Cancellation();
        assertThatThrownBy(() -> driver.upload(big, uri, (done, total) -> {
            if (done > (10L << 20)) c.cancel();
        }, c)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.CANCELLED));
        assertThat(s3.admin().listObjectsV2(b -> b.bucket("mlbucket").prefix("cancelled/")).contents()).isEmpty();
        assertThat(s3.admin().listMultipartUploads(b -> b.bucket("mlbucket").prefix("cancelled/")).uploads()).isEmpty();
        Files.delete(big);
    }

    @Test
    void partsGrowForLargeFilesWithinTheConfiguredBounds() {
        long mib = 1L << 20;
        assertThat(S3Driver.partSize(20 * mib, 8 * mib, 16)).isEqualTo(8 * mib);      // small: the configured chunk
        assertThat(S3Driver.partSize(1L << 30, 8 * mib, 16)).isEqualTo(64 * mib);      // 1 GiB: one round of 16 parts
        assertThat(S3Driver.partSize(100L << 30, 8 * mib, 16)).isEqualTo(64 * mib);    // capped
        assertThat(S3Driver.partSize(1L << 30, 128 * mib, 16)).isEqualTo(128 * mib);   // a larger configured chunk wins
        assertThat(S3Driver.partSize(20 * mib, mib, 16)).isEqualTo(5 * mib);           // S3's 5 MiB minimum
        long huge = 1L << 40; // 1 TiB: 64 MiB parts would be 16,384 parts
        assertThat((huge + S3Driver.partSize(huge, 8 * mib, 16) - 1) / S3Driver.partSize(huge, 8 * mib, 16)).isLessThanOrEqualTo(10_000);
    }

    static void writeRandom(Path p, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        Random r = new Random(size);
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long done = 0; done < size; done += block.length) {
                r.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }

    @SuppressWarnings("unused")
    private static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
