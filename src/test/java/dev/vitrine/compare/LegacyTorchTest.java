package dev.vitrine.compare;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checkpoints in torch's legacy (pre-1.6, non-zip) serialization, as make_legacy_torch.py beside the
 * fixture writes them: read for preview, inspect and diff.
 */
class LegacyTorchTest {

    @TempDir Path tmp;

    private Path fixture() throws Exception {
        Path p = tmp.resolve("legacy_state_dict.pt");
        try (InputStream in = LegacyTorchTest.class.getResourceAsStream("legacy_state_dict.pt")) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private static double[] values(Tensor t) {
        double[] d = new double[(int) t.numel()];
        t.read(0, d, d.length);
        return d;
    }

    @Test
    void tensorsAndValuesOfALegacyCheckpoint() throws Exception {
        try (Checkpoint c = Checkpoints.open(fixture())) {
            assertThat(c.format()).isEqualTo("torch");
            assertThat(c.tensors()).extracting(Tensor::name).containsExactly("state_dict.fc.weight", "state_dict.fc.bias", "state_dict.steps");
            Tensor w = c.tensor("state_dict.fc.weight");
            assertThat(w.shape()).containsExactly(2, 3);
            assertThat(values(w)).containsExactly(0.5, -1.0, 2.0, 3.25, 4.0, -5.5);
            assertThat(values(c.tensor("state_dict.fc.bias"))).containsExactly(4.0, -5.5);
            assertThat(values(c.tensor("state_dict.steps"))).containsExactly(7.0);
            assertThat(c.values()).containsEntry("epoch", 3);
        }
        try (PreviewContent p = StandardReaders.previewers().open(fixture())) {
            assertThat(p).isInstanceOf(CheckpointContent.class);
        }
    }

    @Test
    void aStorageLongerThanTheFileIsRefused() throws Exception {
        Path p = fixture();
        byte[] b = Files.readAllBytes(p);
        byte[] cut = Arrays.copyOf(b, b.length - 10);
        Files.write(p, cut);
        assertThatThrownBy(() -> Checkpoints.open(p)).isInstanceOf(CheckpointException.class).hasMessageContaining("storage");
    }
}
