package dev.vitrine.preview.pickle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitrine.testutil.FuzzChecks;

import java.io.IOException;
import java.util.List;

/**
 * Fuzz targets for the pickle scan (never throws: errors are part of its answer), the inert decoder
 * ({@link IOException}s only; net.razorvine's PickleException is one) and the DataFrame rebuild
 * (empty when it does not recognise a frame). docs/fuzzing.md says how to fuzz them.
 */
class PickleFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void scan(byte[] data) {
        FuzzChecks.check(List.of(), 16L << 20, () -> PickleScanner.scan(data));
    }

    @FuzzTest(maxDuration = "2m")
    void decodeAndRebuildFrame(byte[] data) {
        FuzzChecks.check(List.of(IOException.class, StackOverflowError.class), 128L << 20, () -> {
            if (PickleScanner.scan(data).referencesCodeExecution()) return;
            PandasFrames.frame(new PickleDecoder().decode(data));
        });
    }
}
