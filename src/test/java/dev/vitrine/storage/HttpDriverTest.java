package dev.vitrine.storage;

import dev.vitrine.testutil.FileServerFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HttpDriver against a real HTTP fileserver on loopback with auth on. */
class HttpDriverTest {

    @TempDir Path tmp;
    FileServerFake fs;
    HttpDriver driver;

    @BeforeEach
    void start() throws IOException {
        fs = new FileServerFake(tmp.resolve("server"), "tok-123");
        driver = HttpDriver.create(() -> "tok-123", List.of(fs.url()));
    }

    @AfterEach
    void stop() {
        fs.close();
    }

    @Test
    void uploadsAsTheSdkDoesAndDownloadsTheEncodedUri() throws IOException {
        Path src = Files.writeString(tmp.resolve("in.json"), "{\"a\": 1}");
        StorageUri target = StorageUri.parse(fs.url() + "/Proj/resnet%20baseline.abc/artifacts/cfg/cfg.json");
        driver.upload(src, target, null, null);
        // stored under the decoded path (field name), read back through the encoded uri
        assertThat(fs.root().resolve("Proj/resnet baseline.abc/artifacts/cfg/cfg.json")).hasContent("{\"a\": 1}");
        Path out = tmp.resolve("out.json");
        driver.download(target, out, null, null);
        assertThat(out).hasContent("{\"a\": 1}");
        assertThat(driver.stat(target).size()).isEqualTo(8);
        driver.delete(target);
        assertThatThrownBy(() -> driver.stat(target)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
    }

    @Test
    void tokenGoesOnlyToFileserverHosts() throws IOException {
        fs.put("a.txt", "x".getBytes(StandardCharsets.UTF_8));
        driver.download(StorageUri.parse(fs.url() + "/a.txt"), tmp.resolve("a"), null, null);
        assertThat(fs.lastAuthorization.get()).isEqualTo("Bearer tok-123");
        // localhost and 127.0.0.1 do not match each other: no token, so the server refuses
        String other = fs.url().replace("127.0.0.1", "localhost") + "/a.txt";
        assertThatThrownBy(() -> driver.download(StorageUri.parse(other), tmp.resolve("b"), null, null))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.BAD_CREDENTIALS));
        assertThat(fs.lastAuthorization.get()).isNull();
    }

    @Test
    void wrongTokenIsReportedAsCredentials() throws IOException {
        fs.put("a.txt", "x".getBytes(StandardCharsets.UTF_8));
        HttpDriver bad = HttpDriver.create(() -> "nope", List.of(fs.url()));
        assertThatThrownBy(() -> bad.open(StorageUri.parse(fs.url() + "/a.txt"), 0))
                .hasMessageContaining("refused the session token").hasMessageContaining(fs.url());
    }

    @Test
    void resumesADroppedConnectionWithRange() throws IOException {
        byte[] data = new byte[3_000_000];
        new java.util.Random(1).nextBytes(data);
        fs.put("big.bin", data);
        fs.dropNext(2, 1_000_000);
        Path out = tmp.resolve("big");
        long n = driver.download(StorageUri.parse(fs.url() + "/big.bin"), out, null, null);
        assertThat(n).isEqualTo(data.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(fs.rangesSeen).anyMatch(r -> r.startsWith("bytes=") && !r.equals("bytes=0-"));
        assertThat(fs.fileGets.get()).isEqualTo(3);
    }

    @Test
    void aConnectionThatKeepsDroppingEarlyStillFinishes() throws IOException {
        byte[] data = new byte[1_000_000];
        new java.util.Random(2).nextBytes(data);
        fs.put("flaky.bin", data);
        // more drops in a row than the resume limit, each after less than the write buffer: every byte that arrived counts
        fs.dropNext(StorageDriver.DEFAULT_RESUMES + 3, 100_000);
        Path out = tmp.resolve("flaky");
        long[] seen = {0};
        long n = driver.download(StorageUri.parse(fs.url() + "/flaky.bin"), out, (done, total) -> {
            assertThat(done).as("progress never goes back").isGreaterThanOrEqualTo(seen[0]);
            seen[0] = done;
        }, null);
        assertThat(n).isEqualTo(data.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
    }

    @Test
    void serverErrorsAreRetriedThenReported() throws IOException {
        fs.put("a.bin", new byte[10]);
        fs.failNext(2, 503);
        driver.download(StorageUri.parse(fs.url() + "/a.bin"), tmp.resolve("a"), null, null);
        fs.failNext(100, 500);
        assertThatThrownBy(() -> driver.download(StorageUri.parse(fs.url() + "/a.bin"), tmp.resolve("b"), null, null))
                .hasMessageContaining("Server error 500");
    }

    @Test
    void uploadNameThatEscapesIsRefusedByTheServer() throws IOException {
        Path src = Files.writeString(tmp.resolve("x"), "x");
        assertThatThrownBy(() -> driver.upload(src, StorageUri.parse(fs.url() + "/../../etc/x"), null, null))
                .isInstanceOf(StorageException.class);
        assertThat(tmp.resolve("etc")).doesNotExist();
    }

    @Test
    void cancelStopsAnUpload() throws IOException {
        Path src = tmp.resolve("big");
        Files.write(src, new byte[20_000_000]);
        Cancellation c = new Cancellation();
        ProgressListener cancelHalfway = (done, total) -> {
            if (done > 5_000_000) c.cancel();
        };
        assertThatThrownBy(() -> driver.upload(src, StorageUri.parse(fs.url() + "/p/big"), cancelHalfway, c))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.CANCELLED));
        assertThat(fs.root().resolve("p/big")).doesNotExist();
    }
}
