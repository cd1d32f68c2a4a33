package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.app.Services;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.testutil.AzuriteServer;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeGcsServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FaultyHttpFront;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.testutil.S3ProxyServer;
import dev.vitrine.testutil.SelfSignedTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vitrine doctor} against real parts: the API fake, the fileserver fake, S3Proxy with right
 * and wrong credentials, an unknown bucket and a wrong region, the loopback GCS, Azurite when
 * installed, a self-signed server, an unknown host and a broken config file. Every failure is one
 * line naming the cause, the fix and the config key; no secret is printed.
 */
class DoctorCommandTest {

    @TempDir
    Path home;
    FakeClearmlServer api;
    FileServerFake files;
    S3ProxyServer s3;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        api = FakeClearmlServer.start(new FakeWorld());
        files = FileServerFake.checkingTokens(home.resolve("files"), t -> api.validToken(t));
    }

    @AfterEach
    void stop() throws Exception {
        if (s3 != null) s3.close();
        if (files != null) files.close();
        if (api != null) api.close();
    }

    Run run(String... args) {
        ConfigLoader loader = new ConfigLoader(Map.of(), home);
        try (Services services = new Services(loader, Profiles.standard(loader), home.resolve("cache"))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = VitrineCommand.execute(args, services.cli(), s -> {
                throw new AssertionError("GUI must not start");
            }, new dev.vitrine.app.CliFactory(services), new PrintWriter(out), new PrintWriter(err));
            return new Run(code, out.toString(), err.toString());
        }
    }

    void conf(String apiUrl, String filesUrl, String sdk) throws Exception {
        Files.writeString(home.resolve("clearml.conf"), "api {\n  api_server: \"" + apiUrl + "\"\n  web_server: \"" + apiUrl + "\"\n"
                + "  files_server: \"" + filesUrl + "\"\n  credentials {\n    access_key: \"" + FakeClearmlServer.ACCESS_KEY + "\"\n"
                + "    secret_key: \"" + FakeClearmlServer.SECRET_KEY + "\"\n  }\n}\n" + sdk);
    }

    static JsonNode storage(JsonNode doc, String source) {
        for (JsonNode s : doc.path("storages")) if (s.path("source").asText().equals(source)) return s;
        throw new AssertionError("no check from " + source + " in " + doc.toPrettyString());
    }

    @Test
    void everyEntryIsCheckedAndEachFailureNamesItsCause() throws Exception {
        s3 = new S3ProxyServer(home.resolve("s3"));
        s3.createBucket("good");
        s3.createBucket("eu-data");
        try (FaultyHttpFront region = new FaultyHttpFront(s3.endpoint()); FakeGcsServer gcs = new FakeGcsServer()) {
            region.faults(line -> line.contains("/eu-data") ? new FaultyHttpFront.Fault(400,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is "
                            + "malformed; the region 'us-west-2' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region></Error>") : null);
            gcs.createBucket("ml-bucket");
            Path sa = gcs.serviceAccountFile(home.resolve("gcs"));
            Path mnt = Files.createDirectories(home.resolve("mnt"));
            String k = S3ProxyServer.KEY;
            String sec = S3ProxyServer.SECRET;
            String h = s3.hostPort();
            conf(api.url(), files.url(), "sdk {\n aws.s3.credentials: [\n"
                    + "  { host: \"" + h + "\", bucket: \"good\", key: \"" + k + "\", secret: \"" + sec + "\", secure: false, multipart: false }\n"
                    + "  { host: \"" + h + "\", bucket: \"good\", key: \"NOSUCHKEY\", secret: \"" + sec + "\", secure: false }\n"
                    + "  { host: \"" + h + "\", bucket: \"good\", key: \"" + k + "\", secret: \"not-the-secret-42\", secure: false }\n"
                    + "  { host: \"" + h + "\", bucket: \"missing-bucket\", key: \"" + k + "\", secret: \"" + sec + "\", secure: false }\n"
                    + "  { host: \"" + region.hostPort() + "\", bucket: \"eu-data\", key: \"" + k + "\", secret: \"" + sec + "\", secure: false, region: \"us-west-2\" }\n"
                    + "  { host: \"no-such-host.invalid:9000\", bucket: \"x\", key: \"" + k + "\", secret: \"" + sec + "\", secure: false }\n"
                    + "  { host: \"" + h + "\", bucket: \"half\", key: \"" + k + "\" }\n"
                    + " ]\n"
                    + " google.storage { project: p, credentials_json: \"" + sa + "\", endpoint: \"" + gcs.endpoint() + "\", credentials: [ { bucket: \"ml-bucket\" } ] }\n"
                    + " storage.path_substitution: [ { registered_prefix: \"s3://old/\", local_prefix: \"" + mnt + "/\" },"
                    + " { registered_prefix: \"/data/\", local_prefix: \"/nonexistent/share/\" } ]\n}\n");

            Run r = run("doctor", "--probe", "--json");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).isEmpty();
            JsonNode doc = Json.MAPPER.readTree(r.out());
            assertThat(doc.path("config").path("files").get(0).path("path").asText()).endsWith("clearml.conf");
            assertThat(doc.path("config").path("files").get(0).path("wins").asBoolean()).isTrue();
            assertThat(doc.path("config").path("errors")).isEmpty();
            assertThat(doc.path("server").path("ok").asBoolean()).as(doc.path("server").toString()).isTrue();
            assertThat(doc.path("server").path("message").asText()).contains("2.3.0").contains("credentials");
            JsonNode fs = storage(doc, "api.files_server");
            assertThat(fs.path("ok").asBoolean()).as(fs.toString()).isTrue();
            assertThat(fs.path("message").asText()).contains("wrote and deleted");

            JsonNode good = storage(doc, "sdk.aws.s3.credentials[0]");
            assertThat(good.path("ok").asBoolean()).as(good.toString()).isTrue();
            assertThat(good.path("message").asText()).contains("listed").contains("wrote and deleted");
            assertThat(storage(doc, "sdk.aws.s3.credentials[1]").path("message").asText()).startsWith("wrong key");
            assertThat(storage(doc, "sdk.aws.s3.credentials[1]").path("fix").asText()).contains("key in sdk.aws.s3.credentials[1]");
            assertThat(storage(doc, "sdk.aws.s3.credentials[2]").path("message").asText()).startsWith("wrong secret");
            assertThat(storage(doc, "sdk.aws.s3.credentials[3]").path("message").asText()).startsWith("unknown bucket");
            JsonNode wrongRegion = storage(doc, "sdk.aws.s3.credentials[4]");
            assertThat(wrongRegion.path("message").asText()).startsWith("wrong region").contains("eu-west-1");
            assertThat(wrongRegion.path("fix").asText()).contains("region: \"eu-west-1\"");
            assertThat(storage(doc, "sdk.aws.s3.credentials[5]").path("message").asText()).startsWith("unknown host");
            assertThat(storage(doc, "sdk.aws.s3.credentials[6]").path("message").asText()).contains("has no secret");
            JsonNode g = storage(doc, "sdk.google.storage.credentials[0]");
            assertThat(g.path("ok").asBoolean()).as(g.toString()).isTrue();
            assertThat(g.path("message").asText()).contains("wrote and deleted");
            assertThat(storage(doc, "sdk.storage.path_substitution[0]").path("ok").asBoolean()).isTrue();
            assertThat(storage(doc, "sdk.storage.path_substitution[1]").path("message").asText()).contains("does not exist");
            for (JsonNode s : doc.path("storages")) {
                assertThat(s.path("message").asText()).doesNotContain("\n");
                if (!s.path("ok").asBoolean()) assertThat(s.path("fix").asText()).isNotBlank();
            }
            assertThat(r.out()).doesNotContain(S3ProxyServer.SECRET).doesNotContain("not-the-secret-42").doesNotContain(FakeClearmlServer.SECRET_KEY);
            // the probes cleaned up after themselves
            assertThat(s3.admin().listObjectsV2(b -> b.bucket("good")).keyCount()).isZero();

            Run text = run("doctor");
            assertThat(text.code()).isEqualTo(1);
            assertThat(text.out()).contains("FAIL  s3 s3://" + h + "/good (sdk.aws.s3.credentials[2]): wrong secret")
                    .contains("Some checks failed.").doesNotContain(S3ProxyServer.SECRET);
        }
    }

    @Test
    void allGoodExitsZero() throws Exception {
        s3 = new S3ProxyServer(home.resolve("s3"));
        s3.createBucket("good");
        conf(api.url(), files.url(), "sdk.aws.s3.credentials: [ { host: \"" + s3.hostPort() + "\", bucket: \"good\", key: \""
                + S3ProxyServer.KEY + "\", secret: \"" + S3ProxyServer.SECRET + "\", secure: false } ]\n");
        Run r = run("doctor");
        assertThat(r.out()).contains("All checks passed.");
        assertThat(r.code()).isZero();
    }

    @Test
    void aBrokenConfigFileIsReportedWithFileAndLine() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), "api {\n  api_server: \"http://x:8008\"\n  credentials {\n    access_key = [\n}\n");
        Run r = run("doctor", "--json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode doc = Json.MAPPER.readTree(r.out());
        String error = doc.path("config").path("errors").get(0).asText();
        assertThat(error).startsWith(home.resolve("clearml.conf") + ":").matches(".*clearml\\.conf:[0-9]+: .*");
        assertThat(doc.path("server").path("ok").asBoolean()).isFalse();
    }

    @Test
    void aSelfSignedServerIsATlsFailureUntilItsCaIsConfigured() throws Exception {
        try (FakeClearmlServer tls = FakeClearmlServer.startHttps(new FakeWorld(), SelfSignedTls.serverContext())) {
            conf(tls.url(), files.url(), "");
            JsonNode doc = Json.MAPPER.readTree(run("doctor", "--json").out());
            assertThat(doc.path("server").path("ok").asBoolean()).isFalse();
            assertThat(doc.path("server").path("message").asText()).startsWith("TLS");
            assertThat(doc.path("server").path("fix").asText()).contains("api.verify_certificate");

            conf(tls.url(), files.url(), "api.verify_certificate: \"" + SelfSignedTls.caPem() + "\"\n");
            JsonNode trusted = Json.MAPPER.readTree(run("doctor", "--json").out());
            assertThat(trusted.path("server").path("ok").asBoolean()).as(trusted.path("server").toString()).isTrue();
            assertThat(trusted.path("server").path("message").asText()).contains("TLS verified");
        }
    }

    @Test
    void anUnknownHostAndARefusingFileServer() throws Exception {
        conf("http://no-such-host.invalid:8008", files.url(), "");
        JsonNode doc = Json.MAPPER.readTree(run("doctor", "--json").out());
        assertThat(doc.path("server").path("message").asText()).startsWith("unknown host");
        assertThat(doc.path("server").path("source").asText()).isEqualTo("api.api_server");

        try (FileServerFake refusing = FileServerFake.checkingTokens(home.resolve("f2"), t -> false)) {
            conf(api.url(), refusing.url(), "");
            JsonNode r = Json.MAPPER.readTree(run("doctor", "--json").out());
            assertThat(r.path("server").path("ok").asBoolean()).isTrue();
            JsonNode fs = storage(r, "api.files_server");
            assertThat(fs.path("ok").asBoolean()).isFalse();
            assertThat(fs.path("message").asText()).contains("refused the API token");
        }
    }

    @Test
    void aNamedProfileIsCheckedInsteadOfTheSdkConfiguration() throws Exception {
        conf("http://no-such-host.invalid:8008", files.url(), "");
        Path profiles = Files.createDirectories(home.resolve(".config/vitrine/profiles"));
        Files.writeString(profiles.resolve("work.conf"), "api {\n  api_server: \"" + api.url() + "\"\n  web_server: \"" + api.url() + "\"\n  files_server: \"" + files.url() + "\"\n"
                + "  credentials { access_key: \"" + FakeClearmlServer.ACCESS_KEY + "\", secret_key: \"" + FakeClearmlServer.SECRET_KEY + "\" }\n}\n");

        Run r = run("--profile", "work", "doctor", "--json");
        JsonNode doc = Json.MAPPER.readTree(r.out());
        assertThat(doc.path("config").path("files")).hasSize(1);
        assertThat(doc.path("config").path("files").get(0).path("path").asText()).endsWith("work.conf");
        assertThat(doc.path("server").path("url").asText()).isEqualTo(api.url());
        assertThat(doc.path("server").path("ok").asBoolean()).as(doc.path("server").toString()).isTrue();
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(run("--profile", "work", "doctor").out()).startsWith("profile work");

        // without the option the SDK's clearml.conf is checked
        assertThat(Json.MAPPER.readTree(run("doctor", "--json").out()).path("server").path("message").asText()).startsWith("unknown host");

        Run unknown = run("--profile", "nope", "doctor");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("No profile named 'nope'").doesNotContain("Exception");
    }

    @Test
    void azuriteWithRightAndWrongKeys() throws Exception {
        try (AzuriteServer azurite = new AzuriteServer(home.resolve("azurite"))) {
            String wrong = java.util.Base64.getEncoder().encodeToString(new byte[64]);
            conf(api.url(), files.url(), "sdk.azure.storage.containers: [\n"
                    + " { account_name: \"" + AzuriteServer.ACCOUNT + "\", account_key: \"" + AzuriteServer.KEY + "\", container_name: \"models\", endpoint: \"" + azurite.endpoint() + "\" }\n"
                    + " { account_name: \"" + AzuriteServer.ACCOUNT + "\", account_key: \"" + wrong + "\", container_name: \"other\", endpoint: \"" + azurite.endpoint() + "\" }\n"
                    + " { account_name: \"nokey\", container_name: \"c\" } ]\n");
            new com.azure.storage.blob.BlobServiceClientBuilder().endpoint(azurite.endpoint())
                    .credential(new com.azure.storage.common.StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
                    .buildClient().createBlobContainer("models");
            JsonNode doc = Json.MAPPER.readTree(run("doctor", "--probe", "--json").out());
            assertThat(storage(doc, "sdk.azure.storage.containers[0]").path("ok").asBoolean()).isTrue();
            assertThat(storage(doc, "sdk.azure.storage.containers[1]").path("ok").asBoolean()).isFalse();
            assertThat(storage(doc, "sdk.azure.storage.containers[2]").path("message").asText()).contains("no key");
        }
    }
}
