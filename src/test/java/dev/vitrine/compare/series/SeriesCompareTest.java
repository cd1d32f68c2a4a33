package dev.vitrine.compare.series;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.compare.CheckpointException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The drift of each tensor over four snapshots (safetensors and npz mixed) against numpy's float64 figures. */
class SeriesCompareTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/series");

    static List<SnapshotSource> snapshots() {
        return List.of(SnapshotSource.file(DIR.resolve("snap0.safetensors")), SnapshotSource.file(DIR.resolve("snap1.safetensors")),
                SnapshotSource.file(DIR.resolve("snap2.safetensors")), SnapshotSource.file(DIR.resolve("snap3.npz")));
    }

    @Test
    void everyTensorMatchesNumpyInFirstSeenOrder() throws Exception {
        JsonNode truth = new ObjectMapper().readTree(DIR.resolve("truth.json").toFile());
        CheckpointSeries s = SeriesCompare.compute(snapshots(), SeriesCompare.Progress.NONE);

        List<String> order = new ArrayList<>();
        truth.get("order").forEach(n -> order.add(n.asText()));
        assertThat(s.tensors()).extracting(TensorSeries::name).containsExactlyElementsOf(order);
        assertThat(s.snapshots()).extracting(CheckpointSeries.Snapshot::format).containsExactly("safetensors", "safetensors", "safetensors", "npz");
        for (TensorSeries t : s.tensors()) {
            JsonNode e = truth.get("tensors").get(t.name());
            for (int i = 0; i < 4; i++) {
                same(t.name() + " l2[" + i + "]", t.l2(i), e.get("l2").get(i));
                same(t.name() + " prev[" + i + "]", t.relChangePrev(i), e.get("rel_change_prev").get(i));
                same(t.name() + " first[" + i + "]", t.relChangeFirst(i), e.get("rel_change_first").get(i));
            }
        }
    }

    @Test
    void missingReshapedFrozenAndZeroTensorsAreTold() throws Exception {
        CheckpointSeries s = SeriesCompare.compute(snapshots(), SeriesCompare.Progress.NONE);
        TensorSeries late = s.tensor("late.weight");
        assertThat(late.l2(0)).isNull();
        assertThat(late.l2(2)).isNotNull();
        assertThat(late.relChangePrev(2)).isNull();
        assertThat(late.relChangePrev(3)).isNotNull();
        assertThat(s.tensor("dropped.bias").l2(3)).isNull();
        assertThat(s.tensor("head.weight").relChangePrev(3)).as("reshaped").isNull();
        assertThat(s.tensor("head.weight").shape()).containsExactly(4, 8);
        assertThat(s.tensor("enc.0.bias").relChangeFirst(3)).as("frozen").isEqualTo(0.0);
        assertThat(s.tensor("zero.weight").relChangeFirst(2)).as("from a zero norm").isNull();
        assertThat(s.tensor("half.weight").dtype()).isEqualTo("float16");
    }

    @Test
    void progressNamesEachSnapshotAndAResolverFailureNamesItsSnapshot() throws Exception {
        List<String> seen = new ArrayList<>();
        SeriesCompare.compute(snapshots(), (i, n, label) -> seen.add(i + "/" + n + " " + label));
        assertThat(seen).containsExactly("0/4 snap0.safetensors", "1/4 snap1.safetensors", "2/4 snap2.safetensors", "3/4 snap3.npz");

        List<SnapshotSource> broken = new ArrayList<>(snapshots());
        broken.set(2, new SnapshotSource("epoch 3", "model:abc", () -> { throw new java.io.IOException("Access denied"); }));
        assertThatThrownBy(() -> SeriesCompare.compute(broken, SeriesCompare.Progress.NONE))
                .isInstanceOf(CheckpointException.class).hasMessage("epoch 3: Access denied");
        broken.set(2, SnapshotSource.file(DIR.resolve("make_series_fixtures.py")));
        assertThatThrownBy(() -> SeriesCompare.compute(broken, SeriesCompare.Progress.NONE))
                .isInstanceOf(CheckpointException.class).hasMessageStartingWith("make_series_fixtures.py: ");
    }

    @Test
    void anInterruptCancelsBeforeTheNextSnapshotIsFetched() {
        AtomicInteger fetched = new AtomicInteger();
        List<SnapshotSource> src = new ArrayList<>();
        for (SnapshotSource s : snapshots()) src.add(new SnapshotSource(s.label(), s.source(), () -> {
            if (fetched.incrementAndGet() == 2) Thread.currentThread().interrupt();
            return s.resolver().resolve();
        }));
        try {
            assertThatThrownBy(() -> SeriesCompare.compute(src, SeriesCompare.Progress.NONE)).isInstanceOf(CancellationException.class);
            assertThat(fetched.get()).isEqualTo(2);
        } finally {
            Thread.interrupted();
        }
    }

    private static void same(String what, Double got, JsonNode want) {
        if (want.isNull()) assertThat(got).as(what).isNull();
        else assertThat(got).as(what).isNotNull().isCloseTo(want.asDouble(), within(1e-9 * Math.max(1, Math.abs(want.asDouble()))));
    }
}
