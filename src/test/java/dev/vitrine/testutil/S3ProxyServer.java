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
    private final boolean https;

    public S3ProxyServer(Path dataDir) throws Exception {
        this(dataDir, false);
    }

    /** With {@code https}, the server listens on TLS only, with {@link SelfSignedTls}'s certificate. */
    public S3ProxyServer(Path dataDir, boolean https) throws Exception {
        this.https = https;
        Files.createDirectories(dataDir);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        props.setProperty("jclouds.identity", KEY);
        props.setProperty("jclouds.credential", SECRET);
        var builder = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
                .ignoreUnknownHeaders(true);
        if (https) {
            builder.secureEndpoint(URI.create("https://127.0.0.1:0")).keyStore(SelfSignedTls.keystore().toString(), SelfSignedTls.password());
        } else {
            builder.endpoint(URI.create("http://127.0.0.1:0"));
        }
        proxy = builder.build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
        var adminBuilder = S3Client.builder();
        if (https) {
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(SelfSignedTls.keystore())) {
                ks.load(in, SelfSignedTls.password().toCharArray());
            }
            tmf.init(ks);
            adminBuilder.httpClientBuilder(software.amazon.awssdk.http.apache5.Apache5HttpClient.builder()
                    .tlsTrustManagersProvider(tmf::getTrustManagers));
        }
        admin = adminBuilder
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
        return "127.0.0.1:" + (https ? proxy.getSecurePort() : proxy.getPort());
    }

    public String endpoint() {
        return (https ? "https://" : "http://") + hostPort();
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
