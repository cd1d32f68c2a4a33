package dev.vitrine.storage;

import com.typesafe.config.ConfigFactory;
import dev.vitrine.testutil.AzuriteServer;
import dev.vitrine.testutil.FakeGcsServer;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.testutil.S3ProxyServer;
import dev.vitrine.workspace.Location;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The size of a model's weights without fetching them (the models browser's Size column): asked of the
 * real storages on loopback (fileserver, S3Proxy, GCS's JSON API, Azurite when installed) through the
 * drivers of the scope that listed the model, unknown when the storage cannot tell, and nothing lands in
 * the cache.
 */
class ObjectSizesTest {

    @TempDir static Path tmp;
    static FileServerFake files;
    static S3ProxyServer s3;
    static FakeGcsServer gcs;
    static StorageDrivers server;
    static StorageDrivers plain;
    static ArtifactCache cache;

    @BeforeAll
    static void start() throws Exception {
        files = new FileServerFake(tmp.resolve("files"), "tok-1");
        Files.createDirectories(files.root().resolve("P/train.abc/models"));
        Files.write(files.root().resolve("P/train.abc/models/model ep1.pt"), new byte[1234]);
        s3 = new S3ProxyServer(tmp.resolve("s3"));
        s3.createBucket("mlbucket");
        s3.admin().putObject(b -> b.bucket("mlbucket").key("P/train.abc/models/ep2.pt"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[4321]));
        gcs = new FakeGcsServer();
        gcs.createBucket("gbucket");
        gcs.put("gbucket", "P/train.abc/models/ep3.pt", new byte[777]);
        Path sa = gcs.serviceAccountFile(tmp.resolve("creds"));
        Files.createDirectories(tmp.resolve("mounted/models"));
        Files.write(tmp.resolve("mounted/models/ep4.pt"), new byte[55]);
        var conf = ConfigFactory.parseString("sdk.aws.s3 { credentials: [ { host: \"" + s3.hostPort() + "\", key: \"" + S3ProxyServer.KEY
                + "\", secret: \"" + S3ProxyServer.SECRET + "\", secure: false } ] }\n"
                + "sdk.google.storage { project: p, credentials_json: \"" + sa + "\", endpoint: \"" + gcs.endpoint() + "\" }\n");
        server = new StorageDrivers(HttpDriver.create(() -> "tok-1", List.of(files.url())), new S3Driver(S3Settings.from(conf, Map.of())),
                new AzureDriver(AzureSettings.empty()), new GcsDriver(GcsSettings.from(conf, Map.of())), new LocalDriver(),
                List.of(new StorageDrivers.Substitution("s3://old-bucket/", tmp.resolve("mounted").toUri().toString(), false, false)));
        // no token, no credentials: what a uri without the server's scope gets
        plain = new StorageDrivers(HttpDriver.create(() -> null, List.of(files.url())), new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, scope -> "server".equals(scope) ? server : plain);
    }

    @AfterAll
    static void stop() {
        if (cache != null) cache.close();
        if (server != null) server.close();
        if (plain != null) plain.close();
        if (files != null) files.close();
        if (gcs != null) gcs.close();
        try {
            if (s3 != null) s3.close();
        } catch (Exception ignored) {
            // stopping the proxy
        }
    }

    @Test
    void remoteSizesComeFromEachStorageThroughTheScopeThatListedThem() throws Exception {
        String http = files.url() + "/P/train.abc/models/model%20ep1.pt";
        assertThat(cache.sizeOf(new Location.Remote(http, "server"))).isEqualTo(1234);
        assertThat(cache.sizeOf(new Location.Remote("s3://" + s3.hostPort() + "/mlbucket/P/train.abc/models/ep2.pt", "server"))).isEqualTo(4321);
        assertThat(cache.sizeOf(new Location.Remote("gs://gbucket/P/train.abc/models/ep3.pt", "server"))).isEqualTo(777);
        // path_substitution: a bucket the models were registered under, mounted here
        assertThat(cache.sizeOf(new Location.Remote("s3://old-bucket/models/ep4.pt", "server"))).isEqualTo(55);
        // the fileserver refuses a request without the server's token: unknown, not an error
        assertThat(cache.sizeOf(new Location.Remote(http, null))).isEqualTo(ObjectSizes.UNKNOWN);
        // gone, a placeholder left by an upload that never finished, an unknown scheme
        assertThat(cache.sizeOf(new Location.Remote(files.url() + "/P/train.abc/models/deleted.pt", "server"))).isEqualTo(ObjectSizes.UNKNOWN);
        assertThat(cache.sizeOf(new Location.Remote(files.url() + "/uploading_file", "server"))).isEqualTo(ObjectSizes.UNKNOWN);
        assertThat(cache.sizeOf(new Location.Remote("ftp://somewhere/x.pt", "server"))).isEqualTo(ObjectSizes.UNKNOWN);
        // asking the size fetches nothing
        assertThat(files.fileGets.get()).isZero();
        assertThat(cache.folder()).satisfiesAnyOf(f -> assertThat(Files.exists(f)).isFalse(), f -> assertThat(f).isEmptyDirectory());
    }

    @Test
    void localSizesAndWhatIsNeverTouched() throws Exception {
        Path f = Files.write(tmp.resolve("w.pt"), new byte[99]);
        assertThat(cache.sizeOf(new Location.LocalFile(f))).isEqualTo(99);
        assertThat(cache.sizeOf(new Location.LocalFile(tmp.resolve("nope.pt")))).isEqualTo(ObjectSizes.UNKNOWN);
        assertThat(cache.sizeOf(new Location.ZipMember(tmp.resolve("s.zip"), "models/m.pt", 4096))).isEqualTo(4096);
        // a path outside its offline session is never read without the user asking, not even stat'ed
        assertThat(cache.sizeOf(new Location.OutsideSession(f))).isEqualTo(ObjectSizes.UNKNOWN);
        assertThat(cache.sizeOf(new Location.Missing("no weights uri"))).isEqualTo(ObjectSizes.UNKNOWN);
        // without a cache (sessions only), local kinds still know theirs
        assertThat(new SessionFiles(tmp.resolve("sf")).sizeOf(new Location.LocalFile(f))).isEqualTo(99);
    }

    @Test
    void azureBlobSizeThroughAzurite() throws Exception {
        try (AzuriteServer azurite = new AzuriteServer(tmp.resolve("azurite"))) {
            var admin = new com.azure.storage.blob.BlobServiceClientBuilder().endpoint(azurite.endpoint())
                    .credential(new com.azure.storage.common.StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).buildClient();
            admin.createBlobContainer("models").getBlobClient("P/ep5.pt").upload(com.azure.core.util.BinaryData.fromBytes(new byte[2048]));
            try (StorageDrivers d = new StorageDrivers(HttpDriver.create(null, List.of()), new S3Driver(S3Settings.empty()),
                    new AzureDriver(AzureSettings.from(ConfigFactory.parseString(azurite.config(AzuriteServer.KEY)), Map.of())), new LocalDriver(), List.of())) {
                String uri = "azure://" + AzuriteServer.ACCOUNT + ".blob.core.windows.net/models/P/ep5.pt";
                assertThat(ObjectSizes.remote(d, uri)).isEqualTo(2048);
                assertThat(ObjectSizes.remote(d, uri + ".missing")).isEqualTo(ObjectSizes.UNKNOWN);
            }
        }
    }
}
