package dev.vitrine.doctor;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.storage.StorageException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed download names the storage entry that served its uri (as the SDK matches it) and why it failed. */
class ExplainFailureTest {

    static final Config CONF = ConfigFactory.parseString("""
            sdk.aws.s3 { key: "k0", secret: "s0", credentials: [
              { bucket: "data", key: "k1", secret: "topsecret1" }
              { host: "minio.local:9000", bucket: "ml", key: "k2", secret: "topsecret2", secure: false }
              { host: "minio.local:9000", key: "k3" }
            ] }
            sdk.azure.storage.containers: [ { account_name: "acme", account_key: "x", container_name: "models" } ]
            api.files_server: "https://files.example.com/"
            """);

    static StorageException s3(String code, int status) {
        S3Exception e = (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m")
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build()).build();
        return new StorageException(StorageException.Kind.BAD_CREDENTIALS, "Wrong S3 credentials", e);
    }

    @Test
    void theMatchingEntryAndTheCause() {
        assertThat(SetupDoctor.explainFailure("s3://minio.local:9000/ml/a/b.pt", s3("SignatureDoesNotMatch", 403), CONF))
                .hasValueSatisfying(s -> assertThat(s).startsWith("served by sdk.aws.s3.credentials[1]: wrong secret")
                        .contains("check secret in sdk.aws.s3.credentials[1]").doesNotContain("topsecret"));
        // the SDK's plain prefix match: s3://data also serves s3://data2/...
        assertThat(SetupDoctor.explainFailure("s3://data2/x", s3("InvalidAccessKeyId", 403), CONF))
                .hasValueSatisfying(s -> assertThat(s).startsWith("served by sdk.aws.s3.credentials[0]: wrong key"));
        // an entry without secret is dropped, as the SDK drops it: the defaults serve the host
        assertThat(SetupDoctor.explainFailure("s3://other/x", s3("RequestTimeTooSkewed", 403), CONF))
                .hasValueSatisfying(s -> assertThat(s).startsWith("served by sdk.aws.s3 (key/secret/region): clock skew"));
        assertThat(SetupDoctor.explainFailure("azure://acme.blob.core.windows.net/models/m.pt",
                new StorageException(StorageException.Kind.ACCESS_DENIED, "denied"), CONF))
                .hasValueSatisfying(s -> assertThat(s).startsWith("served by sdk.azure.storage.containers[0]: no permission"));
        assertThat(SetupDoctor.explainFailure("http://files/x", new StorageException("x"), CONF)).isEmpty();
        assertThat(SetupDoctor.explainFailure("https://files.example.com.evil/x", new StorageException("x"), CONF)).isEmpty();
    }

    @Test
    void aFilesServerDownloadNamesApiFilesServerAndTheTokenNotAKey() {
        var refused = SetupDoctor.explain("https://files.example.com/proj/t.abc/artifacts/a/a.csv",
                new StorageException(StorageException.Kind.BAD_CREDENTIALS, "The files server refused the token (401)"), CONF).orElseThrow();
        assertThat(refused.entry()).isEqualTo("api.files_server");
        assertThat(refused.cause()).contains("refused this server's token");
        assertThat(refused.fix()).contains("api.api_server").doesNotContain("secret");
        var gone = SetupDoctor.explain("https://files.example.com/proj/x.bin",
                new StorageException(StorageException.Kind.NOT_FOUND, "Not found (404)"), CONF).orElseThrow();
        assertThat(gone.cause()).contains("not on the files server");
    }
}
