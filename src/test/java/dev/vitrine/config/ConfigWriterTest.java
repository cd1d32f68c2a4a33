package dev.vitrine.config;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saving the "default" profile into a user's real clearml.conf (#12 defect 8). */
class ConfigWriterTest {

    @TempDir
    Path home;

    private static String fixture() throws Exception {
        try (InputStream in = ConfigWriterTest.class.getResourceAsStream("clearml-full.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final ServerSettings NEW = new ServerSettings("https://api.example.org", "https://app.example.org",
            "https://files.example.org", new Credentials("NEWKEY", "newsecret"), false);

    @Test
    void savingEditsOnlyTheApiValuesAndKeepsEveryOtherByteAndTheMode() throws Exception {
        String original = fixture();
        Path conf = home.resolve("clearml.conf");
        Files.writeString(conf, original);
        boolean posix = Files.getFileAttributeView(conf, java.nio.file.attribute.PosixFileAttributeView.class) != null;
        if (posix) Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));

        Path backup = ConfigWriter.write(conf, NEW, true);

        String expected = original
                .replace("api_server: http://localhost:8008", "api_server: \"https://api.example.org\"")
                .replace("web_server: http://localhost:8080", "web_server: \"https://app.example.org\"")
                .replace("files_server: http://localhost:8081", "files_server: \"https://files.example.org\"")
                .replace("\"access_key\": \"OLDACCESSKEY0123456789\"", "\"access_key\": \"NEWKEY\"")
                .replace("\"secret_key\": \"oldSecretKeyDoNotUse0123456789\"", "\"secret_key\": \"newsecret\"")
                .replace("verify_certificate: True", "verify_certificate: false");
        assertThat(Files.readString(conf)).isEqualTo(expected);
        assertThat(backup).hasContent(original);
        if (posix) assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf))).isEqualTo("rw-r-----");

        // what the SDK and Vitrine read back: the new server, and the storage settings untouched
        ConfigLoader loader = new ConfigLoader(java.util.Map.of(), home);
        Config c = loader.parseFile(conf);
        assertThat(c.getString("api.api_server")).isEqualTo("https://api.example.org");
        assertThat(c.getString("api.credentials.access_key")).isEqualTo("NEWKEY");
        assertThat(c.getConfigList("sdk.aws.s3.credentials").get(0).getString("secret")).isEqualTo("minio123");
        assertThat(c.getConfigList("sdk.azure.storage.containers").get(0).getString("account_key")).isEqualTo("secretAzureKey==");
        assertThat(c.getConfigList("sdk.storage.path_substitution").get(0).getString("local_prefix")).isEqualTo("file:///mnt/shared/bucket/research");
        assertThat(c.getInt("api.http.retries.total")).isEqualTo(240);
        assertThat(home).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void missingApiKeysAreAddedInsideTheBlockAndAFileWithoutOneGetsOne() throws Exception {
        Path conf = home.resolve("clearml.conf");
        String partial = "# mine\napi {\n  api_server: http://old:8008\n}\nsdk { aws.s3 { key: \"k\" } }\n";
        Files.writeString(conf, partial);
        ConfigWriter.write(conf, NEW, true);
        String text = Files.readString(conf);
        assertThat(text).startsWith("# mine\napi {\n  api_server: \"https://api.example.org\"\n").endsWith("}\nsdk { aws.s3 { key: \"k\" } }\n");
        Config c = new ConfigLoader(java.util.Map.of(), home).parseFile(conf);
        assertThat(c.getString("api.files_server")).isEqualTo("https://files.example.org");
        assertThat(c.getString("api.credentials.secret_key")).isEqualTo("newsecret");
        assertThat(c.getString("sdk.aws.s3.key")).isEqualTo("k");

        Files.writeString(conf, "sdk { aws.s3 { key: \"k\" } }\n");
        ConfigWriter.write(conf, NEW, true);
        c = new ConfigLoader(java.util.Map.of(), home).parseFile(conf);
        assertThat(c.getString("api.web_server")).isEqualTo("https://app.example.org");
        assertThat(c.getString("sdk.aws.s3.key")).isEqualTo("k");
    }

    @Test
    void aFileItCannotFollowIsLeftUntouched() throws Exception {
        Path conf = home.resolve("clearml.conf");
        String broken = "api {\n  api_server: \"http://old:8008\n";
        Files.writeString(conf, broken);
        assertThatThrownBy(() -> ConfigWriter.write(conf, NEW, true)).isInstanceOf(ConfigException.class);
        assertThat(conf).hasContent(broken);
    }
}
