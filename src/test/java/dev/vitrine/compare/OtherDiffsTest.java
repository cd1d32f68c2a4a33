package dev.vitrine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Image, table, array-slice and Keras .h5 comparisons against numbers computed by numpy/pandas/h5py
 * (src/test/resources/fixtures/compare/make_compare_fixtures.py wrote truth.json).
 */
class OtherDiffsTest {
    static Path fx(String n) {
        return Path.of("src/test/resources/fixtures/compare", n);
    }

    static JsonNode truth() throws Exception {
        return new ObjectMapper().readTree(fx("truth.json").toFile());
    }

    @Test
    void imageDifferenceMatchesNumpy() throws Exception {
        JsonNode t = truth();
        assertThat(Diffs.kindOf(fx("img_a.png"), fx("img_b.png"))).isEqualTo(Diffs.Kind.IMAGE);
        ImageDiff d = ImageDiff.of(fx("img_a.png"), fx("img_b.png"));
        assertThat(d.scaled()).isFalse();
        assertThat(d.note()).isNull();
        assertThat(d.width()).isEqualTo(64);
        assertThat(d.height()).isEqualTo(48);
        assertThat(d.differingPixels()).isEqualTo(t.get("differing_pixels").asLong());
        assertThat(d.fractionDiffering()).isCloseTo(100 / (64.0 * 48), within(1e-12));
        for (int k = 0; k < 3; k++) {
            assertThat(d.channels().get(k).meanAbsDiff()).isCloseTo(t.get("mean_abs_diff").get(k).asDouble(), within(1e-9));
            assertThat(d.channels().get(k).maxAbsDiff()).isEqualTo(t.get("max_abs_diff").get(k).asInt());
        }
        assertThat(d.channels().get(3).maxAbsDiff()).isZero();
        assertThat(d.psnr()).isCloseTo(t.get("psnr").asDouble(), within(1e-9));
        // the difference image: the changed block is bright, the rest black
        assertThat(d.difference()[15 * 64 + 25] & 0xffffff).isNotZero();
        assertThat(d.difference()[0]).isEqualTo(0xff000000);
        assertThat(d.differenceAmplified(4)[15 * 64 + 25] >> 16 & 0xff).isEqualTo(255);
    }

    @Test
    void imagesOfDifferentSizesAreComparedAfterScalingBAndSaySo() throws Exception {
        ImageDiff d = ImageDiff.of(fx("img_a.png"), fx("img_a_2x.png"));
        assertThat(d.scaled()).isTrue();
        assertThat(d.widthB()).isEqualTo(128);
        assertThat(d.width()).isEqualTo(64);
        assertThat(d.note()).contains("64 x 48 vs 128 x 96").contains("scaled");
        Map<String, Object> doc = Diffs.document(fx("img_a.png"), fx("img_a_2x.png"));
        assertThat(doc.get("kind")).isEqualTo("image-diff");
        assertThat(doc.get("scaled")).isEqualTo(true);

        ImageDiff same = ImageDiff.of(fx("img_a.png"), fx("img_a.png"));
        assertThat(same.identical()).isTrue();
        assertThat(same.psnr()).isNull();
    }

    @Test
    void corpusImagesOfOtherFormatsCompare() throws Exception {
        Path jpg = Corpus.file("files/images/progressive.jpg");
        Path png = Corpus.file("files/images/rgb.png");
        ImageDiff d = ImageDiff.of(jpg, png);
        assertThat(d.width()).isPositive();
        assertThat(d.argbA()).hasSize(d.width() * d.height());
        assertThat(d.argbB()).hasSize(d.width() * d.height());
    }

