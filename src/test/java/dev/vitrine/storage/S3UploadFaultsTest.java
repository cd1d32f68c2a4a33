package dev.vitrine.storage;

import com.typesafe.config.ConfigFactory;
import dev.vitrine.testutil.FaultyHttpFront;
import dev.vitrine.testutil.S3ProxyServer;
import dev.vitrine.testutil.SelfSignedTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Multipart uploads when the server misbehaves part-way (a real S3Proxy behind a front that fails
 * chosen requests), and over https with the CA bundle named in {@code verify}.
 */
class S3UploadFaultsTest {

    @TempDir static Path tmp;
    static S3ProxyServer s3;
    static FaultyHttpFront front;
    static S3Driver driver;
    static Path big;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer(tmp.resolve("s3data"));
        s3.createBucket("flaky");
        front = new FaultyHttpFront(s3.endpoint());
        String conf = "sdk.aws.s3.credentials: [{ host: \"" + front.hostPort() + "\", key: \"" + S3ProxyServer.KEY
                + "\", secret: \"" + S3ProxyServer.SECRET + "\", secure: false }]";
        driver = new S3Driver(S3Settings.from(ConfigFactory.parseString(conf), Map.of()));
        big = tmp.resolve("big.bin");
        S3DriverTest.writeRandom(big, 40L << 20); // 5 parts of 8 MiB
    }

    @AfterAll
    static void stop() throws Exception {
        driver.close();
        front.close();
        s3.close();
    }

    @Test
    void aPartThatFailsOnceIsSentAgainAndCountedOnce() throws Exception {
        AtomicInteger failed = new AtomicInteger();
        front.faults(line -> line.startsWith("PUT /flaky/retry.bin?") && line.contains("partNumber=2") && failed.getAndIncrement() == 0
                ? new FaultyHttpFront.Fault(503, "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>")
                : null);
        AtomicLong maxSeen = new AtomicLong();
        driver.upload(big, StorageUri.parse("s3://" + front.hostPort() + "/flaky/retry.bin"),
                (done, total) -> maxSeen.accumulateAndGet(done, Math::max), null);
        assertThat(failed.get()).isEqualTo(2); // the failed attempt, then the retry that went through
        assertThat(maxSeen.get()).isEqualTo(Files.size(big)); // the failed attempt's bytes were not counted twice
        Path back = tmp.resolve("retry.back");
        s3.admin().getObject(b -> b.bucket("flaky").key("retry.bin"), back);
        assertThat(ArtifactCache.sha256(back)).isEqualTo(ArtifactCache.sha256(big));
        assertThat(front.seen()).anyMatch(l -> l.startsWith("PUT /flaky/retry.bin?") && l.contains("X-Amz-Signature"));
    }

    @Test
    void aRefusedPartFailsWithTheServersReasonAndAbortsTheUpload() {
        front.faults(line -> line.startsWith("PUT /flaky/denied.bin?") && line.contains("partNumber=3")
                ? new FaultyHttpFront.Fault(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")
                : null);
        assertThatThrownBy(() -> driver.upload(big, StorageUri.parse("s3://" + front.hostPort() + "/flaky/denied.bin"), null, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Access denied").hasMessageContaining("flaky/denied.bin")
                .hasMessageNotContaining("Signature").hasMessageNotContaining(S3ProxyServer.SECRET)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.ACCESS_DENIED));
        assertThat(front.seen().stream().filter(l -> l.startsWith("PUT /flaky/denied.bin?") && l.contains("partNumber=3"))).hasSize(1); // not retried
        assertThat(front.seen()).anyMatch(l -> l.startsWith("DELETE /flaky/denied.bin?uploadId="));
        assertThat(s3.admin().listMultipartUploads(b -> b.bucket("flaky").prefix("denied")).uploads()).isEmpty();
        assertThat(s3.admin().listObjectsV2(b -> b.bucket("flaky").prefix("denied")).contents()).isEmpty();
    }

    @Test
    void aServerThatKeepsFailingGivesUpAfterThreeAttempts() {
        front.faults(line -> line.startsWith("PUT /flaky/down.bin?") && line.contains("partNumber=1")
                ? new FaultyHttpFront.Fault(500, "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")
                : null);
        assertThatThrownBy(() -> driver.upload(big, StorageUri.parse("s3://" + front.hostPort() + "/flaky/down.bin"), null, null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("S3 server error 500")
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.SERVER));
        assertThat(front.seen().stream().filter(l -> l.startsWith("PUT /flaky/down.bin?") && l.contains("partNumber=1"))).hasSize(3);
        assertThat(s3.admin().listMultipartUploads(b -> b.bucket("flaky").prefix("down")).uploads()).isEmpty();
    }

    @Test
    void httpsEndpointWithTheCaBundleFromVerifyUploadsMultipart() throws Exception {
        try (S3ProxyServer secure = new S3ProxyServer(tmp.resolve("s3tls"), true)) {
            secure.createBucket("tls");
            String host = secure.hostPort();
            String trusted = "sdk.aws.s3.credentials: [{ host: \"" + host + "\", key: \"" + S3ProxyServer.KEY + "\", secret: \""
                    + S3ProxyServer.SECRET + "\", secure: true, verify: \"" + SelfSignedTls.caPem() + "\" }]";
            try (S3Driver tls = new S3Driver(S3Settings.from(ConfigFactory.parseString(trusted), Map.of()))) {
                StorageUri uri = StorageUri.parse("s3://" + host + "/tls/big.bin");
                tls.upload(big, uri, null, null);
                assertThat(secure.admin().headObject(b -> b.bucket("tls").key("big.bin")).eTag()).contains("-5");
                Path back = tmp.resolve("tls.back");
                tls.download(uri, back, null, null);
                assertThat(ArtifactCache.sha256(back)).isEqualTo(ArtifactCache.sha256(big));
            }
            String defaultTrust = "sdk.aws.s3.credentials: [{ host: \"" + host + "\", key: \"" + S3ProxyServer.KEY + "\", secret: \""
                    + S3ProxyServer.SECRET + "\", secure: true }]";
            try (S3Driver strict = new S3Driver(S3Settings.from(ConfigFactory.parseString(defaultTrust), Map.of()))) {
                assertThatThrownBy(() -> strict.upload(big, StorageUri.parse("s3://" + host + "/tls/refused.bin"), null, null))
                        .isInstanceOf(StorageException.class)
                        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.NETWORK));
            }
            assertThat(secure.admin().listObjectsV2(b -> b.bucket("tls").prefix("refused")).contents()).isEmpty();
        }
    }
}
