package dev.vitrine.clearml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.Credentials;
import dev.vitrine.config.ServerSettings;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.SelfSignedTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClearmlClientTest {

    FakeClearmlServer fake;
    String projectId;

    @BeforeEach
    void start() {
        FakeWorld world = new FakeWorld();
        projectId = world.seedBulk("bulk", 50);
        fake = FakeClearmlServer.start(world);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    ClearmlClient.Builder client(ClearmlConfig c) {
        return ClearmlClient.builder(c).backoff(Duration.ofMillis(10)).connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5));
    }

    ObjectNode tasksBody() {
        ObjectNode b = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        b.putArray("project").add(projectId);
        b.putArray("only_fields").add("id").add("name");
        b.put("page", 0).put("page_size", 10);
        return b;
    }

    @Test
    void logsInOnceAndSendsTheBearerToken() {
        try (ClearmlClient c = client(fake.config()).build()) {
            JsonNode d1 = c.call("tasks.get_all_ex", tasksBody());
            JsonNode d2 = c.call("tasks.get_all_ex", tasksBody());
            assertThat(d1.get("tasks")).hasSize(10);
            assertThat(d2.get("tasks")).hasSize(10);
            assertThat(fake.count("auth.login")).isEqualTo(1);
            assertThat(c.pathVersion()).isEqualTo("2.23");
            assertThat(ClearmlClient.claims(c.token()).path("api_version").asText()).isEqualTo("2.34");
        }
    }

    @Test
    void expiredTokenMidBrowseIsRenewedTransparently() {
        try (ClearmlClient c = client(fake.config()).build()) {
            c.call("tasks.get_all_ex", tasksBody());
            fake.expireTokens();
            JsonNode d = c.call("tasks.get_all_ex", tasksBody());
            assertThat(d.get("tasks")).hasSize(10);
            assertThat(fake.count("auth.login")).isEqualTo(2);
            assertThat(fake.count("tasks.get_all_ex")).isEqualTo(3); // the 401 and its one retry
        }
    }

    @Test
    void tokenCloseToExpiryIsRefreshedBeforeTheRequest() {
        fake.tokenLifetime(100); // below the 360 s threshold: every call refreshes first
        try (ClearmlClient c = client(fake.config()).build()) {
            c.call("tasks.get_all_ex", tasksBody());
            c.call("tasks.get_all_ex", tasksBody());
            assertThat(fake.count("auth.login")).isEqualTo(2);
            assertThat(fake.count("tasks.get_all_ex")).isEqualTo(2);
        }
    }

    @Test
    void wrongSecretSaysSo() {
        ClearmlConfig bad = ClearmlConfig.of("bad", new ServerSettings(fake.url(), fake.url(), fake.url(),
                new Credentials(FakeClearmlServer.ACCESS_KEY, "wrong"), true));
        try (ClearmlClient c = client(bad).build()) {
            assertThatThrownBy(() -> c.call("tasks.get_all_ex", tasksBody()))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ClearmlException.Kind.BAD_CREDENTIALS);
                        assertThat(e.resultCode()).isEqualTo(401);
                        assertThat(e.subcode()).isEqualTo(22);
                    })
                    .hasMessageContaining("refused the access key / secret key");
            assertThat(fake.count("auth.login")).isEqualTo(1); // no retry of a refused login
            assertThatThrownBy(c::checkConnection).hasMessageContaining("refused");
        }
    }

    @Test
    void serverErrorsCarryCodeSubcodeAndMessage() {
        try (ClearmlClient c = client(fake.config()).build()) {
            ObjectNode b = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("task", "0123456789abcdef0123456789abcdef");
            assertThatThrownBy(() -> c.call("tasks.get_by_id", b)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.resultCode()).isEqualTo(400);
                assertThat(e.subcode()).isEqualTo(101);
                assertThat(e.endpoint()).isEqualTo("tasks.get_by_id");
                assertThat(e.serverMessage()).isEqualTo("Invalid task id: ids=(0123456789abcdef0123456789abcdef)");
                assertThat(e.isInvalidId()).isTrue();
            });
        }
    }

    @Test
    void fiveHundredsAreRetriedOnReadsThenReported() {
        try (ClearmlClient c = client(fake.config()).maxAttempts(3).build()) {
            c.token();
            fake.failNext("tasks.get_all_ex", FakeClearmlServer.status(503, "text/html", "maintenance"));
            assertThat(c.call("tasks.get_all_ex", tasksBody()).get("tasks")).hasSize(10);
            assertThat(fake.count("tasks.get_all_ex")).isEqualTo(2);

            for (int i = 0; i < 3; i++) fake.failNext("tasks.get_all_ex", FakeClearmlServer.status(502, "text/html", "bad gateway"));
            assertThatThrownBy(() -> c.call("tasks.get_all_ex", tasksBody()))
                    .isInstanceOf(ApiException.class).hasMessageContaining("HTTP 502");

            // A 500 is the server's answer, not a transient failure: reported at once, with its message.
            fake.failNext("tasks.get_all_ex", FakeClearmlServer.serverError(500, "General data error (boom)"));
            int before = fake.count("tasks.get_all_ex");
            assertThatThrownBy(() -> c.call("tasks.get_all_ex", tasksBody()))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.serverMessage()).isEqualTo("General data error (boom)"));
            assertThat(fake.count("tasks.get_all_ex")).isEqualTo(before + 1);
        }
    }

    @Test
    void writesAreNotRepeatedOn5xxUnlessIdempotent() {
        try (ClearmlClient c = client(fake.config()).maxAttempts(3).build()) {
            c.token();
            fake.failNext("tasks.started", FakeClearmlServer.status(503, "text/html", "x"));
            assertThatThrownBy(() -> c.call("tasks.started", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()))
                    .isInstanceOf(ApiException.class);
            assertThat(fake.count("tasks.started")).isEqualTo(1);
        }
    }

    @Test
    void malformedJsonIsAProtocolErrorNotACrash() {
        try (ClearmlClient c = client(fake.config()).build()) {
            c.token();
            fake.failNext("tasks.get_all_ex", FakeClearmlServer.malformedJson());
            assertThatThrownBy(() -> c.call("tasks.get_all_ex", tasksBody()))
                    .isInstanceOfSatisfying(ClearmlException.class, e -> assertThat(e.kind()).isEqualTo(ClearmlException.Kind.NOT_CLEARML))
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void somethingElseOnThePortIsNotAClearmlServer() {
        fake.failNext("debug.ping", FakeClearmlServer.status(200, "text/html", "<html>ClearML web app</html>"));
        try (ClearmlClient c = client(fake.config()).build()) {
            assertThatThrownBy(c::checkConnection)
                    .isInstanceOfSatisfying(ClearmlException.class, e -> assertThat(e.kind()).isEqualTo(ClearmlException.Kind.NOT_CLEARML))
                    .hasMessageContaining("does not look like a ClearML API server").hasMessageContaining("text/html");
        }
    }

    @Test
    void checkConnectionReportsServerInfo() {
        try (ClearmlClient c = client(fake.config()).build()) {
            ServerInfo info = c.checkConnection();
            assertThat(info.serverVersion()).isEqualTo("2.3.0");
            assertThat(info.apiVersion()).isEqualTo("2.34");
            assertThat(info.userName()).isEqualTo("tests");
        }
    }

    @Test
    void aServerThatHangsTimesOut() {
        fake.hangAll();
        try (ClearmlClient c = client(fake.config()).maxAttempts(1).readTimeout(Duration.ofMillis(500)).build()) {
            assertThatThrownBy(c::token)
                    .isInstanceOfSatisfying(ClearmlException.class, e -> assertThat(e.kind()).isEqualTo(ClearmlException.Kind.TIMEOUT))
                    .hasMessageContaining("did not answer");
        }
    }

    @Test
    void interruptingTheCallerCancelsABlockedCall() throws Exception {
        fake.hangAll();
        try (ClearmlClient c = client(fake.config()).maxAttempts(1).readTimeout(Duration.ofMinutes(2))
                .callTimeout(Duration.ZERO).build()) {
            AtomicReference<Throwable> error = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    c.token();
                } catch (Throwable e) {
                    error.set(e);
                }
            });
            t.start();
            while (fake.totalRequests() == 0) Thread.sleep(10);
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).isFalse();
            assertThat(error.get()).isInstanceOfSatisfying(ClearmlException.class,
                    e -> assertThat(e.kind()).isEqualTo(ClearmlException.Kind.CANCELLED));
        }
    }

    @Test
    void unreachableHostIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        ClearmlConfig cfg = ClearmlConfig.of("x", new ServerSettings(url, url, url, new Credentials("k", "s"), true));
        try (ClearmlClient c = client(cfg).maxAttempts(2).build()) {
            assertThatThrownBy(c::checkConnection)
                    .isInstanceOfSatisfying(ClearmlException.class, e -> assertThat(e.kind()).isEqualTo(ClearmlException.Kind.UNREACHABLE))
                    .hasMessageContaining("connection refused");
        }
        ClearmlConfig dns = ClearmlConfig.of("x", new ServerSettings("http://no-such-host.invalid:8008", "http://a", "http://b",
                new Credentials("k", "s"), true));
        try (ClearmlClient c = client(dns).build()) {
            assertThatThrownBy(c::checkConnection).hasMessageContaining("unknown host 'no-such-host.invalid'");
        }
    }

    @Test
    void selfSignedCertificateFailsByDefaultAndWorksWithVerificationOff() throws Exception {
        try (FakeClearmlServer tls = FakeClearmlServer.startHttps(new FakeWorld(), SelfSignedTls.serverContext())) {
            assertThat(tls.url()).startsWith("https://");
            try (ClearmlClient c = client(tls.config()).build()) {
                assertThatThrownBy(c::checkConnection)
                        .isInstanceOfSatisfying(ClearmlException.class, e -> assertThat(e.kind()).isEqualTo(ClearmlException.Kind.TLS))
                        .hasMessageContaining("TLS failure").hasMessageContaining("Verify certificate");
            }
            ServerSettings s = tls.settings();
            ClearmlConfig off = ClearmlConfig.of("tls", new ServerSettings(s.apiServer(), s.webServer(), s.filesServer(), s.credentials(), false));
            try (ClearmlClient c = client(off).build()) {
                assertThat(c.checkConnection().serverVersion()).isEqualTo("2.3.0");
            }
        }
    }

    @Test
    void concurrentCallersShareOneLogin() throws Exception {
        try (ClearmlClient c = client(fake.config()).build()) {
            CompletableFuture<?>[] fs = new CompletableFuture<?>[8];
            for (int i = 0; i < fs.length; i++) fs[i] = CompletableFuture.runAsync(() -> c.call("tasks.get_all_ex", tasksBody()));
            CompletableFuture.allOf(fs).get(30, TimeUnit.SECONDS);
            assertThat(fake.count("auth.login")).isEqualTo(1);
        }
    }
}
