package dev.vitrine.doctor;

import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.testutil.AzuriteServer;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeGcsServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks that need no {@code --probe}: this machine's clock against the API server's
 * {@code Date}, and a missing bucket/container told from an empty one by its metadata (the loopback
 * GCS, Azurite when installed).
 */
class SetupDoctorChecksTest {

    @TempDir
    Path home;
    FakeClearmlServer api;
    FileServerFake files;

    @BeforeEach
    void start() throws Exception {
        api = FakeClearmlServer.start(new FakeWorld());
        files = FileServerFake.checkingTokens(home.resolve("files"), t -> api.validToken(t));
    }

    @AfterEach
    void stop() throws Exception {
        files.close();
        api.close();
    }

    void conf(String sdk) throws Exception {
        Files.writeString(home.resolve("clearml.conf"), "api {\n  api_server: \"" + api.url() + "\"\n  web_server: \"" + api.url() + "\"\n  files_server: \"" + files.url() + "\"\n"
                + "  credentials { access_key: \"" + FakeClearmlServer.ACCESS_KEY + "\", secret_key: \"" + FakeClearmlServer.SECRET_KEY + "\" }\n}\n" + sdk);
    }

    /** The doctor with this machine's clock off by {@code skew} (the fake answers with its true Date). */
    SetupDoctor doctor(Duration skew) {
        return new SetupDoctor(new ConfigLoader(Map.of(), home), c -> ClearmlClient.builder(c).maxAttempts(1)
                .clock(Clock.offset(Clock.systemUTC(), skew)).build());
    }

    static Check from(SetupDoctor.Report r, String source) {
        return r.storages().stream().filter(c -> c.source().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no check from " + source + " in " + r.storages()));
    }

    @Test
    void aClockOffFromTheServersIsOneLineWithCauseAndFix() throws Exception {
        conf("");
        SetupDoctor.Report behind = doctor(Duration.ofMinutes(-20)).run(false, c -> {});
        assertThat(behind.server().ok()).as(behind.server().line()).isTrue();
        Check clock = from(behind, "system clock");
        assertThat(clock.ok()).isFalse();
        assertThat(clock.kind()).isEqualTo("clock");
        assertThat(clock.message()).startsWith("clock skew: this machine's clock is 20 min behind the API server's");
        assertThat(clock.fix()).contains("NTP");
        assertThat(clock.line()).doesNotContain("\n");
        assertThat(behind.allOk()).isFalse();

        Check ahead = from(doctor(Duration.ofHours(3)).run(false, c -> {}), "system clock");
        assertThat(ahead.message()).contains("3 h 0 min ahead of");

        // a clock in step adds no row, and a few seconds are within the Date header's resolution
        SetupDoctor.Report fine = doctor(Duration.ofSeconds(5)).run(false, c -> {});
        assertThat(fine.storages()).noneMatch(c -> c.kind().equals("clock"));
        assertThat(fine.allOk()).as(fine.storages().toString()).isTrue();
    }

    @Test
    void gcsTellsAMissingBucketFromAnEmptyOneWithoutWriting() throws Exception {
        try (FakeGcsServer gcs = new FakeGcsServer()) {
            gcs.createBucket("empty-bucket");
            Path sa = gcs.serviceAccountFile(home.resolve("gcs"));
            conf("sdk.google.storage { project: p, credentials_json: \"" + sa + "\", endpoint: \"" + gcs.endpoint() + "\", credentials: [\n"
                    + " { bucket: \"empty-bucket\" }\n { bucket: \"no-such-bucket\" } ] }\n");
            List<Check> heard = new ArrayList<>();
            SetupDoctor.Report r = doctor(Duration.ZERO).run(false, heard::add);
            Check empty = from(r, "sdk.google.storage.credentials[0]");
            assertThat(empty.ok()).as(empty.line()).isTrue();
            assertThat(empty.message()).contains("bucket exists");
            Check missing = from(r, "sdk.google.storage.credentials[1]");
            assertThat(missing.ok()).isFalse();
            assertThat(missing.message()).startsWith("unknown bucket").contains("no-such-bucket");
            assertThat(missing.fix()).contains("sdk.google.storage.credentials[1]");
            assertThat(empty.message()).doesNotContain("wrote");
            assertThat(heard).contains(missing);
        }
    }

    @Test
    void azureTellsAMissingContainerFromAnEmptyOneWithoutWriting() throws Exception {
        try (AzuriteServer azurite = new AzuriteServer(home.resolve("azurite"))) {
            conf("sdk.azure.storage.containers: [\n"
                    + " { account_name: \"" + AzuriteServer.ACCOUNT + "\", account_key: \"" + AzuriteServer.KEY + "\", container_name: \"empty\", endpoint: \"" + azurite.endpoint() + "\" }\n"
                    + " { account_name: \"" + AzuriteServer.ACCOUNT + "\", account_key: \"" + AzuriteServer.KEY + "\", container_name: \"missing\", endpoint: \"" + azurite.endpoint() + "\" }\n"
                    + "]\n");
            var service = new com.azure.storage.blob.BlobServiceClientBuilder().endpoint(azurite.endpoint())
                    .credential(new com.azure.storage.common.StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).buildClient();
            service.createBlobContainer("empty");
            SetupDoctor.Report r = doctor(Duration.ZERO).run(false, c -> {});
            Check empty = from(r, "sdk.azure.storage.containers[0]");
            assertThat(empty.ok()).as(empty.line()).isTrue();
            assertThat(empty.message()).contains("container exists");
            Check missing = from(r, "sdk.azure.storage.containers[1]");
            assertThat(missing.ok()).isFalse();
            assertThat(missing.message()).startsWith("unknown container");
            assertThat(missing.fix()).contains("sdk.azure.storage.containers[1]");
            assertThat(service.getBlobContainerClient("empty").listBlobs().stream().count()).isZero();
            assertThat(service.getBlobContainerClient("missing").exists()).isFalse();
        }
    }
}
