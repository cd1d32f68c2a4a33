package dev.vitrine.transfer.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.S3ProxyServer;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A folder dropped on a task whose output destination is an S3-compatible bucket (S3Proxy, in-process). */
class ServerUploadS3Test {

    @TempDir
    Path tmp;

    @Test
    void aFolderIsZippedStoredInTheBucketAndRegistered() throws Exception {
        try (S3ProxyServer s3 = new S3ProxyServer(tmp.resolve("s3"))) {
            s3.createBucket("ml-artifacts");
            FakeWorld world = new FakeWorld();
            String pid = world.addProject("Churn").get("id").asText();
            ObjectNode t = world.newTask(pid, "train model", "training", "in_progress", Instant.parse("2026-01-01T00:00:00Z"));
            String dest = "s3://" + s3.hostPort() + "/ml-artifacts/clearml";
            ((ObjectNode) t.get("output")).put("destination", dest);
            String taskId = t.get("id").asText();
            String conf = "sdk.aws.s3 { credentials: [ { host: \"" + s3.hostPort() + "\", key: \"" + S3ProxyServer.KEY
                    + "\", secret: \"" + S3ProxyServer.SECRET + "\", secure: false } ] }";
            try (FakeClearmlServer api = FakeClearmlServer.start(world);
                 StorageDrivers drivers = new StorageDrivers(HttpDriver.create(() -> null, List.of()),
                         new S3Driver(S3Settings.from(ConfigFactory.parseString(conf), Map.of())), new LocalDriver(), List.of())) {
                ServerWorkspace ws = new ServerWorkspace(ClearmlClient.builder(api.config()).build(), "fake");
                ArtifactUploader uploader = new ArtifactUploader(new UploadPlanner(tmp.resolve("staging")),
                        List.of(new ServerUploadTarget(w -> drivers)));
                Path dir = Files.createDirectories(tmp.resolve("plots"));
                Files.writeString(dir.resolve("roc.txt"), "0.91");
                Artifact a;
                try (PreparedUpload p = uploader.prepare(dir, null)) {
                    a = uploader.upload(ws, ws.task(taskId).task(), p, UploadOptions.defaults(), b -> {});
                }
                String key = "clearml/Churn/train model." + taskId + "/artifacts/plots/plots.zip";
                // s3 uris are registered raw (no percent-encoding)
                assertThat(a.uri()).isEqualTo("s3://" + s3.hostPort() + "/ml-artifacts/" + key);
                ResponseBytes<GetObjectResponse> obj = s3.admin().getObjectAsBytes(b -> b.bucket("ml-artifacts").key(key));
                assertThat(obj.asByteArray().length).isEqualTo(a.contentSize().intValue());
                JsonNode stored = world.task(taskId).path("execution").path("artifacts").get(0);
                assertThat(stored.path("type").asText()).isEqualTo("archive");
                assertThat(stored.path("type_data").path("content_type").asText()).isEqualTo("application/zip");
                assertThat(stored.path("type_data").path("preview").asText()).startsWith("Archive content ").endsWith("roc.txt - 4 bytes\n");
            }
        }
    }
}
