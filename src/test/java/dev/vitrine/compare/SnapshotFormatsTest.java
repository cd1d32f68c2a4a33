package dev.vitrine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Sharded safetensors, GGUF, ONNX and TorchScript archives (fixtures written from the specifications by
 * make_format_fixtures.py) read as checkpoints: names, shapes, dtypes and numpy's norms; refusals.
 */
class SnapshotFormatsTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/formats");

    @TempDir
    Path tmp;

    @Test
    void everyFixtureMatchesNumpy() throws Exception {
        JsonNode truth = new ObjectMapper().readTree(DIR.resolve("truth.json").toFile());
        var files = truth.fieldNames();
        int checked = 0;
        while (files.hasNext()) {
            String f = files.next();
            JsonNode want = truth.get(f);
            try (Checkpoint c = Checkpoints.open(DIR.resolve(f))) {
                List<String> names = new ArrayList<>();
                want.fieldNames().forEachRemaining(names::add);
                assertThat(c.tensors()).as(f).extracting(Tensor::name).containsExactlyElementsOf(names);
                for (Tensor t : c.tensors()) {
                    JsonNode w = want.get(t.name());
                    List<Long> shape = new ArrayList<>();
                    w.get("shape").forEach(d -> shape.add(d.asLong()));
                    assertThat(t.shape()).as(f + " " + t.name()).containsExactly(shape.stream().mapToLong(Long::longValue).toArray());
                    assertThat(t.dtypeName()).as(f + " " + t.name()).isEqualTo(w.get("dtype").asText());
                    assertThat(t.l2()).as(f + " " + t.name()).isCloseTo(w.get("l2").asDouble(), within(1e-9));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(16);
    }

    @Test
    void formatsAndValuesAreTold() throws Exception {
        try (Checkpoint c = Checkpoints.open(DIR.resolve("model.safetensors.index.json"))) {
            assertThat(c.format()).isEqualTo("safetensors");
            assertThat(c.values()).containsEntry("metadata.total_size", 288);
        }
        try (Checkpoint c = Checkpoints.open(DIR.resolve("tiny.gguf"))) {
            assertThat(c.format()).isEqualTo("gguf");
            assertThat(c.values()).containsEntry("general.architecture", "llama").containsEntry("llama.block_count", 1L)
                    .containsEntry("tokenizer.ggml.tokens", "array of 3 string")
                    .containsEntry("blk.0.attn_q.weight", "Q8_0 tensor [2, 32], quantized: listed, not compared");
        }
        try (Checkpoint c = Checkpoints.open(DIR.resolve("tiny.onnx"))) {
            assertThat(c.format()).isEqualTo("onnx");
            assertThat(c.values()).containsEntry("producer_name", "vitrine-fixture").containsEntry("ir_version", 8L);
        }
        try (Checkpoint c = Checkpoints.open(DIR.resolve("strings.onnx"))) {
            assertThat(c.values()).containsEntry("vocab", "ONNX data type 8 initializer [2], not compared");
        }
        try (Checkpoint c = Checkpoints.open(DIR.resolve("scripted.pt"))) {
            assertThat(c.format()).isEqualTo("torchscript");
        }
        for (String f : List.of("model.safetensors.index.json", "tiny.gguf", "tiny.onnx", "scripted.pt")) {
            assertThat(new CheckpointReader().score(dev.vitrine.preview.Sniff.of(DIR.resolve(f)))).as(f).isGreaterThanOrEqualTo(85);
        }
    }

    @Test
    void namesThatLeaveTheFolderAreRefused() throws Exception {
        assertThatThrownBy(() -> Checkpoints.open(DIR.resolve("escape.safetensors.index.json")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("not a file in the index's folder; refused");
        assertThatThrownBy(() -> Checkpoints.open(DIR.resolve("escape.onnx")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("outside the model's folder; refused");
        // a link inside the folder that points outside it
        Path model = tmp.resolve("m");
        Files.createDirectories(model);
        Files.copy(DIR.resolve("tiny.onnx"), model.resolve("tiny.onnx"));
        Path outside = Files.write(tmp.resolve("secret.bin"), new byte[64]);
        Files.createSymbolicLink(model.resolve("weights.bin"), outside);
        assertThatThrownBy(() -> Checkpoints.open(model.resolve("tiny.onnx")))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("links outside the model's folder; refused");
    }

    @Test
    void truncatedAndMissingPartsSayWhat() throws Exception {
        assertThatThrownBy(() -> Checkpoints.open(DIR.resolve("truncated.gguf"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Checkpoints.open(DIR.resolve("truncated.onnx"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not a valid ONNX protobuf");
        Path dir = Files.createDirectories(tmp.resolve("half"));
        Files.copy(DIR.resolve("model.safetensors.index.json"), dir.resolve("model.safetensors.index.json"));
        Files.copy(DIR.resolve("model-00001-of-00002.safetensors"), dir.resolve("model-00001-of-00002.safetensors"));
        assertThatThrownBy(() -> Checkpoints.open(dir.resolve("model.safetensors.index.json"))).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("shard model-00002-of-00002.safetensors is missing");
        Path lone = Files.copy(DIR.resolve("tiny.onnx"), tmp.resolve("tiny.onnx"));
        assertThatThrownBy(() -> Checkpoints.open(lone)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("external data file weights.bin of ext.weight is missing");
    }

    @Test
    void aGgufHeaderWithAHugeCountIsRefusedBeforeAllocating() throws Exception {
        byte[] b = Files.readAllBytes(DIR.resolve("tiny.gguf"));
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(8, Long.MAX_VALUE / 2);
        Path f = Files.write(tmp.resolve("huge.gguf"), b);
        assertThatThrownBy(() -> Checkpoints.open(f)).isInstanceOf(CheckpointException.class).hasMessageContaining("corrupt GGUF header");
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(8, 4).putLong(24, 1L << 40); // first key's length
        Files.write(f, b);
        assertThatThrownBy(() -> Checkpoints.open(f)).isInstanceOf(CheckpointException.class).hasMessageContaining("refused");
    }

    @Test
    void aHugeOnnxStringIsRefusedNotCopied() throws Exception {
        int n = 2 << 20;
        byte[] b = new byte[5 + n];
        b[0] = 0x12; // field 2 (producer_name), length-delimited
        b[1] = (byte) 0x80; b[2] = (byte) 0x80; b[3] = (byte) 0x80; b[4] = 0x01; // varint 2 MiB
        Path f = Files.write(tmp.resolve("huge.onnx"), b);
        assertThatThrownBy(() -> Checkpoints.open(f)).isInstanceOf(CheckpointException.class).hasMessageContaining("string field").hasMessageContaining("refused");
    }
}
