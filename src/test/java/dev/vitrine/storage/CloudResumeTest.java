package dev.vitrine.storage;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.core.util.BinaryData;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.testutil.AzuriteServer;
import dev.vitrine.testutil.FakeGcsServer;
import dev.vitrine.testutil.FaultyHttpFront;
import dev.vitrine.testutil.FaultyHttpFront.Injection;
import dev.vitrine.testutil.FaultyHttpFront.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #12 defect 12 on GCS and Azure: a download whose connection drops, and whose object is
 * replaced before the resume, must end with the new object whole (or fail cleanly), never the head
 * of one version spliced to the tail of the other. GCS answers {@code ifGenerationMatch} on the
 * first answer's generation with 412; Azure's reads are pinned to the first ETag (If-Match). The
 * drop comes from a {@link FaultyHttpFront} in front of the fake GCS server and of Azurite (the
 * Azure tests are skipped when Azurite is not installed). A failure would have to be clean; both
 * drivers restart, so the tests ask for the new version whole.
 */
class CloudResumeTest {

    @TempDir Path tmp;

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------------ GCS

    @Test
    void aGcsObjectReplacedBeforeTheResumeIsReadAgainFromItsStart() throws Exception {
        gcsCase(random(1, 1_000_000), random(2, 1_000_000));
    }

    @Test
    void aGcsObjectReplacedByALongerOneBeforeTheResumeIsReadAgainFromItsStart() throws Exception {
        gcsCase(random(3, 1_000_000), random(4, 1_300_000));
    }

    private void gcsCase(byte[] v1, byte[] v2) throws Exception {
        try (FakeGcsServer gcs = new FakeGcsServer(); FaultyHttpFront front = new FaultyHttpFront(gcs.endpoint())) {
            gcs.createBucket("ml");
            gcs.put("ml", "P/t.1/models/model.pt", v1);
            long first = gcs.generation("ml", "P/t.1/models/model.pt");
            Path sa = gcs.serviceAccountFile(tmp.resolve("creds"));
            String conf = "sdk.google.storage { project: vitrine-test, credentials_json: \"" + sa + "\", endpoint: \"" + front.url() + "\" }";
            front.inject(Injection.of(Kind.DROP, l -> l.startsWith("GET /storage/v1/b/ml/o/") && l.contains("alt=media"))
                    .hook(() -> gcs.put("ml", "P/t.1/models/model.pt", v2)));
            try (GcsDriver driver = new GcsDriver(GcsSettings.from(ConfigFactory.parseString(conf), Map.of()))) {
                Path out = tmp.resolve("model.pt");
                long n = driver.download(StorageUri.parse("gs://ml/P/t.1/models/model.pt"), out, -1, null, null);
                assertThat(n).isEqualTo(v2.length);
                assertThat(Files.readAllBytes(out)).isEqualTo(v2); // before the fake knew generations, this was v1's head + v2's tail
            }
            assertThat(front.injected()).isEqualTo(1);
            assertThat(front.seen()).anyMatch(l -> l.contains("ifGenerationMatch=" + first)); // the resume asked for the version it began
        }
    }

    // ------------------------------------------------------------------ Azure

    /** One case only: the Azure SDK waits about 25 s before it retries the dropped block itself. */
    @Test
    void anAzureBlobReplacedByAShorterOneBeforeTheResumeIsReadAgainFromItsStart() throws Exception {
        azureCase(random(7, 1_000_000), random(8, 700_000));
    }

    private void azureCase(byte[] v1, byte[] v2) throws Exception {
        try (AzuriteServer azurite = new AzuriteServer(tmp.resolve("azurite"));
             FaultyHttpFront front = new FaultyHttpFront(azurite.endpoint().replace("/" + AzuriteServer.ACCOUNT, ""))) {
            BlobServiceClient admin = new BlobServiceClientBuilder().endpoint(azurite.endpoint())
                    .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).buildClient();
            admin.createBlobContainer("models");
            var blob = admin.getBlobContainerClient("models").getBlobClient("P/t.1/models/model.pt");
            blob.upload(BinaryData.fromBytes(v1), true);
            String conf = "sdk.azure.storage.containers: [{ account_name: \"" + AzuriteServer.ACCOUNT + "\", account_key: \"" + AzuriteServer.KEY
                    + "\", container_name: \"\", endpoint: \"" + front.url() + "/" + AzuriteServer.ACCOUNT + "\" }]";
            front.inject(Injection.of(Kind.DROP, l -> l.startsWith("GET /" + AzuriteServer.ACCOUNT + "/models/") && l.contains("model.pt"))
                    .hook(() -> blob.upload(BinaryData.fromBytes(v2), true)));
            try (AzureDriver driver = new AzureDriver(AzureSettings.from(ConfigFactory.parseString(conf), Map.of()))) {
                Path out = tmp.resolve("model.pt");
                StorageUri uri = StorageUri.parse("azure://" + AzuriteServer.ACCOUNT + ".blob.core.windows.net/models/P/t.1/models/model.pt");
                long n = driver.download(uri, out, -1, null, null);
                assertThat(n).isEqualTo(v2.length);
                // before the fix the SDK's retry of the dropped block met 412 and the download failed
                assertThat(Files.readAllBytes(out)).isEqualTo(v2);
            }
            assertThat(front.injected()).isEqualTo(1);
        }
    }
}
