package dev.vitrine.testutil;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made once per build with the JDK's keytool under
 * target/, as a server-side TLS context for the fake's HTTPS mode.
 */
public final class SelfSignedTls {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext context;

    private SelfSignedTls() {}

    /** The PKCS12 keystore (password {@link #password()}), made once. */
    public static synchronized Path keystore() throws Exception {
        Path dir = Path.of("target", "tls").toAbsolutePath();
        Files.createDirectories(dir);
        Path ks = dir.resolve("selfsigned.p12");
        if (!Files.exists(ks)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "fake", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "3650", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", new String(PASSWORD),
                    "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool failed");
        }
        return ks;
    }

    public static String password() {
        return new String(PASSWORD);
    }

    /** The certificate as a PEM file: what a user names in {@code verify: /path/ca.pem}. */
    public static synchronized Path caPem() throws Exception {
        Path ks = keystore();
        Path pem = ks.resolveSibling("selfsigned-ca.pem");
        if (!Files.exists(pem)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-exportcert", "-rfc", "-alias", "fake", "-keystore", ks.toString(),
                    "-storetype", "PKCS12", "-storepass", password(), "-file", pem.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool -exportcert failed");
        }
        return pem;
    }

    public static synchronized SSLContext serverContext() throws Exception {
        if (context != null) return context;
        Path ks = keystore();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        context = ctx;
        return ctx;
    }
}
