package dev.vitrine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The corpus checkpoints (files and the model session) against manifest.json's torch-computed facts. */
class CheckpointCorpusTest {

    @TempDir
    static Path tmp;
    static final Map<String, Path> models = new HashMap<>();
    static JsonNode session;

    @BeforeAll
    static void extractModels() throws Exception {
        for (JsonNode s : Corpus.manifest().get("sessions")) if (s.get("path").asText().endsWith("model_checkpoints.zip")) session = s;
        try (ZipFile z = new ZipFile(Corpus.file("sessions/model_checkpoints.zip").toFile())) {
            for (JsonNode m : session.get("output_models")) {
                String member = m.get("zip_member").asText();
                Path out = tmp.resolve(member.substring(member.lastIndexOf('/') + 1));
                try (InputStream in = z.getInputStream(z.getEntry(member))) {
                    Files.copy(in, out);
                }
                models.put(m.get("task_json_entry").get("init").get("name").asText(), out);
            }
        }
    }

    static void close(double actual, double expected, String what) {
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected)
                .isLessThanOrEqualTo(1e-9 * Math.abs(expected) + 1e-300);
    }

    /** CLI.md names list items ".N" where the manifest prints "[N]". */
    static String cliName(String manifestName) {
        return manifestName.replaceAll("\\[(\\d+)]", ".$1");
    }

    static void checkTensors(Checkpoint c, JsonNode tensors) {
        List<String> names = new ArrayList<>();
        tensors.forEach(t -> names.add(cliName(t.get("name").asText())));
        assertThat(c.tensors().stream().map(Tensor::name).toList()).containsExactlyElementsOf(names);
        for (JsonNode t : tensors) {
            Tensor x = c.tensor(cliName(t.get("name").asText()));
            List<Long> shape = new ArrayList<>();
            t.get("shape").forEach(s -> shape.add(s.asLong()));
            assertThat(x.shape()).containsExactly(shape.stream().mapToLong(Long::longValue).toArray());
            assertThat(x.dtypeName()).isEqualTo(t.get("dtype").asText());
            assertThat(x.numel()).isEqualTo(t.get("numel").asLong());
            if (t.has("l2_norm")) close(x.l2(), t.get("l2_norm").asDouble(), x.name() + " l2");
            JsonNode first = t.get("first_values");
            double[] buf = new double[first.size()];
            x.read(0, buf, buf.length);
            for (int i = 0; i < buf.length; i++) close(buf[i], first.get(i).isBoolean() ? (first.get(i).asBoolean() ? 1 : 0) : first.get(i).asDouble(), x.name() + "[" + i + "]");
        }
    }

    @Test
    void torchFilesMatchTheManifest() throws Exception {
        int seen = 0;
        for (JsonNode f : Corpus.manifest().get("files")) {
            if (!f.get("kind").asText().equals("torch")) continue;
            try (Checkpoint c = Checkpoints.open(Corpus.file(f.get("path").asText()))) {
                assertThat(c.format()).isEqualTo("torch");
                checkTensors(c, f.get("facts").get("tensors"));
                f.get("facts").get("non_tensor_values").fields().forEachRemaining(e ->
                        assertThat(String.valueOf(c.values().get(e.getKey()))).isEqualTo(e.getValue().asText()));
            }
            seen++;
        }
        assertThat(seen).isEqualTo(2);
    }

    @Test
    void sessionModelsMatchTheManifest() throws Exception {
        for (JsonNode m : session.get("output_models")) {
            String name = m.get("task_json_entry").get("init").get("name").asText();
            try (Checkpoint c = Checkpoints.open(models.get(name))) {
                checkTensors(c, m.get("facts").get("tensors"));
            }
        }
    }

    @Test
    void everyModelComparisonMatchesTorch() throws Exception {
        for (JsonNode cmp : session.get("model_comparisons")) {
            try (Checkpoint a = Checkpoints.open(models.get(cmp.get("a").asText()));
                 Checkpoint b = Checkpoints.open(models.get(cmp.get("b").asText()))) {
                ModelDiff d = ModelDiff.compute(a, b);
                String what = cmp.get("a").asText() + " vs " + cmp.get("b").asText();
                assertThat(d.tensors()).hasSize(cmp.get("common_tensors").asInt());
                for (JsonNode t : cmp.get("per_tensor")) {
                    TensorDiff r = d.row(t.get("name").asText());
                    close(r.l2Diff(), t.get("diff_l2_norm").asDouble(), what + " " + r.name());
                    close(r.maxAbsDiff(), t.get("max_abs_diff").asDouble(), what + " " + r.name() + " max");
                    assertThat(r.status()).isEqualTo(t.get("diff_l2_norm").asDouble() == 0 ? TensorDiff.Status.SAME : TensorDiff.Status.CHANGED);
                }
                close(d.floatTotal().l2Diff(), cmp.get("float_tensors_diff_l2_norm").asDouble(), what + " float total");
                close(d.total().l2Diff(), cmp.get("all_tensors_diff_l2_norm").asDouble(), what + " total");
            }
        }
    }

    @Test
    void theHostileCheckpointIsRefusedAndCorruptOnesFailCleanly() {
        assertThatThrownBy(() -> Checkpoints.open(Corpus.file("files/hostile/checkpoint_with_payload.pt")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("Refused").hasMessageContaining("posix.system");
        assertThatThrownBy(() -> Checkpoints.open(Corpus.file("files/corrupt/truncated.pt")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("central directory is missing");
        assertThatThrownBy(() -> Checkpoints.open(Corpus.file("files/corrupt/near_empty.pt")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("not a PyTorch checkpoint");
        assertThat(Path.of("/tmp/clearml_acceptance_PWNED_ref_pt")).doesNotExist();
    }

    @Test
    void inspectOfACheckpointListsItsTensors() throws Exception {
        try (dev.vitrine.preview.PreviewContent c = dev.vitrine.preview.standard.StandardReaders.previewers().open(models.get("ckpt_e2_safetensors"))) {
            Map<String, Object> m = c.inspect(5);
            assertThat(m).containsEntry("kind", "checkpoint").containsEntry("format", "safetensors");
            List<?> ts = (List<?>) m.get("tensors");
            assertThat(ts).hasSize(13);
            assertThat(new ArrayList<Object>(((Map<?, ?>) ts.get(0)).keySet())).containsExactly("name", "shape", "dtype", "l2");
        }
        try (dev.vitrine.preview.PreviewContent c = dev.vitrine.preview.standard.StandardReaders.previewers().open(Corpus.file("files/models/zip_format.pt"))) {
            assertThat(c.inspect(5)).containsEntry("format", "torch");
        }
        assertThatThrownBy(() -> dev.vitrine.preview.standard.StandardReaders.previewers().open(Corpus.file("files/hostile/checkpoint_with_payload.pt")))
                .hasMessageContaining("Refused");
    }
}
