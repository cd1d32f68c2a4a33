package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference corpus in ../shared/corpus, when it exists. Tests that use it call
 * {@link #require()} and are skipped cleanly without it.
 */
public final class Corpus {
    private static JsonNode manifest;

    private Corpus() {}

    public static Path root() {
        String p = System.getProperty("vitrine.corpus");
        return p == null ? Path.of("..", "shared", "corpus").toAbsolutePath().normalize() : Path.of(p).toAbsolutePath().normalize();
    }

    public static boolean present() {
        return Files.isRegularFile(root().resolve("manifest.json"));
    }

    /** The corpus root; skips the calling test when the corpus is absent. */
    public static Path require() {
        Assumptions.assumeTrue(present(), "no ../shared/corpus here");
        return root();
    }

    public static synchronized JsonNode manifest() {
        if (manifest == null) {
            try {
                manifest = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                        .readTree(require().resolve("manifest.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manifest;
    }

    public static Path file(String relative) {
        return require().resolve(relative);
    }
}