    @Test
    void tableSchemaAndStatisticsMatchPandas() throws Exception {
        JsonNode t = truth().get("table");
        assertThat(Diffs.kindOf(fx("table_a.csv"), fx("table_b.csv"))).isEqualTo(Diffs.Kind.TABLE);
        TableDiff d = TableDiff.of(fx("table_a.csv"), fx("table_b.csv"));
        assertThat(d.rowsA()).isEqualTo(5);
        assertThat(d.rowsB()).isEqualTo(6);
        assertThat(d.removed()).containsExactly("gone");
        assertThat(d.added()).containsExactly("new");
        assertThat(d.retyped()).containsExactly("flag");
        assertThat(d.changed()).containsExactly("id", "score", "label");
        TableDiff.Column score = d.columns().stream().filter(c -> c.name().equals("score")).findFirst().orElseThrow();
        assertThat(score.statsA().mean()).isCloseTo(t.get("score_mean_a").asDouble(), within(1e-12));
        assertThat(score.statsA().nulls()).isEqualTo(t.get("score_nulls_a").asLong());
        assertThat(score.statsB().mean()).isCloseTo(t.get("score_mean_b").asDouble(), within(1e-12));
        TableDiff.Column label = d.columns().stream().filter(c -> c.name().equals("label")).findFirst().orElseThrow();
        assertThat(label.statsB().distinct()).isEqualTo(t.get("label_distinct_b").asLong());
        assertThat(label.statsA().min()).isEqualTo("x");
    }

    @Test
    void theSameTableCompressedTwoWaysHasTheSameStatistics() throws Exception {
        Path pq = Corpus.file("files/parquet/typed_snappy.parquet");
        TableDiff d = TableDiff.of(pq, Corpus.file("files/parquet/typed_zstd.parquet"));
        assertThat(d.sameSchema()).isTrue();
        assertThat(d.changed()).isEmpty();
        assertThat(d.rowsA()).isEqualTo(d.rowsB()).isPositive();
        Map<String, Object> doc = Diffs.document(pq, Corpus.file("files/parquet/typed_zstd.parquet"));
        assertThat(doc.get("kind")).isEqualTo("table-diff");
    }

    @Test
    void wideTablesAreSummarisedInOneScanWithTheTableViewersNumbers() throws Exception {
        Path wide = Corpus.file("files/csv/wide_361cols.csv.gz");
        dev.vitrine.preview.table.TableContent t = TableDiff.openTable(wide);
        try {
            var cols = t.dataColumns();
            var all = t.summaries(cols);
            assertThat(all).hasSize(cols.size());
            for (int i = 0; i < cols.size(); i += 30) {
                var one = t.stats(cols.get(i).name(), dev.vitrine.preview.table.TableQuery.ALL);
                assertThat(all.get(i).distinct()).as(cols.get(i).name()).isEqualTo(one.distinct());
                assertThat(all.get(i).nulls()).isEqualTo(one.nulls());
                assertThat(all.get(i).min()).isEqualTo(one.min());
                assertThat(all.get(i).max()).isEqualTo(one.max());
                assertThat(all.get(i).mean()).isEqualTo(one.mean());
            }
        } finally {
            t.close();
        }
        TableDiff d = TableDiff.of(wide, wide);
        assertThat(d.columns()).hasSize(361).allMatch(c -> c.status() == TableDiff.Status.SAME && c.statsA() != null);
    }

    @Test
    void arraySliceDifferenceIsTheFirstPlane() throws Exception {
        try (var a = Diffs.openArray(fx("arr_a.npy")); var b = Diffs.openArray(fx("arr_b.npy"))) {
            dev.vitrine.preview.array.Slice2D s = ArrayDiff.sliceDifference(a, b, 256, 256);
            assertThat(s.rows()).isEqualTo(4);
            assertThat(s.cols()).isEqualTo(5);
            assertThat(s.get(1, 2)).isEqualTo(7.0);
            assertThat(s.get(3, 4)).isZero(); // that change is in plane 2
        }
    }

