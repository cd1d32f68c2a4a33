package dev.vitrine.ui.preview.array;

import dev.vitrine.preview.array.ArrayContent;
import dev.vitrine.preview.array.NpyFile;
import dev.vitrine.preview.array.NpzContent;
import dev.vitrine.preview.array.NpzFile;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The array viewer's state, without a toolkit (same-thread Async). */
class ArrayViewModelTest {

    @Test
    void aThreeDimensionalArrayIsSlicedByTwoAxesAndAnIndex() throws Exception {
        try (NpzFile z = NpzFile.open(Corpus.file("files/npy/multi_compressed.npz"))) {
            ArrayViewModel vm = new ArrayViewModel(new NpzContent(z), Async.direct());
            assertThat(vm.arrayNames()).containsExactly("x", "y", "z", "w");
            assertThat(vm.stateProperty().get()).isEqualTo(LoadState.READY);
            assertThat(vm.plotProperty().get()).isEqualTo(ArrayViewModel.Plot.HEATMAP);
            assertThat(vm.rowAxisProperty().get()).isEqualTo(1);
            assertThat(vm.colAxisProperty().get()).isEqualTo(2);
            assertThat(vm.sliceProperty().get().rows()).isEqualTo(2);
            double first = vm.sliceProperty().get().get(0, 0);
            vm.setIndex(0, 2);
            assertThat(vm.sliceProperty().get().get(1, 1)).isEqualTo(vm.array().getDouble(2, 1, 1));
            assertThat(vm.sliceProperty().get().get(0, 0)).isNotEqualTo(first);
            vm.setAxes(0, 2);
            assertThat(vm.sliceProperty().get().rows()).isEqualTo(3);
            assertThat(vm.summary()).extracting(Map.Entry::getKey).contains("Shape", "Min", "Max", "Mean", "Std", "NaN");
            assertThat(vm.histogramProperty().get()).isNotNull();

            vm.selectArray("z"); // unicode strings: a values table, no plot
            assertThat(vm.plotProperty().get()).isEqualTo(ArrayViewModel.Plot.TABLE);
            assertThat(vm.values()).extracting(r -> r.cells().get(0)).containsExactly("omega", "Ωmega", "", "한국어", "8 chars!", "x");
        }
    }

    @Test
    void structuredArraysAreATableOfFieldsAndImagesAreImages() throws Exception {
        ArrayViewModel vm = new ArrayViewModel(new ArrayContent(NpyFile.open(Corpus.file("files/npy/structured.npy"))), Async.direct());
        assertThat(vm.valueColumns()).containsExactly("key", "weight", "label", "pos");
        assertThat(vm.values().get(1).cells()).containsExactly("-3", "nan", "b'violet'", "(1.5, 2.5, 3.5)");

        ArrayViewModel img = new ArrayViewModel(new ArrayContent(NpyFile.open(Corpus.file("files/npy/image_like_hw3_uint8.npy"))), Async.direct());
        assertThat(img.plotProperty().get()).isEqualTo(ArrayViewModel.Plot.IMAGE);
        int[] px = img.imageProperty().get();
        assertThat(px[0]).isEqualTo(40);
        assertThat(px[1]).isEqualTo(24);
        assertThat(px[2]).isEqualTo(0xff05f011); // pixel[0,0] = (5,240,17)
    }

    @Test
    void valuesArePagedAndErrorsShowAMessage() throws Exception {
        ArrayViewModel vm = new ArrayViewModel(new ArrayContent(NpyFile.open(Corpus.file("files/npy/image_like_hw3_uint8.npy"))), Async.direct());
        assertThat(vm.values()).hasSize(ArrayViewModel.PAGE);
        assertThat(vm.pageTextProperty().get()).isEqualTo("1–200 of 2,880");
        vm.nextPage();
        assertThat(vm.values().get(0).index()).isEqualTo("(1, 26, 2)");
        vm.previousPage();
        assertThat(vm.pageProperty().get()).isZero();

        try (NpzFile bad = NpzFile.open(Corpus.file("files/corrupt/bad_member.npz"))) {
            ArrayViewModel b = new ArrayViewModel(new NpzContent(bad), Async.direct());
            assertThat(b.stateProperty().get()).isEqualTo(LoadState.ERROR);
            assertThat(b.messageProperty().get()).contains("corrupt");
        }
    }

    @Test
    void summaryFiguresReadAsNumbersNotAsNumpyReprs() {
        assertThat(ArrayViewModel.fmt(3.0)).isEqualTo("3");
        assertThat(ArrayViewModel.fmt(1234567.0)).isEqualTo("1,234,567");
        assertThat(ArrayViewModel.fmt(0.5703577399253845)).isEqualTo("0.5703577");
        assertThat(ArrayViewModel.fmt(0.25)).isEqualTo("0.25");
        assertThat(ArrayViewModel.fmt(1.5e-12)).isEqualTo("1.500000e-12");
        assertThat(ArrayViewModel.fmt(Double.NaN)).isEqualTo("nan");
        assertThat(ArrayViewModel.fmt(null)).isEqualTo("–");
    }
}
