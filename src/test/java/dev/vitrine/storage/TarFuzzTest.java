package dev.vitrine.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitrine.testutil.FuzzChecks;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Fuzz target for tar listing and extraction: IOException only, and nothing written outside the folder. */
class TarFuzzTest {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("vitrine-tar-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void clean() throws IOException {
        wipe(DIR);
        Files.deleteIfExists(DIR);
    }

    private static void wipe(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void listAndExtract(byte[] data) {
        FuzzChecks.check(List.of(IOException.class), 32L << 20, () -> {
            wipe(DIR);
            Path into = Files.createDirectories(DIR.resolve("out"));
            TarReader tar = new TarReader(new ByteArrayInputStream(data));
            while (tar.next() != null) {
                tar.body().transferTo(java.io.OutputStream.nullOutputStream());
            }
            TarReader.extract(new ByteArrayInputStream(data), into, Cancellation.none());
            try (Stream<Path> s = Files.list(DIR)) {
                if (s.count() != 1) throw new AssertionError("something was written beside the extraction folder");
            }
        });
    }
}
