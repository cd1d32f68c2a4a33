package dev.vitrine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsPasteTest {

    /** Exactly what the ClearML web app shows (Settings > Workspace > Create new credentials). */
    static final String WEB_UI_BLOCK = """
            api {
              web_server: https://app.clear.ml
              api_server: https://api.clear.ml
              files_server: https://files.clear.ml
              credentials {
                "access_key" = "ABCDEFGHIJKLMNOPQRST"
                "secret_key"  = "s3cr3t-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef"
              }
            }
            """;

    @TempDir
    Path home;

    @Test
    void parsesTheWebUiBlock() {
        ServerSettings s = CredentialsPaste.parse(WEB_UI_BLOCK);
        assertThat(s.apiServer()).isEqualTo("https://api.clear.ml");
        assertThat(s.webServer()).isEqualTo("https://app.clear.ml");
        assertThat(s.filesServer()).isEqualTo("https://files.clear.ml");
        assertThat(s.credentials().accessKey()).isEqualTo("ABCDEFGHIJKLMNOPQRST");
        assertThat(s.credentials().secretKey()).startsWith("s3cr3t-");
        assertThat(s.verifyCertificate()).isTrue();
        assertThat(s.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void parsesSelfHostedBlockWithoutWrapperAndDerivesHosts() {
        ServerSettings s = CredentialsPaste.parse("api_server: http://10.0.0.5:8008\ncredentials { access_key: K, secret_key: S }");
        assertThat(s.resolved().webServer()).isEqualTo("http://10.0.0.5:8080");
        assertThat(s.resolved().filesServer()).isEqualTo("http://10.0.0.5:8081");
    }

    @Test
    void parsesFlatSdkForm() {
        ServerSettings s = CredentialsPaste.parse("api.api_server = \"http://h:8008\"\napi.credentials.access_key = \"K\"\napi.credentials.secret_key = \"S\"\n");
        assertThat(s.credentials()).isEqualTo(new Credentials("K", "S"));
    }

    @Test
    void emptyPaste() {
        assertThatThrownBy(() -> CredentialsPaste.parse("  \n")).isInstanceOf(ConfigException.class).hasMessageContaining("Nothing was pasted");
    }

    @Test
    void truncatedPasteNamesTheProblem() {
        String cut = WEB_UI_BLOCK.substring(0, WEB_UI_BLOCK.indexOf("\"secret_key\""));
        assertThatThrownBy(() -> CredentialsPaste.parse(cut)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The pasted text is not a credentials block");
    }

    @Test
    void missingSecretKeyIsNamed() {
        String noSecret = WEB_UI_BLOCK.replaceAll("(?m)^.*secret_key.*$", "");
        assertThatThrownBy(() -> CredentialsPaste.parse(noSecret)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing credentials.secret_key").hasMessageNotContaining("access_key,");
    }

    @Test
    void missingApiServerAndKeysAreAllNamed() {
        assertThatThrownBy(() -> CredentialsPaste.parse("api { web_server: https://app.clear.ml }"))
                .hasMessageContaining("api_server, credentials.access_key, credentials.secret_key");
    }

    @Test
    void unrelatedTextIsRefused() {
        assertThatThrownBy(() -> CredentialsPaste.parse("hello world")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> CredentialsPaste.parse("foo { bar: 1 }")).hasMessageContaining("no 'api { ... }' block");
        assertThatThrownBy(() -> CredentialsPaste.parse("api { api_server: ftp.example.com, credentials { access_key: a, secret_key: b } }"))
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void savedFileIsPrivateReadableByTheLoaderAndNeverSilentlyReplaced() throws Exception {
        ServerSettings s = CredentialsPaste.parse(WEB_UI_BLOCK);
        ConfigLoader loader = new ConfigLoader(Map.of(), home);
        Profiles profiles = Profiles.standard(loader);
        Profile p = profiles.save("work", s, false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.file()))).isEqualTo("rw-------");
        ClearmlConfig c = profiles.load("work").orElseThrow();
        assertThat(c.apiServer()).isEqualTo("https://api.clear.ml");
        assertThat(c.credentials()).isEqualTo(s.credentials());
        assertThat(profiles.list()).extracting(Profile::name).containsExactly("work");

        assertThatThrownBy(() -> profiles.save("work", s, false)).isInstanceOf(ConfigException.class).hasMessageContaining("already exists");
        ServerSettings other = new ServerSettings("http://h:8008", null, null, new Credentials("K2", "S2"), false);
        profiles.save("work", other, true);
        assertThat(profiles.load("work").orElseThrow().credentials().accessKey()).isEqualTo("K2");
        try (var files = Files.list(profiles.folder())) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("work.conf.bak-"));
        }

        // "default" writes the SDK's own ~/clearml.conf
        profiles.save(Profiles.DEFAULT, s, false);
        assertThat(Files.exists(home.resolve("clearml.conf"))).isTrue();
        assertThat(loader.load().orElseThrow().credentials()).isEqualTo(s.credentials());
        assertThat(profiles.list()).extracting(Profile::name).containsExactly("default", "work");
    }

    @Test
    void badProfileNamesAreRefused() {
        Profiles profiles = Profiles.standard(new ConfigLoader(Map.of(), home));
        assertThatThrownBy(() -> profiles.fileOf("../evil")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> profiles.load("nope")).hasMessageContaining("No profile named 'nope'");
    }
}
