package dev.vitrine.testutil;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3 server in-process (S3Proxy over a filesystem blob store, so big objects stay off the
 * heap), on loopback, with one access key. {@link #admin()} is a plain AWS client for test setup.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String KEY = "vitrine-access";
    public static final String SECRET = "vitrine-secret-0123456789";

    private final S3Proxy proxy;
    private final S3Client admin;

    public S3ProxyServer(Path dataDir) throws Exception {
        Files.createDirectories(dataDir);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        props.setProperty("jclouds.identity", KEY);
        props.setProperty("jclouds.credential", SECRET);
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
                .ignoreUnknownHeaders(true)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
        admin = S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .build();
    }

    /** {@code host:port}, as an {@code s3://host:port/bucket/key} uri names it. */
    public String hostPort() {
        return "127.0.0.1:" + proxy.getPort();
    }

    public String endpoint() {
        return "http://" + hostPort();
    }

    public S3Client admin() {
        return admin;
    }

    public void createBucket(String name) {
        admin.createBucket(b -> b.bucket(name));
    }

    @Override
    public void close() throws Exception {
        admin.close();
        proxy.stop();
    }
}
