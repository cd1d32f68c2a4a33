package dev.vitrine.ui.samples;

import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.samples.SampleKey;
import dev.vitrine.samples.Validity;
import dev.vitrine.testutil.SampleWorld;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.Location;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Debug samples ViewModels on the same thread, over an in-memory source with real image files. */
class SamplesViewModelTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolkit() {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // started by another test
        }
    }

    /** A running task's events in memory: history with the SDK's recycling of N file names. */
    final class Source implements DebugSamples {
        final List<Sample> events = new CopyOnWriteArrayList<>();
        final AtomicInteger latestCalls = new AtomicInteger();

        void report(String metric, String variant, long iter, int history) throws Exception {
            long n = events.stream().filter(e -> e.metric().equals(metric) && e.variant().equals(variant)).count();
            String name = metric + "_" + variant + "_" + (n % history) + ".png";
            Path f = tmp.resolve(name);
            Files.write(f, SampleWorld.png(iter, 32));
            events.add(new Sample("t", metric, variant, iter, "file:///" + name, Instant.ofEpochMilli(1000 + iter),
                    MediaKind.IMAGE, new Location.LocalFile(f)));
        }

        @Override
        public List<Sample> latest(String taskId) {
            latestCalls.incrementAndGet();
            List<Sample> out = new ArrayList<>();
            events.stream().map(Sample::key).distinct().sorted().forEach(k -> out.add(history(taskId, k.metric(), k.variant()).latest()));
            return out;
        }

        @Override
        public SampleHistory history(String taskId, String metric, String variant) {
            return Validity.history(taskId, new SampleKey(metric, variant),
                    events.stream().filter(e -> e.metric().equals(metric) && e.variant().equals(variant)).toList(), null);
        }
    }

    final ConcurrentHashMap<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

    SampleLoader loader() {
        return s -> {
            fetches.computeIfAbsent(s.url(), k -> new AtomicInteger()).incrementAndGet();
            return ((Location.LocalFile) s.location()).path();
        };
    }

    @Test
    void theGridIsReadOnlyWhenShownAndARefreshChangesTilesInPlace() throws Exception {
        Source src = new Source();
        for (long it = 0; it < 3; it++) {
            src.report("a", "x", it, 100);
            src.report("b", "y", it, 100);
        }
        SamplesViewModel vm = new SamplesViewModel(Async.direct(), ws -> src, loader());
        vm.show(null, "t", true);
        assertThat(src.latestCalls.get()).isZero(); // tab not shown yet
        vm.setActive(true);
        assertThat(vm.tiles()).extracting(Sample::iteration).containsExactly(2L, 2L);
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.READY);
        Sample firstBefore = vm.tiles().get(0);

        src.report("b", "y", 3, 100);
        src.report("c", "z", 0, 100);
        vm.refresh();
        assertThat(vm.tiles()).extracting(s -> s.metric() + "@" + s.iteration()).containsExactly("a@2", "b@3", "c@0");
        assertThat(vm.tiles().get(0)).isSameAs(firstBefore); // untouched tile stays the same object, same place
        assertThat(vm.fresh()).containsExactlyInAnyOrder(new SampleKey("b", "y"), new SampleKey("c", "z"));
        vm.seen(new SampleKey("b", "y"));
        assertThat(vm.fresh()).containsExactly(new SampleKey("c", "z"));
    }

    @Test
    void thumbnailsAreSubsampledAndCachedPerEventNotPerUrl() throws Exception {
        Source src = new Source();
        src.report("a", "x", 0, 1);
        SamplesViewModel vm = new SamplesViewModel(Async.direct(), ws -> src, loader());
        vm.show(null, "t", false);
        vm.setActive(true);
        List<SamplesViewModel.Thumb> got = new ArrayList<>();
        vm.thumbnail(vm.tiles().get(0), got::add);
        assertThat(vm.thumbnail(vm.tiles().get(0), got::add)).isNull(); // from the cache
        assertThat(got).hasSize(2).allSatisfy(t -> assertThat(t.image().getWidth()).isEqualTo(32));
        assertThat(fetches.get("file:///a_x_0.png").get()).isEqualTo(1);

        src.report("a", "x", 1, 1); // same url, new event: recycled file
        vm.refresh();
        vm.thumbnail(vm.tiles().get(0), got::add);
        assertThat(fetches.get("file:///a_x_0.png").get()).isEqualTo(2);
    }

    @Test
    void anImageTooLargeForAThumbnailIsDecodedSubsampledAndBadBytesSaySo() throws Exception {
        Source src = new Source();
        Path big = tmp.resolve("big.png");
        Files.write(big, SampleWorld.png(7, 3000));
        Path bad = tmp.resolve("bad.jpeg");
        Files.writeString(bad, "<html>not an image</html>");
        src.events.add(new Sample("t", "big", "v", 0, "file:///big.png", Instant.EPOCH, MediaKind.IMAGE, new Location.LocalFile(big)));
        src.events.add(new Sample("t", "bad", "v", 0, "file:///bad.jpeg", Instant.EPOCH, MediaKind.IMAGE, new Location.LocalFile(bad)));
        SamplesViewModel vm = new SamplesViewModel(Async.direct(), ws -> src, loader());
        vm.show(null, "t", false);
        vm.setActive(true);
        List<SamplesViewModel.Thumb> got = new ArrayList<>();
        for (Sample s : vm.tiles()) vm.thumbnail(s, got::add);
        assertThat(got.get(0).image()).isNull();
        assertThat(got.get(0).problem()).contains("bad.jpeg");
        assertThat(got.get(1).image().getWidth()).isLessThanOrEqualTo(SampleImages.THUMB * 2);
    }

    @Test
    void theViewerStepsKeepsTheIterationAcrossVariantsPrefetchesAndNamesRecycledIterations() throws Exception {
        Source src = new Source();
        for (long it = 0; it < 12; it++) {
            src.report("pred", "cat", it, 100);
            src.report("pred", "dog", it, 5);
        }
        SamplesViewModel grid = new SamplesViewModel(Async.direct(), ws -> src, loader());
        grid.show(null, "t", true);
        grid.setActive(true);
        SampleViewerViewModel v = grid.open(grid.tiles().get(0));
        assertThat(v.sampleProperty().get().iteration()).isEqualTo(11);
        assertThat(v.imageProperty().get()).isNotNull();
        Sample ten = v.historyProperty().get().atOrBefore(10).orElseThrow();
        assertThat(v.isPrepared(ten)).isTrue(); // the neighbour is ready before the user asks
        v.step(-1);
        assertThat(v.sampleProperty().get().iteration()).isEqualTo(10);
        v.step(1);
        v.step(1); // past the newest: stays
        assertThat(v.sampleProperty().get().iteration()).isEqualTo(11);

        v.goTo(4);
        v.variant(1); // dog keeps only 5 files: 4 is recycled
        assertThat(v.keyProperty().get()).isEqualTo(new SampleKey("pred", "dog"));
        assertThat(v.stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(v.messageProperty().get()).contains("no longer stored").contains("oldest stored is 7");
        assertThat(v.imageProperty().get()).isNull(); // never the newer image under the old name
        v.goTo(9);
        assertThat(v.sampleProperty().get().iteration()).isEqualTo(9);
        assertThat(SampleWorld.iterationOf(((Location.LocalFile) v.sampleProperty().get().location()).path())).isEqualTo(9);

        src.report("pred", "dog", 12, 5);
        src.report("pred", "dog", 13, 5);
        v.refresh();
        assertThat(v.newerProperty().get()).isEqualTo(2);
        assertThat(v.sampleProperty().get().iteration()).isEqualTo(9); // what the user looks at stays
        v.latest();
        assertThat(v.sampleProperty().get().iteration()).isEqualTo(13);
        assertThat(v.newerProperty().get()).isZero();
    }

    @Test
    void aPinnedRunIsComparedAtTheNearestEarlierIterationOfItsOwn() throws Exception {
        Source a = new Source();
        Source b = new Source();
        for (long it = 0; it <= 11; it++) a.report("pred", "cat", it, 100);
        for (long it = 0; it <= 110; it += 10) b.report("pred", "cat", it, 100);
        java.util.Map<String, Source> byTask = java.util.Map.of("A", a, "B", b);
        DebugSamples both = new DebugSamples() {
            @Override
            public List<Sample> latest(String taskId) {
                return byTask.get(taskId).latest(taskId);
            }

            @Override
            public SampleHistory history(String taskId, String metric, String variant) {
                return byTask.get(taskId).history(taskId, metric, variant);
            }
        };
        SamplesViewModel grid = new SamplesViewModel(Async.direct(), ws -> both, loader());
        grid.setActive(true);
        grid.show(null, "B", "run B", false);
        grid.pin();
        grid.show(null, "A", "run A", false);
        SampleViewerViewModel v = grid.open(grid.tiles().get(0));
        SampleViewerViewModel.Compared c = v.comparedProperty().get();
        assertThat(c.a().iteration()).isEqualTo(11);
        assertThat(c.b().iteration()).isEqualTo(10); // B has no 11: its sample before it
        assertThat(c.labelB()).isEqualTo("run B");
        assertThat(c.diff()).isNotNull();
        v.goTo(7);
        assertThat(v.comparedProperty().get().b().iteration()).isZero();
        assertThat(v.comparedProperty().get().a().iteration()).isEqualTo(7);
    }

    static dev.vitrine.workspace.Task task(String id, String name) {
        return new dev.vitrine.workspace.Task(id, name, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Three runs of one variant, each reporting at its own iterations. */
    DebugSamples threeRuns(Source a, Source b, Source c) throws Exception {
        for (long it = 0; it <= 11; it++) a.report("pred", "cat", it, 100);
        for (long it = 0; it <= 110; it += 10) b.report("pred", "cat", it, 100);
        for (long it = 5; it <= 8; it++) c.report("pred", "cat", it, 100);
        java.util.Map<String, Source> byTask = java.util.Map.of("A", a, "B", b, "C", c);
        return new DebugSamples() {
            @Override
            public List<Sample> latest(String taskId) {
                return byTask.get(taskId).latest(taskId);
            }

            @Override
            public SampleHistory history(String taskId, String metric, String variant) {
                return byTask.get(taskId).history(taskId, metric, variant);
            }
        };
    }

    @Test
    void tasksSelectedTogetherAreShownSideBySideSyncedByIterationAndAnyTwoCompared() throws Exception {
        Source a = new Source();
        Source b = new Source();
        Source c = new Source();
        DebugSamples runs = threeRuns(a, b, c);
        SamplesViewModel grid = new SamplesViewModel(Async.direct(), ws -> runs, loader());
        grid.setActive(true);
        grid.show(null, "A", "run A", false);
        grid.selectTasks(List.of(task("B", "run B"), task("A", "run A"), task("C", "run C")));
        SampleViewerViewModel v = grid.open(grid.tiles().get(0));

        SampleViewerViewModel.Comparison cmp = v.comparisonProperty().get();
        assertThat(cmp.iteration()).isEqualTo(11);
        assertThat(cmp.panes()).extracting(SampleViewerViewModel.Pane::label).containsExactly("run A", "run B", "run C");
        assertThat(cmp.panes()).extracting(p -> p.sample() == null ? null : p.sample().iteration()).containsExactly(11L, 10L, 8L);
        assertThat(cmp.panes()).allSatisfy(p -> assertThat(p.image()).isNotNull());
        assertThat(SampleWorld.iterationOf(((Location.LocalFile) cmp.panes().get(2).sample().location()).path())).isEqualTo(8);
        assertThat(v.comparedProperty().get().labelB()).isEqualTo("run B"); // the first two by default
        assertThat(v.comparedProperty().get().diff()).isNotNull();

        v.goTo(4); // one slider for all: C has nothing at or before 4
        cmp = v.comparisonProperty().get();
        assertThat(cmp.panes()).extracting(p -> p.sample() == null ? null : p.sample().iteration()).containsExactly(4L, 0L, null);
        assertThat(cmp.panes().get(2).problem()).contains("run C has no sample").contains("at or before iteration 4");

        v.goTo(7);
        v.pair(1, 2); // swipe and difference between any two
        SampleViewerViewModel.Compared pair = v.comparedProperty().get();
        assertThat(pair.labelA()).isEqualTo("run B");
        assertThat(pair.a().iteration()).isZero();
        assertThat(pair.labelB()).isEqualTo("run C");
        assertThat(pair.b().iteration()).isEqualTo(7);
        assertThat(pair.diff()).isNotNull();
        v.step(1); // stepping keeps the pair chosen
        assertThat(v.comparedProperty().get().labelA()).isEqualTo("run B");
        assertThat(v.comparedProperty().get().b().iteration()).isEqualTo(8);

        grid.selectTasks(List.of(task("A", "run A"))); // one task: no comparison, the viewer follows
        assertThat(v.comparisonProperty().get()).isNull();
        grid.selectTasks(List.of(task("A", "run A"), task("C", "run C")));
        assertThat(v.comparisonProperty().get().panes()).extracting(SampleViewerViewModel.Pane::label).containsExactly("run A", "run C");
    }

    @Test
    void aRunsHistoryIsReadOnceWhileSteppingAndAtMostSixRunsAreCompared() throws Exception {
        Source a = new Source();
        Source b = new Source();
        Source c = new Source();
        DebugSamples three = threeRuns(a, b, c);
        AtomicInteger histories = new AtomicInteger();
        DebugSamples counting = new DebugSamples() {
            @Override
            public List<Sample> latest(String taskId) {
                return three.latest(taskId);
            }

            @Override
            public SampleHistory history(String taskId, String metric, String variant) {
                if (!taskId.equals("A")) histories.incrementAndGet();
                return three.history(taskId.startsWith("B") ? "B" : taskId, metric, variant);
            }
        };
        SamplesViewModel grid = new SamplesViewModel(Async.direct(), ws -> counting, loader());
        grid.setActive(true);
        grid.show(null, "A", "run A", false);
        List<dev.vitrine.workspace.Task> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) many.add(task("B" + i, "run B" + i));
        grid.selectTasks(many);
        SampleViewerViewModel v = grid.open(grid.tiles().get(0));
        assertThat(v.comparisonProperty().get().panes()).hasSize(SampleViewerViewModel.MAX_RUNS);
        int afterOpen = histories.get();
        assertThat(afterOpen).isEqualTo(SampleViewerViewModel.MAX_RUNS - 1);
        for (int i = 0; i < 5; i++) v.step(-1);
        assertThat(v.comparisonProperty().get().iteration()).isEqualTo(6);
        assertThat(histories.get()).isEqualTo(afterOpen);
    }
}
