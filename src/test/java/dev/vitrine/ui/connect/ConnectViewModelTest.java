package dev.vitrine.ui.connect;

import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectViewModelTest {

    @TempDir
    Path home;
    FakeClearmlServer fake;
    ConnectViewModel vm;
    Profiles profiles;

    @BeforeEach
    void setUp() {
        FakeWorld world = new FakeWorld();
        world.seedBulk("p", 3);
        fake = FakeClearmlServer.start(world);
        profiles = Profiles.standard(new ConfigLoader(Map.of(), home));
        vm = new ConnectViewModel(Async.direct(), profiles,
                c -> ClearmlClient.builder(c).maxAttempts(1).connectTimeout(Duration.ofSeconds(2)).build(),
                c -> new ServerWorkspace(ClearmlClient.builder(c).build(), c.profile()));
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    String block(String secret) {
        return "api {\n  web_server: " + fake.url() + "\n  api_server: " + fake.url() + "\n  files_server: " + fake.url()
                + "\n  credentials {\n    \"access_key\" = \"" + FakeClearmlServer.ACCESS_KEY + "\"\n    \"secret_key\" = \"" + secret + "\"\n  }\n}\n";
    }

    @Test
    void pasteFillsTheFieldsAndTestSucceeds() {
        vm.pasteTextProperty().set(block(FakeClearmlServer.SECRET_KEY));
        assertThat(vm.applyPaste()).isTrue();
        assertThat(vm.apiServerProperty().get()).isEqualTo(fake.url());
        assertThat(vm.accessKeyProperty().get()).isEqualTo(FakeClearmlServer.ACCESS_KEY);
        vm.testConnection();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.SUCCESS);
        assertThat(vm.messageProperty().get()).contains("ClearML server 2.3.0").contains("API 2.34");
        assertThat(vm.serverInfoProperty().get()).isNotNull();
    }

    @Test
    void aPastedBlockIsReadAtOnceWithoutTheButton() {
        // the SDK's flat form has no closing brace to wait for: it is read as soon as it is whole
        vm.pasteTextProperty().set("api.api_server = " + fake.url() + "\napi.credentials.access_key = AK\napi.credentials.secret_key = SK\n");
        vm.pasteChanged();
        assertThat(vm.apiServerProperty().get()).isEqualTo(fake.url());
        assertThat(vm.secretKeyProperty().get()).isEqualTo("SK");
        assertThat(vm.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.INFO);

        // half a block is not scolded; the same block closed but without a secret says what is missing
        ConnectViewModel fresh = new ConnectViewModel(Async.direct(), profiles, c -> ClearmlClient.builder(c).build(), c -> null);
        fresh.pasteTextProperty().set("api {\n  api_server: " + fake.url() + "\n  credentials {\n");
        fresh.pasteChanged();
        assertThat(fresh.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.NONE);
        fresh.pasteTextProperty().set("api {\n  api_server: " + fake.url() + "\n  credentials { access_key: K }\n}");
        fresh.pasteChanged();
        assertThat(fresh.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.ERROR);
        assertThat(fresh.messageProperty().get()).contains("credentials.secret_key");
    }

    @Test
    void aBlockPastedIntoAFieldFillsEveryField() {
        assertThat(vm.offerPaste("https://api.example.com")).isFalse();
        assertThat(vm.offerPaste(block(FakeClearmlServer.SECRET_KEY))).isTrue();
        assertThat(vm.apiServerProperty().get()).isEqualTo(fake.url());
        assertThat(vm.accessKeyProperty().get()).isEqualTo(FakeClearmlServer.ACCESS_KEY);
        assertThat(vm.pasteTextProperty().get()).contains("secret_key");
    }

    @Test
    void malformedPasteExplains() {
        vm.pasteTextProperty().set("api {\n api_server: " + fake.url() + "\n credentials { access_key: K }\n}");
        assertThat(vm.applyPaste()).isFalse();
        assertThat(vm.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.ERROR);
        assertThat(vm.messageProperty().get()).contains("credentials.secret_key");
        assertThat(vm.apiServerProperty().get()).isEmpty();
    }

    @Test
    void wrongSecretIsNamed() {
        vm.pasteTextProperty().set(block("nope"));
        vm.applyPaste();
        vm.testConnection();
        assertThat(vm.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.ERROR);
        assertThat(vm.messageProperty().get()).contains("refused the access key / secret key").doesNotContain("nope");
    }

    @Test
    void notAClearmlServerAndUnreachableAreNamed() {
        vm.apiServerProperty().set(fake.url());
        vm.accessKeyProperty().set("k");
        vm.secretKeyProperty().set("s");
        vm.testConnection();
        assertThat(vm.messageProperty().get()).contains("set api.web_server"); // a port other than 8008: no derivation
        vm.webServerProperty().set(fake.url());
        vm.accessKeyProperty().set("k");
        vm.secretKeyProperty().set("s");
        fake.failNext("debug.ping", FakeClearmlServer.status(404, "text/html", "<h1>Not Found</h1>"));
        vm.testConnection();
        assertThat(vm.messageProperty().get()).contains("does not look like a ClearML API server");

        vm.apiServerProperty().set("http://no-such-host.invalid:8008");
        vm.webServerProperty().set("");
        vm.testConnection();
        assertThat(vm.messageProperty().get()).contains("unknown host");
    }

    @Test
    void missingFieldsAreListedBeforeAnyRequest() {
        vm.apiServerProperty().set("localhost:8008");
        vm.testConnection();
        assertThat(vm.messageProperty().get()).contains("Missing access key, secret key");
        vm.accessKeyProperty().set("k");
        vm.secretKeyProperty().set("s");
        vm.testConnection();
        assertThat(vm.messageProperty().get()).contains("http:// or https://");
        assertThat(fake.totalRequests()).isZero();
    }

    @Test
    void saveWritesAPrivateProfileAndRefusesToOverwrite() throws Exception {
        vm.pasteTextProperty().set(block(FakeClearmlServer.SECRET_KEY));
        vm.applyPaste();
        vm.profileNameProperty().set("lab");
        vm.save();
        assertThat(vm.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.SUCCESS);
        Path file = vm.savedProfileProperty().get().file();
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
        assertThat(profiles.load("lab").orElseThrow().apiServer()).isEqualTo(fake.url());
        vm.save();
        assertThat(vm.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.ERROR);
        assertThat(vm.messageProperty().get()).contains("already exists");
        vm.replaceExistingProperty().set(true);
        vm.save();
        assertThat(vm.messageKindProperty().get()).isEqualTo(ConnectViewModel.MessageKind.SUCCESS);
    }

    @Test
    void connectYieldsAWorkspace() {
        vm.pasteTextProperty().set(block(FakeClearmlServer.SECRET_KEY));
        vm.applyPaste();
        vm.connect();
        Workspace ws = vm.connectedProperty().get();
        assertThat(ws).isNotNull();
        try (ws) {
            assertThat(ws.kind()).isEqualTo(Workspace.Kind.SERVER);
            assertThat(ws.projects()).extracting(p -> p.name()).contains("p");
        }
    }
}
