package dev.vitrine.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageUriTest {

    @Test
    void parsesEveryFormTheSdkRecognises() {
        StorageUri http = StorageUri.parse("http://files.example.com:8081/Vision/resnet50%20baseline.e2f/artifacts/c/confusion.npz");
        assertThat(http.scheme()).isEqualTo(StorageUri.Scheme.HTTP);
        assertThat(http.netloc()).isEqualTo("files.example.com:8081");
        assertThat(http.fileName()).isEqualTo("confusion.npz");

        S3Location aws = StorageUri.parse("s3://ml-artifacts/clearml/Proj/a.npz").s3();
        assertThat(aws).isEqualTo(new S3Location(null, "ml-artifacts", "clearml/Proj/a.npz"));

        S3Location minio = StorageUri.parse("s3://minio.local:9000/ml/clearml/a.npz").s3();
        assertThat(minio).isEqualTo(new S3Location("minio.local:9000", "ml", "clearml/a.npz"));

        // without a port (and no credentials entry) the netloc is the bucket
        assertThat(StorageUri.parse("s3://minio.local/ml/a").s3().bucket()).isEqualTo("minio.local");

        assertThat(StorageUri.parse("gs://b/k").scheme()).isEqualTo(StorageUri.Scheme.GS);
        assertThat(StorageUri.parse("azure://acme.blob.core.windows.net/models/x").scheme()).isEqualTo(StorageUri.Scheme.AZURE);

        StorageUri file = StorageUri.parse("file:///tmp/some%20dir/a.csv");
        assertThat(file.isRemote()).isFalse();
        assertThat(file.localPath().toString()).isEqualTo("/tmp/some%20dir/a.csv"); // escapes are not decoded
        assertThat(StorageUri.parse("/abs/x.bin").localPath().toString()).isEqualTo("/abs/x.bin");
        assertThat(StorageUri.parse("C:\\data\\x.bin").scheme()).isEqualTo(StorageUri.Scheme.FILE);
        assertThat(StorageUri.parse("~/x").localPath().toString()).isEqualTo(System.getProperty("user.home") + "/x");
    }

    @Test
    void fileNamesNeverEscape() {
        assertThat(StorageUri.parse("http://h/a/..").fileName()).isNull();
        assertThat(StorageUri.parse("http://h/a/%2e%2e").fileName()).isNull();
        assertThat(StorageUri.parse("http://h/a/x%2Fy").fileName()).isNull();
        assertThat(StorageUri.parse("http://h/a/b%20c.txt?sig=1").fileName()).isEqualTo("b c.txt");
        assertThat(StorageUri.parse("http://h/a/").fileName()).isNull();
    }

    @Test
    void messagesHideUserInfo() {
        assertThat(StorageUri.parse("https://user:pw@host/x").toString()).isEqualTo("https://host/x");
    }

    @Test
    void emptyUriIsAClearError() {
        assertThatThrownBy(() -> StorageUri.parse(" ")).isInstanceOf(StorageException.class).hasMessageContaining("No uri");
    }
}
