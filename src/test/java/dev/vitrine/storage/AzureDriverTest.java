package dev.vitrine.storage;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.testutil.AzuriteServer;
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

/** azure:// against Azurite (the Azure Storage emulator), configured through sdk.azure.storage as the SDK reads it. */
class AzureDriverTest {

    @TempDir static Path tmp;
    static AzuriteServer azurite;
    static AzureDriver driver;
    static BlobServiceClient admin;
    static final String BASE = "azure://" + AzuriteServer.ACCOUNT + ".blob.core.windows.net/models/";

    @BeforeAll
    static void start() throws Exception {
        azurite = new AzuriteServer(tmp.resolve("azurite"));
        admin = new BlobServiceClientBuilder().endpoint(azurite.endpoint())
                .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).buildClient();
        admin.createBlobContainer("models");
        driver = new AzureDriver(AzureSettings.from(ConfigFactory.parseString(azurite.config(AzuriteServer.KEY)), Map.of()));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.close();
        if (azurite != null) azurite.close();
    }

    @Test
    void roundTripWithTheSdksContentTypeAndRangedReads() throws IOException {
        Path src = Files.writeString(tmp.resolve("small.json"), "{\"x\": [1, 2, 3]}");
        StorageUri uri = StorageUri.parse(BASE + "P/t.1/artifacts/cfg/small.json");
        driver.upload(src, uri, null, null);
        assertThat(admin.getBlobContainerClient("models").getBlobClient("P/t.1/artifacts/cfg/small.json").getProperties().getContentType())
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
    void largeBlobGoesInBlocksAndComesBackThroughTheCacheWithItsHash() throws IOException {
        Path big = tmp.resolve("weights.bin");
        S3DriverTest.writeRandom(big, 20L << 20); // three 8 MiB blocks
        StorageUri uri = StorageUri.parse(BASE + "P/t.2/models/weights.bin");
        long[] seen = {0};
        driver.upload(big, uri, (done, total) -> seen[0] = Math.max(seen[0], done), null);
        assertThat(seen[0]).isEqualTo(Files.size(big));
        assertThat(admin.getBlobContainerClient("models").getBlobClient("P/t.2/models/weights.bin").getBlockBlobClient()
                .listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED).getCommittedBlocks()).hasSize(3);
        StorageDrivers drivers = new StorageDrivers(HttpDriver.create(null, List.of()), new S3Driver(S3Settings.empty()), driver, new LocalDriver(), List.of());
        CacheChecks.fetchedThroughTheCache(drivers, uri, big, tmp.resolve("cache"));
    }

    @Test
    void missingConfigurationWrongKeyAndMissingBlobAreSaidPlainly() throws IOException {
        assertThatThrownBy(() -> driver.stat(StorageUri.parse("azure://someoneelse.blob.core.windows.net/c/a.bin")))
                .hasMessageContaining("Missing Azure Blob Storage configuration")
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.BAD_CREDENTIALS));
        String wrong = java.util.Base64.getEncoder().encodeToString("not the key of this account at all".getBytes(StandardCharsets.UTF_8));
        try (AzureDriver bad = new AzureDriver(AzureSettings.from(ConfigFactory.parseString(azurite.config(wrong)), Map.of()))) {
            Path f = Files.writeString(tmp.resolve("x.txt"), "x");
            assertThatThrownBy(() -> bad.upload(f, StorageUri.parse(BASE + "x.txt"), null, null))
                    .hasMessageContaining("Wrong Azure credentials").hasMessageNotContaining(wrong)
                    .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.BAD_CREDENTIALS));
        }
        assertThatThrownBy(() -> driver.open(StorageUri.parse(BASE + "nope/missing.bin"), 0)).hasMessageContaining("Not found");
        assertThatThrownBy(() -> driver.stat(StorageUri.parse("azure://" + AzuriteServer.ACCOUNT + ".blob.core.windows.net/nocontainer/a")))
                .hasMessageContaining("No such container");
    }

    @Test
    void aCancelledUploadCommitsNothing() throws IOException {
        Path big = tmp.resolve("cancel.bin");
        S3DriverTest.writeRandom(big, 48L << 20);
        StorageUri uri = StorageUri.parse(BASE + "cancelled/c.bin");
        Cancellation c = new Cancellation();
        assertThatThrownBy(() -> driver.upload(big, uri, (done, total) -> {
            if (done > (8L << 20)) c.cancel();
        }, c)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.CANCELLED));
        assertThat(admin.getBlobContainerClient("models").getBlobClient("cancelled/c.bin").exists()).isFalse();
    }

    @Test
    void sdkMatchingRules() {
        AzureSettings s = AzureSettings.from(ConfigFactory.parseString("sdk.azure.storage.containers: ["
                + "{account_name: acme, account_key: k1, container_name: models},"
                + "{account_name: acme, account_key: k2}]"), Map.of("AZURE_STORAGE_ACCOUNT", "other", "AZURE_STORAGE_KEY", "k3"));
        assertThat(s.resolve(AzureSettings.locate(StorageUri.parse("azure://acme.blob.core.windows.net/models/a/b.bin"))).key()).isEqualTo("k1");
        assertThat(s.resolve(AzureSettings.locate(StorageUri.parse("azure://acme.blob.core.windows.net/data/b.bin"))).key()).isEqualTo("k2");
        assertThat(s.resolve(AzureSettings.locate(StorageUri.parse("azure://other.blob.core.windows.net/x/y"))).key()).isEqualTo("k3");
        AzureSettings.Location l = AzureSettings.locate(StorageUri.parse("azure://acme.blob.core.windows.net/models/P/t.1/artifacts/x/y z.bin"));
        assertThat(l.container()).isEqualTo("models");
        assertThat(l.blob()).isEqualTo("P/t.1/artifacts/x/y z.bin");
        assertThat(s.resolve(l).toString()).doesNotContain("k1");
    }
}
