package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code vitrine diff} on images, tables and Keras .h5 files, and {@code inspect} on .h5 (fixtures/compare). */
class DiffCommandOtherKindsTest {

    @TempDir
    Path cache;

    static String fx(String n) {
        return Path.of("src/test/resources/fixtures/compare", n).toString();
    }

    static JsonNode truth() throws Exception {
        return new ObjectMapper().readTree(Path.of(fx("truth.json")).toFile());
    }

    static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    void imageDiffJsonHasItsShapeAndNumpysNumbers() throws Exception {
        CliRunner.Result r = CliRunner.run(cache, "diff", fx("img_a.png"), fx("img_b.png"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(keys(doc)).containsExactly("kind", "format_a", "format_b", "width_a", "height_a", "width_b", "height_b",
                "compared_width", "compared_height", "scaled", "note", "identical", "differing_pixels", "pixel_count",
                "fraction_differing", "psnr", "channels");
        assertThat(doc.get("kind").asText()).isEqualTo("image-diff");
        assertThat(doc.get("differing_pixels").asLong()).isEqualTo(truth().get("differing_pixels").asLong());
        assertThat(doc.get("psnr").asDouble()).isCloseTo(truth().get("psnr").asDouble(), within(1e-9));
        assertThat(doc.get("channels").get(0).get("channel").asText()).isEqualTo("R");
        assertThat(doc.get("channels").get(0).get("max_abs_diff").asInt()).isEqualTo(truth().get("max_abs_diff").get(0).asInt());

        CliRunner.Result human = CliRunner.run(cache, "diff", fx("img_a.png"), fx("img_a_2x.png"));
        assertThat(human.code()).as(human.err()).isZero();
        assertThat(human.out()).contains("B was scaled to 64 x 48").contains("identical pixels");
        CliRunner.Result changed = CliRunner.run(cache, "diff", fx("img_a.png"), fx("img_b.png"));
        assertThat(changed.out()).contains("100 of 3,072 pixels differ").contains("CHANNEL");
    }

    @Test
    void tableDiffJsonListsSchemaChangesAndColumnStatistics() throws Exception {
        CliRunner.Result r = CliRunner.run(cache, "diff", fx("table_a.csv"), fx("table_b.csv"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(keys(doc)).containsExactly("kind", "format_a", "format_b", "rows_a", "rows_b", "added", "removed", "retyped", "columns");
        assertThat(doc.get("kind").asText()).isEqualTo("table-diff");
        assertThat(doc.get("rows_a").asLong()).isEqualTo(5);
        assertThat(doc.get("rows_b").asLong()).isEqualTo(6);
        assertThat(doc.get("added").get(0).asText()).isEqualTo("new");
        assertThat(doc.get("removed").get(0).asText()).isEqualTo("gone");
        assertThat(doc.get("retyped").get(0).asText()).isEqualTo("flag");
        JsonNode score = null, gone = null;
        for (JsonNode c : doc.get("columns")) {
            if (c.get("name").asText().equals("score")) score = c;
            if (c.get("name").asText().equals("gone")) gone = c;
        }
        assertThat(keys(score)).containsExactly("name", "status", "type_a", "type_b", "stats_a", "stats_b");
        assertThat(keys(score.get("stats_a"))).containsExactly("rows", "nulls", "distinct", "min", "max", "mean", "sum");
        assertThat(score.get("status").asText()).isEqualTo("changed");
        assertThat(score.get("stats_a").get("nulls").asLong()).isEqualTo(truth().get("table").get("score_nulls_a").asLong());
        assertThat(score.get("stats_b").get("mean").asDouble()).isEqualTo(truth().get("table").get("score_mean_b").asDouble());
        assertThat(gone.get("stats_b").isNull()).isTrue();

        CliRunner.Result human = CliRunner.run(cache, "diff", fx("table_a.csv"), fx("table_b.csv"));
        assertThat(human.out()).contains("rows: 5 -> 6").contains("retyped").contains("removed");
    }

    @Test
    void kerasH5FilesAreDiffedAndInspectedAsCheckpoints() throws Exception {
        CliRunner.Result r = CliRunner.run(cache, "diff", fx("keras_a.h5"), fx("keras_b.h5"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("checkpoint-diff");
        assertThat(doc.get("format_a").asText()).isEqualTo("h5");
        for (JsonNode t : doc.get("tensors")) {
            if (t.get("name").asText().equals("model_weights/dense/dense/kernel:0")) {
                assertThat(t.get("l2_diff").asDouble()).isCloseTo(truth().get("h5").get("kernel_l2_diff").asDouble(), within(1e-6));
            }
        }
        CliRunner.Result inspect = CliRunner.run(cache, "inspect", fx("keras_a.h5"), "--json");
        assertThat(inspect.code()).as(inspect.err()).isZero();
        JsonNode in = new ObjectMapper().readTree(inspect.out());
        assertThat(in.get("kind").asText()).isEqualTo("checkpoint");
        assertThat(in.get("format").asText()).isEqualTo("h5");
        assertThat(in.get("tensors")).hasSize(3);
    }

    @Test
    void aCorruptH5IsOneLineOnStderr() throws Exception {
        Path bad = cache.resolve("bad.h5");
        byte[] head = java.nio.file.Files.readAllBytes(Path.of(fx("keras_a.h5")));
        java.nio.file.Files.write(bad, java.util.Arrays.copyOf(head, 600));
        CliRunner.Result r = CliRunner.run(cache, "diff", bad.toString(), fx("keras_b.h5"), "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("bad.h5");
    }
}
