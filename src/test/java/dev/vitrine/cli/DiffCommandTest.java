package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.app.Services;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vitrine diff} end to end: files, offline-session models and artifacts, refusals. */
class DiffCommandTest {

    @TempDir
    Path cache;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        CliRunner.Result r = CliRunner.run(cache, args);
        return new Run(r.code(), r.out(), r.err());
    }

    static String fx(String n) {
        return Path.of("src/test/resources/fixtures", n).toString();
    }

    @Test
    void checkpointDiffOfTwoFilesHasTheCliShape() throws Exception {
        Run r = run("diff", fx("ckpt_a.pt"), fx("ckpt_b.safetensors"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("checkpoint-diff");
        JsonNode first = doc.get("tensors").get(0);
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "shape_a", "shape_b", "dtype_a", "dtype_b", "l2_a", "l2_b", "l2_diff",
                "rel_change", "cosine", "max_abs_diff", "status");
        JsonNode added = null;
        for (JsonNode t : doc.get("tensors")) if (t.get("name").asText().equals("added.weight")) added = t;
        assertThat(added.get("status").asText()).isEqualTo("added");
        assertThat(added.get("l2_a").isNull()).isTrue();
        assertThat(added.get("shape_a").isNull()).isTrue();

        Run human = run("diff", fx("ckpt_a.pt"), fx("ckpt_b.pt"));
        assertThat(human.out()).contains("TENSOR").contains("reshaped").contains("removed.weight");
    }

    @Test
    void modelsOfAnOfflineSessionAreComparedByIdAndMatchTorch() throws Exception {
        JsonNode session = null;
        for (JsonNode s : Corpus.manifest().get("sessions")) if (s.get("path").asText().endsWith("model_checkpoints.zip")) session = s;
        String e1 = null, e2 = null;
        for (JsonNode m : session.get("output_models")) {
            String name = m.get("task_json_entry").get("init").get("name").asText();
            if (name.equals("ckpt_e1")) e1 = m.get("task_json_entry").get("id").asText();
            if (name.equals("ckpt_e2_npz")) e2 = m.get("task_json_entry").get("id").asText();
        }
        Run r = run("--offline", Corpus.file("sessions/model_checkpoints.zip").toString(), "diff", "model:" + e1, "model:" + e2, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("tensors")).hasSize(13);
        for (JsonNode t : doc.get("tensors")) {
            if (t.get("name").asText().equals("conv1.weight")) {
                assertThat(t.get("l2_diff").asDouble()).isCloseTo(0.10190145513887526, org.assertj.core.data.Percentage.withPercentage(1e-7));
                assertThat(t.get("rel_change").asDouble()).isEqualTo(t.get("l2_diff").asDouble() / t.get("l2_a").asDouble());
            }
        }
    }

    @Test
    void artifactsAreComparedAsTextOrArrays() throws Exception {
        String zip = Corpus.file("sessions/artifact_kinds.zip").toString();
        String task = "offline-46def204be2f47e5be6bf413ac0e1196";
        Run r = run("--offline", zip, "diff", task + "/config_yaml", task + "/config_yaml_unsorted", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("kind").asText()).isEqualTo("text-diff");
        assertThat(doc.get("identical").asBoolean()).isFalse();

        Run arrays = run("--offline", zip, "diff", task + "/arr_f32_4d", task + "/arr_f32_4d", "--json");
        assertThat(arrays.code()).as(arrays.err()).isZero();
        JsonNode ad = new ObjectMapper().readTree(arrays.out());
        assertThat(ad.get("kind").asText()).isEqualTo("array-diff");
        assertThat(ad.get("difference").get("l2_diff").asDouble()).isZero();
    }

    @Test
    void hostileAndMissingInputsGiveOneLineOnStderrAndNothingOnStdout() {
        Run r = run("diff", Corpus.file("files/hostile/checkpoint_with_payload.pt").toString(), fx("ckpt_a.pt"), "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("Refused").contains("posix.system");
        assertThat(Path.of("/tmp/clearml_acceptance_PWNED_ref_pt")).doesNotExist();

        Run missing = run("diff", "/nonexistent/a.pt", fx("ckpt_a.pt"));
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("No such file");
    }
}
