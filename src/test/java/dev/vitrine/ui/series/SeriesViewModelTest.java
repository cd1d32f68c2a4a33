package dev.vitrine.ui.series;

import dev.vitrine.compare.series.SnapshotSource;
import dev.vitrine.compare.series.TensorSeries;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The series window's model: order, compute, sort and group, the pair behind a cell, cancel. */
class SeriesViewModelTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/series");

    static List<Path> files() {
        return List.of(DIR.resolve("snap0.safetensors"), DIR.resolve("snap1.safetensors"), DIR.resolve("snap2.safetensors"), DIR.resolve("snap3.npz"));
    }

    @Test
    void snapshotsAreComparedInTheUsersOrderAndACellOpensItsPair() {
        List<String> opened = new ArrayList<>();
        SeriesViewModel vm = new SeriesViewModel(Async.direct(), (a, b) -> opened.add(a.label() + " -> " + b.label()));
        vm.compute();
        assertThat(vm.messageProperty().get()).contains("at least two");
        vm.addFiles(files());
        vm.move(3, -1); // snap3.npz before snap2
        assertThat(vm.snapshots()).extracting(SnapshotSource::label).containsExactly("snap0.safetensors", "snap1.safetensors", "snap3.npz", "snap2.safetensors");
        vm.compute();
        assertThat(vm.stateProperty().get()).as(vm.messageProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.resultProperty().get().snapshots()).extracting(s -> s.label()).containsExactly("snap0.safetensors", "snap1.safetensors",
                "snap3.npz", "snap2.safetensors");
        assertThat(vm.messageProperty().get()).startsWith("8 tensors over 4 snapshots");

        vm.openPair(2);
        vm.referenceProperty().set(SeriesViewModel.Reference.FIRST);
        vm.openPair(3);
        vm.openPair(0); // the first column has no pair
        assertThat(opened).containsExactly("snap1.safetensors -> snap3.npz", "snap0.safetensors -> snap2.safetensors");
    }

    @Test
    void rowsSortWithinLayerGroupsOrFlat() {
        SeriesViewModel vm = new SeriesViewModel(Async.direct(), (a, b) -> {});
        vm.addFiles(files());
        vm.compute();
        assertThat(vm.rows()).extracting(TensorSeries::name).startsWith("enc.0.weight", "enc.0.bias", "head.weight");
        vm.orderProperty().set(SeriesViewModel.Order.MOST_CHANGED);
        // grouped: enc.0's two tensors stay together, the more changed one first
        List<String> names = vm.rows().stream().map(TensorSeries::name).toList();
        assertThat(names.indexOf("enc.0.bias")).isEqualTo(names.indexOf("enc.0.weight") + 1);
        vm.groupByLayerProperty().set(false);
        List<Double> maxes = vm.rows().stream().map(t -> {
            double m = 0;
            for (int i = 0; i < t.snapshots(); i++) if (vm.cell(t, i) != null) m = Math.max(m, vm.cell(t, i));
            return m;
        }).toList();
        assertThat(maxes).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(vm.rows().get(vm.rows().size() - 1).name()).as("frozen").isIn("enc.0.bias", "steps");
        vm.select(vm.rows().get(0));
        vm.compute();
        assertThat(vm.selectedProperty().get()).as("selection survives a recompute").isNotNull();
    }

    @Test
    void cancelStopsTheStreamAndSaysSo() throws Exception {
        var pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch reached = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            SeriesViewModel vm = new SeriesViewModel(new Async(pool, Runnable::run), (a, b) -> {});
            vm.addFiles(files().subList(0, 2));
            vm.add(new SnapshotSource("slow download", "model:x", () -> {
                reached.countDown();
                never.await(); // a download that waits until interrupted
                return files().get(2);
            }));
            vm.compute();
            assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(vm.isRunning()).isTrue();
            vm.cancel();
            assertThat(vm.stateProperty().get()).isEqualTo(LoadState.EMPTY);
            assertThat(vm.messageProperty().get()).startsWith("Cancelled");
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("the worker was interrupted").isTrue();
            assertThat(vm.resultProperty().get()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }
}
