package dev.vitrine.storage;

import com.typesafe.config.ConfigFactory;
import dev.vitrine.testutil.FakeGcsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * gs:// against Google Cloud Storage's JSON API on loopback, with a service-account json named in
 * sdk.google.storage exchanged for a token (the JWT is verified by the server).
 */
class GcsDriverTest {

    @TempDir static Path tmp;
    static FakeGcsServer gcs;
    static GcsDriver driver;

    @BeforeAll
    static void start() throws Exception {
        gcs = new FakeGcsServer();
        gcs.createBucket("ml-bucket");
        Path sa = gcs.serviceAccountFile(tmp.resolve("creds"));
        String conf = "sdk.google.storage { project: vitrine-test, credentials_json: \"" + sa + "\", endpoint: \"" + gcs.endpoint() + "\" }";
        driver = new GcsDriver(GcsSettings.from(ConfigFactory.parseString(conf), Map.of()));
    }

    @AfterAll
    static void stop() {
        driver.close();
        gcs.close();
    }

    @Test
    void roundTripWithTheSdksContentTypeAndRangedReads() throws IOException {
        int tokensBefore = gcs.tokenRequests.get();
        Path src = Files.writeString(tmp.resolve("small.json"), "{\"x\": [1, 2, 3]}");
        StorageUri uri = StorageUri.parse("gs://ml-bucket/clearml/P/t.1/artifacts/cfg/small config.json");
        driver.upload(src, uri, null, null);
        assertThat(gcs.contentType("ml-bucket", "clearml/P/t.1/artifacts/cfg/small config.json")).isEqualTo("application/json");
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
        assertThat(gcs.tokenRequests.get() - tokensBefore).isLessThanOrEqualTo(1); // one token, reused until it expires
    }

    @Test
    void largeFileGoesInResumableChunksAFailedChunkIsResentAndTheCacheChecksItsHash() throws IOException {
        Path big = tmp.resolve("weights.bin");
        S3DriverTest.writeRandom(big, 20L << 20); // three 8 MiB chunks
        StorageUri uri = StorageUri.parse("gs://ml-bucket/clearml/P/t.2/models/weights.bin");
        gcs.failChunks.set(1);
        long[] seen = {0};
        driver.upload(big, uri, (done, total) -> seen[0] = Math.max(seen[0], done), null);
        assertThat(seen[0]).isEqualTo(Files.size(big));
        assertThat(gcs.get("ml-bucket", "clearml/P/t.2/models/weights.bin")).isEqualTo(Files.readAllBytes(big));
        StorageDrivers drivers = new StorageDrivers(HttpDriver.create(null, List.of()), new S3Driver(S3Settings.empty()),
                new AzureDriver(AzureSettings.empty()), driver, new LocalDriver(), List.of());
        CacheChecks.fetchedThroughTheCache(drivers, uri, big, tmp.resolve("cache"));
    }

    @Test
    void aCancelledUploadStoresNothingAndClosesItsSession() throws IOException {
        Path big = tmp.resolve("cancel.bin");
        S3DriverTest.writeRandom(big, 24L << 20);
        StorageUri uri = StorageUri.parse("gs://ml-bucket/cancelled/c.bin");
        Cancellation c = new Cancellation();
        assertThatThrownBy(() -> driver.upload(big, uri, (done, total) -> {
            if (done >= (8L << 20)) c.cancel();
        }, c)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.CANCELLED));
        assertThat(gcs.get("ml-bucket", "cancelled/c.bin")).isNull();
        assertThat(gcs.openSessions()).isZero();
    }

    @Test
    void missingBucketBadKeyAndNoCredentialsAreSaidPlainly() throws Exception {
        assertThatThrownBy(() -> driver.open(StorageUri.parse("gs://no-bucket/a.bin"), 0)).hasMessageContaining("Not found")
                .hasMessageContaining("bucket does not exist");
        // a key the server does not trust: the token exchange is refused
        try (FakeGcsServer other = new FakeGcsServer()) {
            Path foreign = other.serviceAccountFile(tmp.resolve("foreign"));
            String text = Files.readString(foreign).replace(other.endpoint(), gcs.endpoint());
            Files.writeString(foreign, text);
            String conf = "sdk.google.storage { credentials_json: \"" + foreign + "\", endpoint: \"" + gcs.endpoint() + "\" }";
            try (GcsDriver bad = new GcsDriver(GcsSettings.from(ConfigFactory.parseString(conf), Map.of()))) {
                assertThatThrownBy(() -> bad.stat(StorageUri.parse("gs://ml-bucket/a.bin")))
                        .hasMessageContaining("Google Cloud refused the credentials").hasMessageNotContaining("PRIVATE KEY")
                        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.BAD_CREDENTIALS));
            }
        }
        String missing = "sdk.google.storage { credentials_json: \"" + tmp.resolve("nope.json") + "\" }";
        try (GcsDriver none = new GcsDriver(GcsSettings.from(ConfigFactory.parseString(missing), Map.of()))) {
            assertThatThrownBy(() -> none.stat(StorageUri.parse("gs://ml-bucket/a.bin")))
                    .hasMessageContaining("Cannot read the Google Cloud credentials file");
        }
    }

    @Test
    void sdkMatchingRules() {
        GcsSettings s = GcsSettings.from(ConfigFactory.parseString("sdk.google.storage { project: p0, credentials_json: /d.json,"
                + " credentials: [ {bucket: b, subdir: team, credentials_json: /team.json}, {bucket: b, project: p2, credentials_json: /b.json} ] }"),
                Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/env.json"));
        assertThat(s.resolve(StorageUri.parse("gs://b/team/x.bin")).credentialsJson()).isEqualTo("/team.json");
        assertThat(s.resolve(StorageUri.parse("gs://b/other/x.bin")).credentialsJson()).isEqualTo("/b.json");
        assertThat(s.resolve(StorageUri.parse("gs://b/other/x.bin")).project()).isEqualTo("p2");
        assertThat(s.resolve(StorageUri.parse("gs://c/x.bin")).credentialsJson()).isEqualTo("/d.json");
        assertThat(GcsSettings.from(ConfigFactory.empty(), Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/env.json"))
                .resolve(StorageUri.parse("gs://c/x.bin")).credentialsJson()).isEqualTo("/env.json");
        assertThat(s.resolve(StorageUri.parse("gs://c/a/b.bin")).object()).isEqualTo("a/b.bin");
        // bucket and subdir end on a path boundary: another bucket or folder starting alike gets the defaults
        assertThat(s.resolve(StorageUri.parse("gs://b/teamx/x.bin")).credentialsJson()).isEqualTo("/b.json");
        assertThat(s.resolve(StorageUri.parse("gs://b2/x.bin")).credentialsJson()).isEqualTo("/d.json");
    }
}
