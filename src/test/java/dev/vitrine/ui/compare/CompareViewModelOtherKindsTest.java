package dev.vitrine.ui.compare;

import dev.vitrine.compare.Diffs;
import dev.vitrine.compare.TableDiff;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** compareFiles on images, tables, same-shape arrays and Keras .h5 (fixtures/compare). */
class CompareViewModelOtherKindsTest {
    static Path fx(String n) {
        return Path.of("src/test/resources/fixtures/compare", n);
    }

    @Test
    void imagesShowTheirPixelsTheDifferenceAndItsStatistics() {
        CompareViewModel vm = new CompareViewModel(Async.direct());
        vm.compareFiles(fx("img_a.png"), fx("img_b.png"));
        assertThat(vm.stateProperty().get()).as(vm.messageProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.IMAGE);
        assertThat(vm.imageDiffProperty().get().differingPixels()).isEqualTo(100);
        assertThat(vm.headlineProperty().get()).startsWith("100 of 3,072 pixels differ").contains("PSNR 22.17 dB");

        vm.compareFiles(fx("img_a.png"), fx("img_a_2x.png"));
        assertThat(vm.headlineProperty().get()).isEqualTo("Identical pixels · B scaled from 128×96 to 64×48");

        // switching to another kind clears the image
        vm.compareFiles(fx("table_a.csv"), fx("table_b.csv"));
        assertThat(vm.imageDiffProperty().get()).isNull();
        vm.dispose();
    }

    @Test
    void tablesShowSchemaChangesAndColumnStatistics() {
        CompareViewModel vm = new CompareViewModel(Async.direct());
        vm.compareFiles(fx("table_a.csv"), fx("table_b.csv"));
        assertThat(vm.stateProperty().get()).as(vm.messageProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.TABLE);
        assertThat(vm.headlineProperty().get()).isEqualTo("rows 5 → 6 · +1 column · −1 column · 1 retyped · 3 with changed statistics");
        assertThat(vm.tableColumns()).extracting(TableDiff.Column::name).containsExactly("id", "score", "label", "flag", "gone", "new");
        assertThat(vm.tableColumns()).extracting(TableDiff.Column::status).containsExactly(TableDiff.Status.CHANGED,
                TableDiff.Status.CHANGED, TableDiff.Status.CHANGED, TableDiff.Status.RETYPED, TableDiff.Status.REMOVED, TableDiff.Status.ADDED);
        assertThat(vm.metadata()).extracting(CompareViewModel.MetaRow::field).contains("file", "size");
        vm.dispose();
    }

    @Test
    void sameShapeArraysGetADifferenceHeatmapOfTheFirstPlane() {
        CompareViewModel vm = new CompareViewModel(Async.direct());
        vm.compareFiles(fx("arr_a.npy"), fx("arr_b.npy"));
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.ARRAY);
        assertThat(vm.headlineProperty().get()).startsWith("2 of 60 elements differ");
        assertThat(vm.arrayDifferenceProperty().get().get(1, 2)).isEqualTo(7.0);
        assertThat(vm.arrayRows()).extracting(CompareViewModel.MetaRow::field).contains("shape", "mean");

        vm.compareFiles(fx("arr_a.npy"), dev.vitrine.testutil.Corpus.file("files/npy/float32.npy"));
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.ARRAY);
        assertThat(vm.headlineProperty().get()).startsWith("Shapes differ");
        assertThat(vm.arrayDifferenceProperty().get()).isNull();
        vm.dispose();
    }

    @Test
    void kerasH5WeightsCompareAsCheckpoints() {
        CompareViewModel vm = new CompareViewModel(Async.direct());
        vm.compareFiles(fx("keras_a.h5"), fx("keras_b.h5"));
        assertThat(vm.stateProperty().get()).as(vm.messageProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.kindProperty().get()).isEqualTo(Diffs.Kind.CHECKPOINT);
        assertThat(vm.tensors()).hasSize(4);
        assertThat(vm.headlineProperty().get()).startsWith("2 of 4 float tensors differ");
        vm.dispose();
    }
}
