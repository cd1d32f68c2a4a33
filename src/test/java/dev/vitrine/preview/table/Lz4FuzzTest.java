package dev.vitrine.preview.table;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitrine.testutil.FuzzChecks;

import java.util.List;

/** Fuzz target for the LZ4 frame decoder feather files go through: IllegalArgumentException only. */
class Lz4FuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodeFrames(FuzzedDataProvider in) {
        int outSize = in.consumeInt(0, 1 << 20);
        byte[] frames = in.consumeRemainingAsBytes();
        byte[] out = new byte[outSize];
        FuzzChecks.check(List.of(IllegalArgumentException.class), 1L << 20, () -> Lz4FrameCodec.decodeFrames(frames, out));
    }
}
