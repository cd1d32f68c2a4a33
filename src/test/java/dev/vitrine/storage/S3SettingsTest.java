package dev.vitrine.storage;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lookup of STORAGE.md 3.3, on clearml.conf-style HOCON. */
class S3SettingsTest {

    static final String CONF = """
            sdk.aws.s3 {
              key: "defkey"
              secret: "defsecret"
              region: "eu-central-1"
              credentials: [
                { bucket: "data", key: "k-data", secret: "s-data", region: "us-west-2" },
                { bucket: "data-special/", key: "k-special", secret: "s-special" },
                { host: "minio.local:9000", key: "k-minio", secret: "s-minio", multipart: false, secure: false },
                { host: "minio.local:9000", bucket: "ml", key: "k-ml", secret: "s-ml", verify: "/etc/ca.pem" },
                { host: "ceph.lan", key: "k-ceph", secret: "s-ceph" },
                { bucket: "nokey", region: "x" }
              ]
            }
            """;

    S3Settings settings = S3Settings.from(ConfigFactory.parseString(CONF), Map.of());

    @Test
    void longestMatchingPrefixWinsAndIsUsedAsIs() {
        S3Settings.Target t = settings.resolve(StorageUri.parse("s3://minio.local:9000/ml/a/b.npz"));
        assertThat(t.config().key()).isEqualTo("k-ml");
        assertThat(t.config().secure()).isTrue(); // the entry's own default, not merged with the host entry
        assertThat(t.config().verify()).isEqualTo("/etc/ca.pem");
        assertThat(t.location()).isEqualTo(new S3Location("minio.local:9000", "ml", "a/b.npz"));
        assertThat(t.endpoint()).isEqualTo("https://minio.local:9000");
        assertThat(t.pathStyle()).isTrue();

        S3Settings.Target other = settings.resolve(StorageUri.parse("s3://minio.local:9000/other/x"));
        assertThat(other.config().key()).isEqualTo("k-minio");
        assertThat(other.config().multipart()).isFalse();
        assertThat(other.endpoint()).isEqualTo("http://minio.local:9000");
    }

    @Test
    void prefixMatchesOnlyOnHostPortAndPathBoundaries() {
        // the SDK's plain string prefix would give "s3://data"'s key to "s3://data2/..." and ceph.lan's to ceph.lan.attacker.com
        assertThat(settings.resolve(StorageUri.parse("s3://data2/x")).config().key()).isEqualTo("defkey");
        assertThat(settings.resolve(StorageUri.parse("s3://ceph.lan.attacker.com/b/x")).config().key()).isEqualTo("defkey");
        assertThat(settings.resolve(StorageUri.parse("s3://minio.local:90001/ml/x")).config().key()).isEqualTo("defkey");
        assertThat(settings.resolve(StorageUri.parse("s3://minio.local:9000/mlx/x")).config().key()).isEqualTo("k-minio");
        assertThat(settings.resolve(StorageUri.parse("s3://data-special/x")).config().key()).isEqualTo("k-special");
        assertThat(settings.resolve(StorageUri.parse("s3://DATA/x")).config().region()).isEqualTo("us-west-2");
        assertThat(settings.resolve(StorageUri.parse("s3://ceph.lan:7480/b/x")).config().key()).isEqualTo("k-ceph");
        assertThat(settings.resolve(StorageUri.parse("s3://ceph.lan")).config().key()).isEqualTo("k-ceph");
    }

    @Test
    void hostEntryWithoutPortSplitsTheUrl() {
        S3Settings.Target t = settings.resolve(StorageUri.parse("s3://ceph.lan/bucket/k/e/y"));
        assertThat(t.location()).isEqualTo(new S3Location("ceph.lan", "bucket", "k/e/y"));
        assertThat(t.config().key()).isEqualTo("k-ceph");
    }

    @Test
    void unmatchedUsesDefaultsAndEntriesWithoutKeysAreDropped() {
        S3Settings.Target t = settings.resolve(StorageUri.parse("s3://nokey/x"));
        assertThat(t.config().key()).isEqualTo("defkey");
        assertThat(t.config().region()).isEqualTo("eu-central-1");
        assertThat(t.endpoint()).isNull();
        assertThat(t.pathStyle()).isFalse();
    }

    @Test
    void envFallsBackOnlyForEmptyDefaults() {
        S3Settings s = S3Settings.from(ConfigFactory.parseString("sdk.aws.s3 { region: \"r1\" }"),
                Map.of("AWS_ACCESS_KEY_ID", "ek", "AWS_SECRET_ACCESS_KEY", "es", "AWS_DEFAULT_REGION", "r2"));
        S3Settings.Target t = s.resolve(StorageUri.parse("s3://b/k"));
        assertThat(t.config().key()).isEqualTo("ek");
        assertThat(t.config().region()).isEqualTo("r1");
    }

    @Test
    void missingCredentialsIsTheSdksError() {
        S3Settings s = S3Settings.from(ConfigFactory.empty(), Map.of());
        assertThatThrownBy(() -> s.resolve(StorageUri.parse("s3://b/k")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("Missing key and secret for S3 storage access")
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.BAD_CREDENTIALS));
    }

    @Test
    void secretsNeverPrinted() {
        assertThat(settings.resolve(StorageUri.parse("s3://data/x")).toString()).doesNotContain("s-data");
    }
}