    @Test
    void kerasH5WeightsAreACheckpoint() throws Exception {
        JsonNode t = truth().get("h5");
        assertThat(Diffs.kindOf(fx("keras_a.h5"), fx("keras_b.h5"))).isEqualTo(Diffs.Kind.CHECKPOINT);
        try (Checkpoint a = Checkpoints.open(fx("keras_a.h5")); Checkpoint b = Checkpoints.open(fx("keras_b.h5"))) {
            assertThat(a.format()).isEqualTo("h5");
            assertThat(a.tensors().stream().map(Tensor::name)).containsExactlyInAnyOrder(
                    "model_weights/dense/dense/kernel:0", "model_weights/dense/dense/bias:0", "model_weights/dense_1/dense_1/kernel:0");
            assertThat(a.tensor("model_weights/dense/dense/kernel:0").dtypeName()).isEqualTo("float32");
            assertThat(a.tensor("model_weights/dense_1/dense_1/kernel:0").dtypeName()).isEqualTo("float64");
            assertThat(a.tensor("model_weights/dense/dense/kernel:0").l2()).isCloseTo(t.get("kernel_l2_a").asDouble(), within(1e-6));
            // gzip-compressed, chunked
            assertThat(a.tensor("model_weights/dense_1/dense_1/kernel:0").l2()).isCloseTo(t.get("dense_1_kernel_l2").asDouble(), within(1e-12));
            assertThat(a.values().get("keras_version")).isEqualTo("2.11.0");
            ModelDiff d = ModelDiff.compute(a, b);
            assertThat(d.row("model_weights/dense/dense/kernel:0").status()).isEqualTo(TensorDiff.Status.CHANGED);
            assertThat(d.row("model_weights/dense/dense/kernel:0").l2Diff()).isCloseTo(t.get("kernel_l2_diff").asDouble(), within(1e-6));
            assertThat(d.row("model_weights/dense_1/dense_1/bias:0").status()).isEqualTo(TensorDiff.Status.ADDED);
            assertThat(d.row("model_weights/dense_1/dense_1/kernel:0").status()).isEqualTo(TensorDiff.Status.SAME);
        }
    }

    @Test
    void keras3ArchivesAreACheckpointOfTheirWeights() throws Exception {
        JsonNode t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fx("keras3_truth.json").toFile());
        assertThat(Diffs.kindOf(fx("keras3_a.keras"), fx("keras3_b.keras"))).isEqualTo(Diffs.Kind.CHECKPOINT);
        try (Checkpoint a = Checkpoints.open(fx("keras3_a.keras")); Checkpoint b = Checkpoints.open(fx("keras3_b.keras"))) {
            assertThat(a.format()).isEqualTo("h5");
            assertThat(a.values().get("keras_version")).isEqualTo("3.3.3");
            assertThat(String.valueOf(a.values().get("model_config"))).contains("\"Sequential\"");
            assertThat(a.tensors().stream().map(Tensor::name)).containsExactlyInAnyOrder(
                    "layers/dense/vars/0", "layers/dense/vars/1", "layers/dense_1/vars/0");
            assertThat(a.tensor("layers/dense/vars/0").l2()).isCloseTo(t.get("kernel_l2_a").asDouble(), within(1e-6));
            ModelDiff d = ModelDiff.compute(a, b);
            assertThat(d.row("layers/dense/vars/0").status()).isEqualTo(TensorDiff.Status.CHANGED);
            assertThat(d.row("layers/dense/vars/0").l2Diff()).isCloseTo(t.get("kernel_l2_diff").asDouble(), within(1e-6));
            assertThat(d.row("layers/dense_1/vars/1").status()).isEqualTo(TensorDiff.Status.ADDED);
            assertThat(d.row("layers/dense_1/vars/0").status()).isEqualTo(TensorDiff.Status.SAME);
        }
        try (var preview = dev.vitrine.preview.standard.StandardReaders.previewers().open(fx("keras3_a.keras"))) {
            assertThat(preview.kind()).isEqualTo("checkpoint"); // the model viewer, not the zip listing
        }
        // the extracted weights are removed when the checkpoint closes
        try (var tmp = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("vitrine-keras-") && n.endsWith(".weights.h5"));
        }
    }
}
