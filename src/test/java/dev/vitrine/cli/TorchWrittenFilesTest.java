package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.compare.CheckpointContent;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checkpoints torch itself wrote (make_torch_fixtures.py: torch.jit.save of a scripted and a traced module,
 * torch.save with the pre-1.6 serialization) previewed, inspected, diffed and put in a series, against the
 * figures torch computed for its manifest.
 */
class TorchWrittenFilesTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/torch");

    @TempDir
    Path cache;

    static JsonNode manifest() throws Exception {
        return new ObjectMapper().readTree(DIR.resolve("manifest.json").toFile());
    }

    static String fx(String n) {
        return DIR.resolve(n).toString();
    }

    private static void close(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void inspectGivesTorchsNamesShapesDtypesAndNorms() throws Exception {
        JsonNode files = manifest().get("files");
        for (String f : List.of("scripted_v1.pt", "scripted_v2.pt", "traced_v1.pt", "legacy_v1.pt", "legacy_v2.pt")) {
            CliRunner.Result r = CliRunner.run(cache, "inspect", fx(f), "--json");
            assertThat(r.code()).as(f + ": " + r.err()).isZero();
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertThat(doc.get("kind").asText()).isEqualTo("checkpoint");
            assertThat(doc.get("format").asText()).as(f).isEqualTo(f.startsWith("legacy") ? "torch" : "torchscript");
            JsonNode want = files.get(f);
            List<String> names = new ArrayList<>();
            want.fieldNames().forEachRemaining(names::add);
            List<String> got = new ArrayList<>();
            for (JsonNode t : doc.get("tensors")) {
                String name = t.get("name").asText();
                got.add(name);
                JsonNode w = want.get(name);
                assertThat(w).as(f + " has no tensor " + name + " for torch").isNotNull();
                assertThat(t.get("shape")).as(f + " " + name).isEqualTo(w.get("shape"));
                assertThat(t.get("dtype").asText()).as(f + " " + name).isEqualTo(w.get("dtype").asText());
                close(t.get("l2").asDouble(), w.get("l2").asDouble(), f + " " + name);
            }
            assertThat(got).as(f).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    void diffOfTwoStatesMatchesTorch() throws Exception {
        JsonNode diffs = manifest().get("diffs");
        for (String pair : List.of("scripted_v1.pt -> scripted_v2.pt", "legacy_v1.pt -> legacy_v2.pt")) {
            String[] ab = pair.split(" -> ");
            CliRunner.Result r = CliRunner.run(cache, "diff", fx(ab[0]), fx(ab[1]), "--json");
            assertThat(r.code()).as(pair + ": " + r.err()).isZero();
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertThat(doc.get("kind").asText()).isEqualTo("checkpoint-diff");
            JsonNode want = diffs.get(pair);
            assertThat(doc.get("tensors")).hasSize(want.size());
            for (JsonNode t : doc.get("tensors")) {
                String name = t.get("name").asText();
                JsonNode w = want.get(name);
                for (String field : List.of("l2_diff", "rel_change", "cosine", "max_abs_diff")) {
                    if (w.get(field).isNull()) assertThat(t.get(field).isNull()).as(pair + " " + name + " " + field).isTrue();
                    else close(t.get(field).asDouble(), w.get(field).asDouble(), pair + " " + name + " " + field);
                }
                // scale is a float64 buffer nothing trains; every other tensor moved in the SGD step
                assertThat(t.get("status").asText()).as(name).isEqualTo(name.equals("scale") ? "same" : "changed");
            }
        }
    }

    @Test
    void aSeriesAcrossTheTwoSerializationsAndThePreviewReadThem() throws Exception {
        CliRunner.Result r = CliRunner.run(cache, "diff", "--series", fx("scripted_v1.pt"), fx("legacy_v2.pt"), fx("traced_v1.pt"), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode files = manifest().get("files");
        JsonNode diffs = manifest().get("diffs").get("scripted_v1.pt -> scripted_v2.pt");
        for (JsonNode t : doc.get("tensors")) {
            String name = t.get("name").asText();
            close(t.get("l2").get(0).asDouble(), files.get("scripted_v1.pt").get(name).get("l2").asDouble(), name);
            close(t.get("l2").get(1).asDouble(), files.get("legacy_v2.pt").get(name).get("l2").asDouble(), name);
            JsonNode rel = diffs.get(name).get("rel_change");
            if (rel.isNull()) assertThat(t.get("rel_change_prev").get(1).isNull()).as(name).isTrue();
            else close(t.get("rel_change_prev").get(1).asDouble(), rel.asDouble(), name);
            // the traced module holds the first state again
            if (!rel.isNull()) close(t.get("rel_change_first").get(2).asDouble(), 0.0, name);
        }
        for (String f : List.of("scripted_v1.pt", "traced_v1.pt", "legacy_v1.pt")) {
            try (PreviewContent p = StandardReaders.previewers().open(DIR.resolve(f))) {
                assertThat(p).as(f).isInstanceOf(CheckpointContent.class);
                assertThat(((CheckpointContent) p).checkpoint().tensors()).as(f).hasSize(files.get(f).size());
            }
        }
    }
}
