package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code vitrine diff --series} end to end: the CLI.md shape, the drift table, offline-session models, usage errors. */
class DiffSeriesCommandTest {

    @TempDir
    Path cache;

    static String fx(String n) {
        return Path.of("src/test/resources/fixtures/series", n).toString();
    }

    @Test
    void jsonHasTheCliShapeWithOneEntryPerSnapshot() throws Exception {
        CliRunner.Result r = CliRunner.run(cache, "diff", "--series", fx("snap0.safetensors"), fx("snap1.safetensors"),
                fx("snap2.safetensors"), fx("snap3.npz"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<String> top = new ArrayList<>();
        doc.fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactly("kind", "snapshots", "tensors");
        assertThat(doc.get("kind").asText()).isEqualTo("checkpoint-series");
        assertThat(doc.get("snapshots")).hasSize(4);
        assertThat(doc.get("snapshots").get(3).get("label").asText()).isEqualTo("snap3.npz");
        assertThat(doc.get("snapshots").get(3).get("source").asText()).isEqualTo(fx("snap3.npz"));
        JsonNode truth = new ObjectMapper().readTree(Path.of(fx("truth.json")).toFile());
        for (JsonNode t : doc.get("tensors")) {
            List<String> keys = new ArrayList<>();
            t.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("name", "shape", "dtype", "l2", "rel_change_prev", "rel_change_first");
            JsonNode want = truth.get("tensors").get(t.get("name").asText());
            assertThat(t.get("shape")).isEqualTo(want.get("shape"));
            for (String f : List.of("l2", "rel_change_prev", "rel_change_first")) {
                assertThat(t.get(f)).hasSize(4);
                for (int i = 0; i < 4; i++) {
                    if (want.get(f).get(i).isNull()) assertThat(t.get(f).get(i).isNull()).as(f + i).isTrue();
                    else assertThat(t.get(f).get(i).asDouble()).isCloseTo(want.get(f).get(i).asDouble(), within(1e-9));
                }
            }
        }
    }

    @Test
    void textIsADriftTable() {
        CliRunner.Result r = CliRunner.run(cache, "diff", "--series", fx("snap0.safetensors"), fx("snap1.safetensors"), fx("snap3.npz"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("[0] snap0.safetensors").contains("[2] snap3.npz  (npz, ")
                .contains("TENSOR").contains("Δ[0→1]").contains("Δ[1→2]").contains("Δ[0→2]");
        String frozen = r.out().lines().filter(l -> l.startsWith("enc.0.bias")).findFirst().orElseThrow();
        assertThat(frozen.split("\\s+")).containsSubsequence("2.24739", "0", "0", "0");
        String late = r.out().lines().filter(l -> l.startsWith("late.weight")).findFirst().orElseThrow();
        assertThat(late).contains("absent");
    }

    @Test
    void usageAndReadErrorsAreOneLine() {
        CliRunner.Result one = CliRunner.run(cache, "diff", "--series", fx("snap0.safetensors"));
        assertThat(one.code()).isEqualTo(2);
        CliRunner.Result three = CliRunner.run(cache, "diff", fx("snap0.safetensors"), fx("snap1.safetensors"), fx("snap3.npz"));
        assertThat(three.code()).isEqualTo(2);
        assertThat(three.err()).contains("--series");
        CliRunner.Result bad = CliRunner.run(cache, "diff", "--series", "--json", fx("snap0.safetensors"), fx("truth.json"));
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("vitrine: truth.json: "));
        CliRunner.Result missing = CliRunner.run(cache, "diff", "--series", fx("snap0.safetensors"), "no/such.pt");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void modelsOfAnOfflineSessionMatchTheManifest() throws Exception {
        JsonNode session = null;
        for (JsonNode s : Corpus.manifest().get("sessions")) if (s.get("path").asText().endsWith("model_checkpoints.zip")) session = s;
        Map<String, String> ids = new HashMap<>();
        Map<String, JsonNode> facts = new HashMap<>();
        for (JsonNode m : session.get("output_models")) {
            String name = m.get("task_json_entry").get("init").get("name").asText();
            ids.put(name, m.get("task_json_entry").get("id").asText());
            facts.put(name, m.get("facts"));
        }
        CliRunner.Result r = CliRunner.run(cache, "--offline", Corpus.file("sessions/model_checkpoints.zip").toString(), "diff", "--series",
                "model:" + ids.get("ckpt_e1"), "model:" + ids.get("ckpt_e2"), "model:" + ids.get("ckpt_e2_safetensors"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("snapshots").get(0).get("label").asText()).isEqualTo("ckpt_e1");
        assertThat(doc.get("snapshots").get(1).get("source").asText()).isEqualTo("model:" + ids.get("ckpt_e2"));
        assertThat(doc.get("tensors")).hasSize(13);
        for (JsonNode t : doc.get("tensors")) {
            String name = t.get("name").asText();
            int k = 0;
            for (String snap : List.of("ckpt_e1", "ckpt_e2", "ckpt_e2_safetensors")) {
                BigDecimal want = null;
                for (JsonNode ft : facts.get(snap).get("tensors")) if (ft.get("name").asText().equals(name)) want = ft.get("l2_norm").decimalValue();
                assertThat(t.get("l2").get(k).asDouble()).as(name + " " + snap).isCloseTo(want.doubleValue(), within(1e-6 * Math.max(1, want.doubleValue())));
                k++;
            }
            // the same weights saved by torch and as safetensors
            if (t.get("l2").get(1).asDouble() != 0) assertThat(t.get("rel_change_prev").get(2).asDouble()).as(name).isZero();
        }
    }

    /** An offline session whose task saved three checkpoints under one model name (snap0..2), plus one of another name. */
    private Path sessionWithVersions() throws Exception {
        String id = "offline-eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
        Path dir = java.nio.file.Files.createDirectories(cache.resolve("sessions").resolve(id).resolve("models"));
        List<String> models = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            java.nio.file.Files.copy(Path.of(fx("snap" + i + ".safetensors")), dir.resolve("ep" + i + ".safetensors"));
            models.add(("{\"id\": \"offline-2000000000000000000000000000000%d\", \"init\": {\"name\": \"unet\", \"framework\": \"PyTorch\"},"
                    + " \"weights\": {\"weights_filename\": \"/home/u/.clearml/cache/offline/%s/models/ep%d.safetensors\"}}").formatted(i, id, i));
        }
        models.add(("{\"id\": \"offline-20000000000000000000000000000009\", \"init\": {\"name\": \"other\"},"
                + " \"weights\": {\"weights_filename\": \"/home/u/.clearml/cache/offline/%s/models/ep0.safetensors\"}}").formatted(id));
        java.nio.file.Files.writeString(dir.getParent().resolve("task.json"), ("{\"id\": \"%s\", \"name\": \"train unet\", \"project_name\": \"seg\","
                + " \"offline_folder\": \"/home/u/.clearml/cache/offline/%s\", \"execution\": {\"artifacts\": []}, \"offline_output_models\": [%s]}")
                .formatted(id, id, String.join(",", models)));
        return dir.getParent();
    }

    @Test
    void versionsOfAModelAreOneOption() throws Exception {
        Path session = sessionWithVersions();
        CliRunner.Result r = CliRunner.run(cache, "--offline", session.toString(), "diff", "--versions-of",
                "model:offline-20000000000000000000000000000002", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("checkpoint-series");
        List<String> sources = new ArrayList<>();
        doc.get("snapshots").forEach(sn -> sources.add(sn.get("source").asText()));
        assertThat(sources).containsExactly("model:offline-20000000000000000000000000000000", "model:offline-20000000000000000000000000000001",
                "model:offline-20000000000000000000000000000002");
        assertThat(doc.get("snapshots").get(0).get("label").asText()).isEqualTo("unet · …000000");
        JsonNode truth = new ObjectMapper().readTree(Path.of(fx("truth.json")).toFile()).get("tensors");
        for (JsonNode t : doc.get("tensors")) {
            JsonNode want = truth.get(t.get("name").asText());
            for (int i = 0; i < 3; i++) assertThat(t.get("l2").get(i).asDouble()).isCloseTo(want.get("l2").get(i).asDouble(), within(1e-9));
        }
        CliRunner.Result text = CliRunner.run(cache, "--offline", session.toString(), "diff", "--versions-of", "offline-20000000000000000000000000000000");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("[2] unet · …000002");

        CliRunner.Result alone = CliRunner.run(cache, "--offline", session.toString(), "diff", "--versions-of", "model:offline-20000000000000000000000000000009");
        assertThat(alone.code()).isEqualTo(1);
        assertThat(alone.err().strip()).isEqualTo("vitrine: other (offline-20000000000000000000000000000009) has no other version in seg: a series needs two or more");
        CliRunner.Result both = CliRunner.run(cache, "--offline", session.toString(), "diff", "--versions-of", "model:x", fx("snap0.safetensors"));
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--versions-of takes no operands");
        CliRunner.Result none = CliRunner.run(cache, "diff", "--series");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip().lines()).hasSize(1);
        CliRunner.Result unknown = CliRunner.run(cache, "--offline", session.toString(), "diff", "--versions-of", "model:nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
