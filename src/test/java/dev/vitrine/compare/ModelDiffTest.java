package dev.vitrine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.preview.array.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixtures made by real torch (src/test/resources/fixtures/make_fixtures.py): mismatches, views, bf16, layouts. */
class ModelDiffTest {
    static Path fx(String n) {
        return Path.of("src/test/resources/fixtures", n);
    }

    static void close(double a, double e) {
        assertThat(Math.abs(a - e)).as(a + " vs " + e).isLessThanOrEqualTo(1e-9 * Math.abs(e) + 1e-300);
    }

    @Test
    void addedRemovedReshapedAndChangedTensorsMatchTorch() throws Exception {
        JsonNode truth = new ObjectMapper().readTree(fx("ckpt_a_b_truth.json").toFile());
        try (Checkpoint a = Checkpoints.open(fx("ckpt_a.pt")); Checkpoint b = Checkpoints.open(fx("ckpt_b.pt"))) {
            ModelDiff d = ModelDiff.compute(a, b);
            assertThat(d.tensors().stream().map(TensorDiff::name)).containsExactly(
                    "layer1.weight", "layer1.bias", "layer2.weight", "head.weight", "removed.weight", "steps", "added.weight");
            assertThat(d.row("layer1.bias").status()).isEqualTo(TensorDiff.Status.SAME);
            assertThat(d.row("layer1.weight").status()).isEqualTo(TensorDiff.Status.CHANGED);
            assertThat(d.row("head.weight").status()).isEqualTo(TensorDiff.Status.RESHAPED);
            assertThat(d.row("head.weight").l2Diff()).isNull();
            assertThat(d.row("removed.weight").status()).isEqualTo(TensorDiff.Status.REMOVED);
            assertThat(d.row("removed.weight").shapeB()).isNull();
            assertThat(d.row("added.weight").status()).isEqualTo(TensorDiff.Status.ADDED);
            assertThat(d.row("added.weight").l2A()).isNull();
            assertThat(d.row("layer2.weight").dtypeA()).isEqualTo("bfloat16");
            truth.fields().forEachRemaining(e -> {
                TensorDiff r = d.row(e.getKey());
                close(r.l2A(), e.getValue().get("l2_a").asDouble());
                close(r.l2B(), e.getValue().get("l2_b").asDouble());
                close(r.l2Diff(), e.getValue().get("l2_diff").asDouble());
                close(r.maxAbsDiff(), e.getValue().get("max_abs_diff").asDouble());
                close(r.cosine(), e.getValue().get("cosine").asDouble());
                if (r.l2A() != 0) close(r.relChange(), r.l2Diff() / r.l2A());
            });
            assertThat(d.groups().stream().map(ModelDiff.GroupTotal::group)).containsExactly("layer1", "layer2", "head", "removed", "steps", "added");
            Histogram[] h = ModelDiff.histograms(a.tensor("layer1.weight"), b.tensor("layer1.weight"), 10);
            assertThat(h[0].lo()).isEqualTo(h[1].lo());
            assertThat(java.util.Arrays.stream(h[0].counts()).sum()).isEqualTo(12);
            assertThat(java.util.Arrays.stream(h[1].counts()).sum()).isEqualTo(12);
        }
    }

    @Test
    void theSameWeightsInEveryFormatCompareAsSame() throws Exception {
        try (Checkpoint pt = Checkpoints.open(fx("ckpt_b.pt")); Checkpoint st = Checkpoints.open(fx("ckpt_b.safetensors"))) {
            assertThat(st.format()).isEqualTo("safetensors");
            ModelDiff d = ModelDiff.compute(pt, st);
            assertThat(d.tensors()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TensorDiff.Status.SAME));
        }
        try (Checkpoint pt = Checkpoints.open(fx("ckpt_b.pt")); Checkpoint npz = Checkpoints.open(fx("ckpt_b.npz"))) {
            assertThat(npz.format()).isEqualTo("npz");
            ModelDiff d = ModelDiff.compute(pt, npz);
            // bf16 was saved as float32 in the npz: values equal, dtype differs
            assertThat(d.row("layer2.weight").status()).isEqualTo(TensorDiff.Status.CHANGED);
            assertThat(d.row("layer2.weight").l2Diff()).isZero();
            assertThat(d.row("layer1.weight").status()).isEqualTo(TensorDiff.Status.SAME);
        }
        try (Checkpoint a1 = Checkpoints.open(fx("ckpt_a.pt")); Checkpoint a2 = Checkpoints.open(fx("ckpt_a_torch2.pt"))) {
            assertThat(ModelDiff.compute(a1, a2).tensors()).allSatisfy(t -> assertThat(t.status()).isEqualTo(TensorDiff.Status.SAME));
        }
    }

    @Test
    void viewsAndNestedContainersAreNamedAndStridedAsTorchDoes() throws Exception {
        try (Checkpoint c = Checkpoints.open(fx("views.pt"))) {
            assertThat(c.tensors().stream().map(Tensor::name)).containsExactly("model.t", "model.lst.0", "model.lst.1");
            Tensor t = c.tensor("model.t");
            assertThat(t.shape()).containsExactly(4, 3);
            double[] v = new double[12];
            t.read(0, v, 12);
            assertThat(v).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
            double[] w = new double[2];
            c.tensor("model.lst.1").read(0, w, 2);
            assertThat(w).containsExactly(9, 10);
            assertThat(c.values()).containsEntry("epoch", 3);
        }
    }

    @Test
    void truncatedAndNonCheckpointFilesFailCleanly() throws Exception {
        assertThatThrownBy(() -> Checkpoints.open(fx("ckpt_truncated.pt"))).isInstanceOf(CheckpointException.class);
        Path empty = Files.createTempFile("empty", ".pt");
        assertThatThrownBy(() -> Checkpoints.open(empty)).isInstanceOf(CheckpointException.class).hasMessageContaining("empty");
        Files.delete(empty);
        assertThatThrownBy(() -> Checkpoints.open(fx("reduce_payload.pkl"))).isInstanceOf(CheckpointException.class);
    }
}
