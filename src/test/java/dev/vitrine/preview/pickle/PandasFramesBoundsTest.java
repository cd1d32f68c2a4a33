package dev.vitrine.preview.pickle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sizes a pickled DataFrame declares are checked against what the pickle holds before anything is
 * allocated (fixtures: {@code src/test/resources/dev/vitrine/preview/pickle/make_fixtures.py}).
 */
class PandasFramesBoundsTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = PandasFramesBoundsTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRangeIndexOfTwoBillionRowsIsRefusedNotAllocated() throws Exception {
        byte[] p = fixture("range_2e9.pkl");
        assertThat(p.length).isLessThan(600);
        Object root = new PickleDecoder().decode(p);
        assertThat(PandasFrames.frame(root)).isEmpty();
    }

    @Test
    void aSmallRangeIndexStillRebuilds() throws Exception {
        Object root = new PickleDecoder().decode(fixture("range_3.pkl"));
        assertThat(PandasFrames.frame(root)).hasValueSatisfying(f -> {
            assertThat(f.index()).containsExactly("0", "1", "2");
            assertThat(f.columns()).containsExactly("7");
            assertThat(f.rows()).extracting(r -> r[0]).containsExactly("0.0", "0.5", "1.0");
        });
    }
}
