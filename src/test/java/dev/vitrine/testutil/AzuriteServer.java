package dev.vitrine.testutil;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Azurite, Microsoft's Azure Storage emulator (a real Blob service on loopback), as a child process.
 * Found at {@code AZURITE_BLOB}, {@code target/azurite/node_modules/.bin/azurite-blob} (where
 * {@code .ci/run} installs it with npm) or on the PATH; tests that need it are skipped when it is
 * nowhere, with the command that installs it.
 */
public final class AzuriteServer implements AutoCloseable {

    /** The emulator's well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    public AzuriteServer(Path dataDir) throws Exception {
        String bin = find();
        Assumptions.assumeTrue(bin != null, "Azurite not installed: npm install --prefix target/azurite azurite@3.35.0 (.ci/run does it)");
        Files.createDirectories(dataDir);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(bin, "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port), "--location", dataDir.toString(),
                "--silent", "--loose", "--skipApiVersionCheck", "--disableTelemetry")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("azurite.log").toFile()).start();
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            if (!process.isAlive()) throw new IllegalStateException("Azurite exited: " + Files.readString(dataDir.resolve("azurite.log")));
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Azurite did not start within 30 s");
    }

    private static String find() {
        String env = System.getenv("AZURITE_BLOB");
        for (String c : List.of(env == null ? "" : env, "target/azurite/node_modules/.bin/azurite-blob")) {
            if (!c.isEmpty() && Files.isExecutable(Path.of(c))) return Path.of(c).toAbsolutePath().toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "azurite-blob");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    /** The blob service endpoint of the development account. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A {@code sdk.azure.storage} block for this emulator (with Vitrine's {@code endpoint} extension). */
    public String config(String key) {
        return "sdk.azure.storage.containers: [{ account_name: \"" + ACCOUNT + "\", account_key: \"" + key + "\", container_name: \"\", endpoint: \"" + endpoint() + "\" }]";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
