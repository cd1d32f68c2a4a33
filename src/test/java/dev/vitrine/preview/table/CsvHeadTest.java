package dev.vitrine.preview.table;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pandas' multi-level header is recognised, and ordinary rows with missing values are not taken for one. */
class CsvHeadTest {

    private static List<List<String>> csv(String... lines) {
        return Arrays.stream(lines).map(l -> Arrays.asList(l.split(",", -1))).toList();
    }

    @Test
    void multiIndexColumnsAndRowsAsPandasWritesThem() {
        assertThat(CsvHead.multiLevel(csv("score,,mae,mae,rmse", "subset,,fit,holdout,fit", "run,step,,,", "run_x,5,1,2,3")))
                .containsExactly(2, 2);
        // one index column: named levels, an index name, and repeated outer labels
        assertThat(CsvHead.multiLevel(csv("score,mae,mae,rmse", "subset,fit,holdout,fit", "run,,,", "a,1,2,3"))).containsExactly(2, 1);
        // three column levels
        assertThat(CsvHead.multiLevel(csv("l0,,a,a", "l1,,b,c", "l2,,d,e", "i,j,,", "1,2,3,4"))).containsExactly(3, 2);
    }

    @Test
    void rowsWithMissingValuesAreNotAHeader() {
        assertThat(CsvHead.multiLevel(csv("name,city,zip", "Bob,Paris,75", "Alice,,", "Eve,Rome,00"))).isNull();
        // pandas' flat layout with an unnamed index and a row of NaN
        assertThat(CsvHead.multiLevel(csv(",x,y", "0,1.5,2.5", "1,,", "2,3.5,4.5"))).isNull();
        // a named single index with a row whose values are all missing
        assertThat(CsvHead.multiLevel(csv("run,x,y", "a,1,2", "b,,", "c,3,4"))).isNull();
        assertThat(CsvHead.multiLevel(csv("a,b", "1,2"))).isNull();
    }
}
