package dev.vitrine.ui.compare;

import dev.vitrine.compare.Checkpoint;
import dev.vitrine.compare.Checkpoints;
import dev.vitrine.compare.Diffs;
import dev.vitrine.compare.TensorDiff;
import dev.vitrine.compare.TextDiff;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.ModelRef;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompareViewModelTest {
    static Path fx(String n) {
        return Path.of("src/test/resources/fixtures", n);
    }

    static ModelRef model(String id, String name, String design, Map<String, String> meta) {
        return new ModelRef(id, name, "PyTorch", "file:///m/" + name, "task1", null, "proj", null, List.of("t"), Map.of("cat", 0),
                null, null, design, meta, null);
    }

    @Test
    void twoModelsShowMetadataDesignTensorsGroupsAndAHistogram() {
        CompareViewModel vm = new CompareViewModel(Async.direct());
        vm.compareModels(model("a", "ckpt_a", "arch = net\nlr = 0.1\n", Map.of("epoch", "1")), fx("ckpt_a.pt"),
                model("b", "ckpt_b", "arch = net\nlr = 0.01\n", Map.of("epoch", "2")), fx("ckpt_b.pt"));
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.CHECKPOINT);
        assertThat(vm.metadata()).filteredOn(CompareViewModel.MetaRow::differs).extracting(CompareViewModel.MetaRow::field)
                .contains("name", "id", "uri", "metadata.epoch").doesNotContain("framework", "tags");
        assertThat(vm.designDiff()).extracting(TextDiff.Row::kind).containsExactly(TextDiff.Kind.EQUAL, TextDiff.Kind.CHANGED);
        assertThat(vm.tensors()).hasSize(7);
        // the groups and the headline measure the same tensors: float weights; the int64 step counter is apart
        assertThat(vm.groups()).extracting(g -> g.group()).startsWith("layer1").doesNotContain("steps", "(all)")
                .endsWith("(float weights)", "(integer and other tensors)");
        var floatTotal = vm.groups().get(vm.groups().size() - 2);
        var layerGroups = vm.groups().subList(0, vm.groups().size() - 2);
        assertThat(layerGroups.stream().mapToInt(g -> g.tensors()).sum()).isEqualTo(floatTotal.tensors());
        assertThat(layerGroups.stream().mapToDouble(g -> g.l2Diff() * g.l2Diff()).sum())
                .isCloseTo(floatTotal.l2Diff() * floatTotal.l2Diff(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(vm.headlineProperty().get()).startsWith(floatTotal.changed() + " of " + floatTotal.tensors() + " float tensors differ")
                .contains("L2(A−B) " + CompareViewModel.num(floatTotal.l2Diff())).contains("integer/other tensors differ");
        assertThat(vm.selectedTensorProperty().get()).isEqualTo("layer1.weight");
        assertThat(vm.histogramsProperty().get()[0]).isNotNull();
        assertThat(vm.histogramsProperty().get()[1]).isNotNull();
        vm.sortByChange();
        assertThat(vm.tensors().get(vm.tensors().size() - 1).status()).isEqualTo(TensorDiff.Status.SAME);
        assertThat(vm.tensors().subList(0, 3)).extracting(TensorDiff::status)
                .containsOnly(TensorDiff.Status.ADDED, TensorDiff.Status.REMOVED, TensorDiff.Status.RESHAPED);
        vm.selectTensor("added.weight");
        assertThat(vm.histogramsProperty().get()[0]).isNull();
        assertThat(vm.histogramsProperty().get()[1]).isNotNull();
        vm.dispose();
    }

    @Test
    void arraysTextsAndRefusalsAreShownByKind() throws Exception {
        CompareViewModel vm = new CompareViewModel(Async.direct());
        vm.compareFiles(Corpus.file("files/npy/float32.npy"), Corpus.file("files/npy/float32.npy"));
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.ARRAY);
        assertThat(vm.headlineProperty().get()).startsWith("0 of 18 elements differ");
        vm.compareFiles(fx("make_fixtures.py"), fx("ckpt_a_b_truth.json"));
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.TEXT);
        assertThat(vm.textRows()).isNotEmpty();
        vm.compareFiles(Corpus.file("files/hostile/checkpoint_with_payload.pt"), fx("ckpt_a.pt"));
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(vm.messageProperty().get()).contains("Refused");

        try (Checkpoint c = Checkpoints.open(fx("ckpt_a.pt"))) {
            CompareViewModel one = CompareViewModel.single(c, Async.direct());
            assertThat(one.tensors()).hasSize(6);
            assertThat(one.tensors().get(0).l2A()).isPositive();
            assertThat(one.histogramsProperty().get()[0]).isNotNull();
        }
    }
}
