package dev.vitrine.preview;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.FuzzChecks;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzz targets for every file reader behind the preview (docs/fuzzing.md): the bytes are written
 * as a file with the format's name and opened and inspected as a user's artifact would be. Only
 * {@link PreviewException} (with its subclasses) may escape; 2 s and an allocation bound per input.
 * Regression inputs: src/test/resources/dev/vitrine/preview/PreviewFuzzTestInputs/&lt;method&gt;/.
 */
class PreviewFuzzTest {

    private static final Previewers READERS = StandardReaders.previewers();
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("vitrine-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void clean() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Opens {@code data} as a file named {@code name} and inspects it; bound: {@code maxBytes} allocated. */
    static void open(String name, byte[] data, long maxBytes) {
        FuzzChecks.check(List.of(PreviewException.class), maxBytes, () -> {
            Path f = DIR.resolve(name);
            Files.write(f, data);
            try (PreviewContent c = READERS.open(f)) {
                c.inspect(5);
            }
        });
    }

    private static final long MB = 1L << 20;

    @FuzzTest(maxDuration = "2m")
    void npy(byte[] data) {
        open("a.npy", data, 64 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void npz(byte[] data) {
        open("a.npz", data, 96 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void safetensors(byte[] data) {
        open("a.safetensors", data, 128 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void torchCheckpoint(byte[] data) {
        open("a.pt", data, 128 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void pickle(byte[] data) {
        open("a.pkl", data, 128 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void csv(byte[] data) {
        open("a.csv", data, 128 * MB);
    }

    /** Images may decode up to the bomb limit by design (ImageContent.MAX_PIXELS); headers are what is fuzzed here. */
    @FuzzTest(maxDuration = "2m")
    void png(byte[] data) {
        open("a.png", data, 800 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void gif(byte[] data) {
        open("a.gif", data, 800 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void tiff(byte[] data) {
        open("a.tiff", data, 800 * MB);
    }

    @FuzzTest(maxDuration = "2m")
    void zip(byte[] data) {
        open("a.zip", data, 64 * MB);
    }
}
