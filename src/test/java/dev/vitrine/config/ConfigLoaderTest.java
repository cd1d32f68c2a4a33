package dev.vitrine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path home;

    /** What clearml-init writes: unquoted URLs, quoted credential keys. */
    static final String CLEARML_INIT = """
            # ClearML SDK configuration file
            api {
                # Notice: 'host' is the api server (default port 8008), not the web server.
                web_server: http://localhost:8080
                api_server: http://localhost:8008
                files_server: http://localhost:8081
                # Credentials are generated using the webapp, http://localhost:8080//settings
                # Override with os environment: CLEARML_API_ACCESS_KEY / CLEARML_API_SECRET_KEY
                credentials {"access_key": "FILEKEY", "secret_key": "filesecret"}
            }
            sdk {
                storage { cache { default_base_dir: "~/.clearml/cache" } }
                aws { s3 { key: "minio", secret: "minio123", region: "" } }
            }
            """;

    ConfigLoader loader(Map<String, String> env) {
        return new ConfigLoader(env, home);
    }

    @Test
    void nothingConfiguredIsEmpty() {
        assertThat(loader(Map.of()).load()).isEmpty();
    }

    @Test
    void readsClearmlInitFileWithUnquotedUrls() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), CLEARML_INIT);
        ClearmlConfig c = loader(Map.of()).load().orElseThrow();
        assertThat(c.apiServer()).isEqualTo("http://localhost:8008");
        assertThat(c.webServer()).isEqualTo("http://localhost:8080");
        assertThat(c.filesServer()).isEqualTo("http://localhost:8081");
        assertThat(c.credentials()).isEqualTo(new Credentials("FILEKEY", "filesecret"));
        assertThat(c.verifyCertificate()).isTrue();
        assertThat(c.tokenExpirationThresholdSec()).isEqualTo(360);
        assertThat(c.raw().getString("sdk.aws.s3.key")).isEqualTo("minio");
        assertThat(c.raw().getStringList("sdk.aws.s3.credentials")).isEmpty(); // from the bundled defaults
    }

    @Test
    void environmentWinsOverFileForTheSdkKeys() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), CLEARML_INIT);
        Map<String, String> env = new HashMap<>();
        env.put("CLEARML_API_HOST", " https://api.example.com/ ");
        env.put("CLEARML_API_ACCESS_KEY", "ENVKEY");
        env.put("CLEARML_API_SECRET_KEY", "");           // empty counts as unset
        env.put("TRAINS_API_SECRET_KEY", "trainssecret"); // the alias is the next candidate
        env.put("CLEARML_WEB_HOST", "");
        ClearmlConfig c = loader(env).load().orElseThrow();
        assertThat(c.apiServer()).isEqualTo("https://api.example.com");
        assertThat(c.credentials()).isEqualTo(new Credentials("ENVKEY", "trainssecret"));
        // web/files come from the file, which wins over derivation
        assertThat(c.webServer()).isEqualTo("http://localhost:8080");
        assertThat(c.source()).contains("clearml.conf").contains("environment");
    }

    @Test
    void environmentOnlyDerivesWebAndFilesHosts() {
        ClearmlConfig c = loader(Map.of("CLEARML_API_HOST", "https://api.example.com",
                "CLEARML_API_ACCESS_KEY", "K", "CLEARML_API_SECRET_KEY", "S")).load().orElseThrow();
        assertThat(c.webServer()).isEqualTo("https://app.example.com");
        assertThat(c.filesServer()).isEqualTo("https://files.example.com");
    }

    @Test
    void hostDerivationRulesOfTheSdk() {
        assertThat(Hosts.webFromApi("http://localhost:8008")).isEqualTo("http://localhost:8080");
        assertThat(Hosts.filesFrom("http://localhost:8008", "http://localhost:8080")).isEqualTo("http://localhost:8081");
        assertThat(Hosts.webFromApi("https://api.clear.ml")).isEqualTo("https://app.clear.ml");
        assertThat(Hosts.filesFrom("https://api.clear.ml", "https://app.clear.ml")).isEqualTo("https://files.clear.ml");
        assertThat(Hosts.webFromApi("https://demoapi.demo.clear.ml")).isEqualTo("https://demoapp.demo.clear.ml");
        assertThat(Hosts.filesFrom("https://demoapi.demo.clear.ml", "https://demoapp.demo.clear.ml")).isEqualTo("https://demofiles.demo.clear.ml");
        assertThat(Hosts.filesFrom("https://clearml.corp", "https://web.corp")).isEqualTo("https://web.corp:8081");
        assertThatThrownBy(() -> Hosts.webFromApi("https://clearml.corp:443"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("web_server");
    }

    @Test
    void clearmlConfWinsOverTrainsConfAndConfigFileReplacesBoth() throws Exception {
        Files.writeString(home.resolve("trains.conf"), "api { api_server: http://old:8008\n credentials { access_key: T, secret_key: TS } \n web_server: http://oldweb:8080 }");
        Files.writeString(home.resolve("clearml.conf"), "api { api_server: http://new:8008 }");
        ClearmlConfig merged = loader(Map.of()).load().orElseThrow();
        assertThat(merged.apiServer()).isEqualTo("http://new:8008");
        assertThat(merged.webServer()).isEqualTo("http://oldweb:8080"); // deep merge keeps trains.conf's key
        assertThat(merged.credentials().accessKey()).isEqualTo("T");

        Path explicit = home.resolve("other").resolve("my.conf");
        Files.createDirectories(explicit.getParent());
        Files.writeString(explicit, "api.api_server = \"https://api.other.org\"\napi.credentials.access_key = O\napi.credentials.secret_key = OS\n");
        ClearmlConfig only = loader(Map.of("CLEARML_CONFIG_FILE", "~/other/my.conf")).load().orElseThrow();
        assertThat(only.apiServer()).isEqualTo("https://api.other.org");
        assertThat(only.credentials().accessKey()).isEqualTo("O");
        assertThat(loader(Map.of("CLEARML_CONFIG_FILE", "~/other/my.conf")).activeConfigFile()).contains(explicit);
    }

    @Test
    void verifyCertificateFromFileAndEnvironment() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), CLEARML_INIT.replace("web_server:", "verify_certificate: False\n web_server:"));
        assertThat(loader(Map.of()).load().orElseThrow().verifyCertificate()).isFalse();
        assertThat(loader(Map.of("CLEARML_API_HOST_VERIFY_CERT", "yes")).load().orElseThrow().verifyCertificate()).isTrue();
        ClearmlConfig ca = loader(Map.of("CLEARML_API_HOST_VERIFY_CERT", "~/ca.pem")).load().orElseThrow();
        assertThat(ca.verifyCertificate()).isTrue();
        assertThat(ca.caBundle()).isEqualTo(home.resolve("ca.pem"));
    }

    @Test
    void substitutionFromEnvironment() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), "api { api_server: ${MY_HOST}\n credentials { access_key: ${MY_KEY}, secret_key: s } }\n"
                + "sdk.google.storage.credentials_json: ${?GOOGLE_APPLICATION_CREDENTIALS}\n");
        ClearmlConfig c = loader(Map.of("MY_HOST", "http://h:8008", "MY_KEY", "subst")).load().orElseThrow();
        assertThat(c.apiServer()).isEqualTo("http://h:8008");
        assertThat(c.credentials().accessKey()).isEqualTo("subst");
    }

    @Test
    void serverWithoutCredentialsIsAClearError() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), "api { api_server: \"http://h:8008\" }");
        assertThatThrownBy(() -> loader(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("access_key and secret_key");
    }

    @Test
    void brokenFileIsAClearError() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), "api { api_server: \"http://h:8008\" \n credentials { ");
        assertThatThrownBy(() -> loader(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clearml.conf").hasMessageContaining("not valid HOCON");
    }

    @Test
    void authTokenReplacesKeysAndRaisesThreshold() {
        ClearmlConfig c = loader(Map.of("CLEARML_API_HOST", "http://h:8008", "CLEARML_AUTH_TOKEN", "a.b.c")).load().orElseThrow();
        assertThat(c.credentials()).isNull();
        assertThat(c.authToken()).isEqualTo("a.b.c");
        assertThat(c.tokenExpirationThresholdSec()).isGreaterThanOrEqualTo(3600);
        assertThat(c.toString()).doesNotContain("a.b.c");
    }

    @Test
    void secretsNeverInToString() throws Exception {
        Files.writeString(home.resolve("clearml.conf"), CLEARML_INIT);
        ClearmlConfig c = loader(Map.of()).load().orElseThrow();
        assertThat(c.toString()).contains("FILEKEY").doesNotContain("filesecret");
        assertThat(c.settings().toString()).doesNotContain("filesecret");
    }

    @Test
    void urlQuotingLeavesQuotedAndMultilineValuesAlone() {
        String text = "a: http://x:1/p\nb: \"http://y\"\nc = \"\"\"\nd: http://inside\n\"\"\"\ne { url: s3://bucket/k }\n";
        String q = Hocon.quoteUnquotedUrls(text);
        assertThat(q).contains("a: \"http://x:1/p\"").contains("b: \"http://y\"").contains("d: http://inside")
                .contains("url: \"s3://bucket/k\" }");
    }
}
