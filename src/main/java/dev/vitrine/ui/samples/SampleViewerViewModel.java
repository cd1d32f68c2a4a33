package dev.vitrine.ui.samples;

import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.samples.SampleKey;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric/variant of a task opened in the viewer: its showable iterations (a slider over them,
 * an iteration typed in), stepping by iteration and by variant, the neighbouring iterations fetched
 * and decoded ahead so that a step shows at once, and a running task's new iterations announced
 * without moving what is shown. An iteration whose file was recycled says so. FX thread only.
 */
public final class SampleViewerViewModel {

    /** Iterations prepared ahead on each side of the one shown. */
    static final int PREFETCH = 2;
    /** Prepared images kept: the shown one, the prefetched ones and a few just left (bounded memory). */
    static final int PREPARED_CACHE = 2 * PREFETCH + 3;

    private final Async async;
    private final DebugSamples source;
    private final SampleLoader loader;
    private final String task;
    private final List<SampleKey> keys;

    private final ReadOnlyObjectWrapper<SampleKey> key = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SampleHistory> history = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Sample> sample = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SampleImages.Prepared> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.LOADING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper newer = new ReadOnlyIntegerWrapper(0);

    private final Map<String, SampleImages.Prepared> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SampleImages.Prepared> e) {
            return size() > PREPARED_CACHE;
        }
    };
    private final Map<String, Async.Handle> prefetching = new HashMap<>();
    private final ReadOnlyObjectWrapper<Compared> compared = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>();
    /** Other runs' histories, per task and variant: read once per viewer (a refresh forgets them). */
    private final Map<String, Map<SampleKey, SampleHistory>> otherHistories = new HashMap<>();
    /** Other runs' decoded images: a few per run (the shown one and its neighbours), bounded. */
    private final Map<String, SampleImages.Prepared> otherPrepared = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SampleImages.Prepared> e) {
                    return size() > OTHER_PREPARED_PER_RUN * Math.max(1, others.size());
                }
            });
    private volatile List<SamplesViewModel.Run> others = List.of();
    private String label;
    private int pairA = 0;
    private int pairB = 1;
    private Async.Handle compareLoad;
    private Async.Handle pairLoad;
    private Async.Handle historyLoad;
    private Async.Handle showLoad;
    private Long wanted;

    /** Runs compared at most, this one included: beyond six panes an image is too small to judge. */
    public static final int MAX_RUNS = 6;
    /** Images kept decoded per other run: the one shown, the ones on each side, one just left. */
    static final int OTHER_PREPARED_PER_RUN = 4;

    public SampleViewerViewModel(Async async, DebugSamples source, SampleLoader loader, String task, List<SampleKey> keys) {
        this.async = async;
        this.source = source;
        this.loader = loader;
        this.task = task;
        this.keys = List.copyOf(keys);
    }

    /**
     * Two of the compared runs at one iteration (the pair chosen for swipe and difference): each shows
     * its newest sample at or before it (iterations are per task), with the difference of the two
     * images when both exist.
     */
    public record Compared(String labelA, Sample a, String labelB, Sample b, dev.vitrine.compare.ImageDiff diff, String problem) {}

    /**
     * One run in the side-by-side grid: its sample at or before the iteration shown (null: none, and
     * why), decoded when it is an image.
     */
    public record Pane(String label, String task, Sample sample, SampleImages.Prepared image, String problem) {}

    /** Every compared run at the iteration shown, this viewer's own first; the pair chosen for swipe and difference. */
    public record Comparison(long iteration, List<Pane> panes, int pairA, int pairB) {}

    /** Shows another run's sample beside each one shown (a pinned task), synced by iteration. */
    public void compareWith(SamplesViewModel.Run run, String ownLabel) {
        compareWith(run == null ? List.of() : List.of(run), ownLabel);
    }

    /**
     * Shows other runs' samples beside each one shown (selected or pinned tasks), synced by
     * iteration; at most {@link #MAX_RUNS} in all. What is shown now is compared at once.
     */
    public void compareWith(List<SamplesViewModel.Run> runs, String ownLabel) {
        List<SamplesViewModel.Run> kept = new ArrayList<>();
        for (SamplesViewModel.Run r : runs) {
            if (r == null || r.task().equals(task) || kept.stream().anyMatch(k -> k.task().equals(r.task()))) continue;
            if (kept.size() + 1 < MAX_RUNS) kept.add(r);
        }
        label = ownLabel;
        if (kept.equals(others)) return;
        others = List.copyOf(kept);
        if (pairB > others.size()) pairB = Math.min(1, others.size());
        if (pairA > others.size()) pairA = 0;
        if (others.isEmpty()) {
            if (compareLoad != null) compareLoad.cancel();
            comparison.set(null);
            compared.set(null);
            return;
        }
        Sample s = sample.get();
        if (s != null) compare(s, s.kind() == MediaKind.IMAGE ? prepared.get(SamplesViewModel.cacheKey(s)) : null);
    }

    /** The other runs compared, in pane order after this one. */
    public List<SamplesViewModel.Run> others() {
        return others;
    }

    public ReadOnlyObjectProperty<Compared> comparedProperty() {
        return compared.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    /** Chooses the two panes that swipe and difference compare (indices in the comparison, 0 = this run). */
    public void pair(int a, int b) {
        int n = others.size() + 1;
        if (a < 0 || b < 0 || a >= n || b >= n || a == b) return;
        pairA = a;
        pairB = b;
        Comparison c = comparison.get();
        if (c != null) {
            comparison.set(new Comparison(c.iteration(), c.panes(), a, b));
            diff(c.iteration(), c.panes());
        }
    }

    private void compare(Sample s, SampleImages.Prepared mine) {
        if (others.isEmpty() || s == null) return;
        if (compareLoad != null) compareLoad.cancel();
        List<SamplesViewModel.Run> runs = others;
        SampleKey k = key.get();
        long at = s.iteration();
        Map<String, SampleHistory> known = new HashMap<>();
        for (SamplesViewModel.Run r : runs) {
            SampleHistory h = otherHistories.getOrDefault(r.task(), Map.of()).get(k);
            if (h != null) known.put(r.task(), h);
        }
        Pane own = new Pane(label, task, s, mine, mine == null && s.kind() == MediaKind.IMAGE ? "not decoded" : null);
        compareLoad = async.run(() -> {
            List<Side> sides = new ArrayList<>();
            for (SamplesViewModel.Run run : runs) sides.add(side(run, k, at, known.get(run.task())));
            return sides;
        }, sides -> {
            List<Pane> panes = new ArrayList<>();
            panes.add(own);
            for (int i = 0; i < sides.size(); i++) {
                Side sd = sides.get(i);
                otherHistories.computeIfAbsent(runs.get(i).task(), t -> new HashMap<>()).put(k, sd.history());
                panes.add(sd.pane());
            }
            comparison.set(new Comparison(at, List.copyOf(panes), pairA, pairB));
            diff(at, panes);
            for (int i = 0; i < sides.size(); i++) prefetchOther(sides.get(i));
        }, e -> {
            comparison.set(null);
            compared.set(new Compared(label, s, runs.get(0).label(), null, null, e.getMessage()));
        });
    }

    /** One other run at an iteration: its history (read once) and its sample at or before it, decoded. */
    private Side side(SamplesViewModel.Run run, SampleKey k, long at, SampleHistory known) {
        SampleHistory h;
        try {
            h = known != null ? known : run.source().history(run.task(), k.metric(), k.variant());
        } catch (RuntimeException e) {
            return new Side(SampleHistory.empty(run.task(), k), new Pane(run.label(), run.task(), null, null, e.getMessage()));
        }
        int i = h.indexAtOrBefore(at);
        if (i < 0) {
            String why = h.isEmpty() ? run.label() + " has no " + k : run.label() + " has no sample of " + k + " at or before iteration " + at;
            return new Side(h, new Pane(run.label(), run.task(), null, null, why));
        }
        Sample b = h.samples().get(i);
        if (b.kind() != MediaKind.IMAGE) return new Side(h, new Pane(run.label(), run.task(), b, null, null), i);
        try {
            return new Side(h, new Pane(run.label(), run.task(), b, preparedOther(b), null), i);
        } catch (Exception e) {
            return new Side(h, new Pane(run.label(), run.task(), b, null, Async.unwrap(e).getMessage()), i);
        }
    }

    private SampleImages.Prepared preparedOther(Sample b) throws Exception {
        String ck = SamplesViewModel.cacheKey(b);
        SampleImages.Prepared p = otherPrepared.get(ck);
        if (p == null) {
            p = prepare(b);
            otherPrepared.put(ck, p);
        }
        return p;
    }

    /** The other run's images on each side of the one shown, decoded ahead so that one slider moves all at once. */
    private void prefetchOther(Side sd) {
        if (sd.index() < 0) return;
        List<Sample> ss = sd.history().samples();
        for (int j : new int[] {sd.index() - 1, sd.index() + 1}) {
            if (j < 0 || j >= ss.size() || ss.get(j).kind() != MediaKind.IMAGE) continue;
            Sample n = ss.get(j);
            String ck = SamplesViewModel.cacheKey(n);
            if (otherPrepared.containsKey(ck) || prefetching.containsKey(ck)) continue;
            prefetching.put(ck, async.run(() -> preparedOther(n), p -> prefetching.remove(ck), e -> prefetching.remove(ck)));
        }
    }

    /** The chosen pair's difference (swipe and difference views), off the FX thread. */
    private void diff(long at, List<Pane> panes) {
        if (pairLoad != null) pairLoad.cancel();
        int a = Math.min(pairA, panes.size() - 1);
        int b = Math.min(pairB, panes.size() - 1);
        Pane pa = panes.get(a);
        Pane pb = panes.get(b);
        if (pa.sample() == null || pb.sample() == null || a == b) {
            Pane missing = pa.sample() == null ? pa : pb;
            compared.set(new Compared(pa.label(), pa.sample(), pb.label(), pb.sample(), null,
                    missing.problem() != null ? missing.problem() : "nothing to compare"));
            return;
        }
        if (pa.image() == null || pb.image() == null) {
            compared.set(new Compared(pa.label(), pa.sample(), pb.label(), pb.sample(), null,
                    pa.problem() != null ? pa.problem() : pb.problem() != null ? pb.problem() : "only images are compared"));
            return;
        }
        pairLoad = async.run(() -> dev.vitrine.compare.ImageDiff.of(pa.image().content(), pb.image().content()),
                d -> compared.set(new Compared(pa.label(), pa.sample(), pb.label(), pb.sample(), d, null)),
                e -> compared.set(new Compared(pa.label(), pa.sample(), pb.label(), pb.sample(), null, e.getMessage())));
    }

    private record Side(SampleHistory history, Pane pane, int index) {
        Side(SampleHistory history, Pane pane) {
            this(history, pane, -1);
        }
    }

    /** Opens a metric/variant at an iteration (null: its latest), reading its iterations first. */
    public void open(SampleKey k, Long iteration) {
        if (historyLoad != null) historyLoad.cancel();
        key.set(k);
        wanted = iteration;
        newer.set(0);
        state.set(LoadState.LOADING);
        message.set("Reading the iterations of " + k + "…");
        historyLoad = async.run(() -> source.history(task, k.metric(), k.variant()), h -> {
            history.set(h);
            if (h.isEmpty()) {
                show(null, "No showable sample of " + k);
                return;
            }
            goTo(wanted == null ? h.maxIteration() : wanted);
        }, e -> {
            state.set(LoadState.ERROR);
            message.set(e.getMessage());
        });
    }

    /** Shows the sample at or before {@code iteration}, as the server rounds; a recycled one is named as such. */
    public void goTo(long iteration) {
        SampleHistory h = history.get();
        if (h == null || h.isEmpty()) return;
        int i = h.indexAtOrBefore(iteration);
        if (i < 0) {
            show(null, h.isRecycled(iteration) || iteration < h.minIteration() && h.hasRecycled()
                    ? "Iteration " + iteration + " of " + h.key() + " is no longer stored: its file was overwritten by a later"
                    + " iteration (the task keeps only its last " + h.samples().size() + " files). The oldest stored is " + h.minIteration() + "."
                    : "No sample of " + h.key() + " at or before iteration " + iteration + "; the first is " + h.minIteration() + ".");
            return;
        }
        showIndex(i, iteration);
    }

    /** One iteration newer (+1) or older (-1) of this variant. */
    public void step(int delta) {
        SampleHistory h = history.get();
        Sample s = sample.get();
        if (h == null || h.isEmpty()) return;
        // by iteration (a binary search), not indexOf: a history can hold 100k samples
        int i = s == null ? (delta > 0 ? h.samples().size() : -1) : h.indexAtOrBefore(s.iteration());
        int j = i - delta; // newest first
        if (j < 0 || j >= h.samples().size()) return;
        showIndex(j, h.samples().get(j).iteration());
    }

    /** The previous (-1) or next (+1) variant of the grid, at the iteration shown. */
    public void variant(int delta) {
        if (keys.isEmpty() || key.get() == null) return;
        int i = keys.indexOf(key.get());
        int j = Math.floorMod(i + delta, keys.size());
        Sample s = sample.get();
        open(keys.get(j), s != null ? Long.valueOf(s.iteration()) : wanted);
    }

    /** Goes to the newest iteration (after a running task reported more). */
    public void latest() {
        newer.set(0);
        SampleHistory h = history.get();
        if (h != null && !h.isEmpty()) showIndex(0, h.maxIteration());
    }

    /** Re-reads the iterations of a running task; what is shown stays, new iterations are counted. */
    public void refresh() {
        SampleKey k = key.get();
        if (k == null) return;
        otherHistories.clear();
        Sample shown = sample.get();
        async.run(() -> source.history(task, k.metric(), k.variant()), h -> {
            if (!k.equals(key.get())) return;
            SampleHistory old = history.get();
            long oldMax = old == null || old.isEmpty() ? Long.MIN_VALUE : old.maxIteration();
            int added = (int) h.samples().stream().filter(x -> x.iteration() > oldMax).count();
            history.set(h);
            if (added > 0) newer.set(newer.get() + added);
            if (shown != null && h.atOrBefore(shown.iteration()).map(x -> !x.equals(shown)).orElse(true)) {
                goTo(shown.iteration()); // its file was recycled meanwhile: say so rather than show the newer image
            }
        }, e -> { });
    }

    private void showIndex(int i, long asked) {
        SampleHistory h = history.get();
        Sample s = h.samples().get(i);
        wanted = asked;
        if (showLoad != null) showLoad.cancel();
        sample.set(s);
        note.set(s.iteration() != asked ? "Iteration " + asked + " has no sample: showing " + s.iteration() + ", the one before it" : "");
        if (s.kind() != MediaKind.IMAGE) {
            image.set(null);
            file.set(null);
            state.set(LoadState.LOADING);
            message.set("Fetching " + s.fileName() + "…");
            showLoad = async.run(() -> loader.fetch(s), p -> {
                file.set(p);
                state.set(LoadState.READY);
                message.set("");
            }, this::failed);
            compare(s, null);
            return;
        }
        SampleImages.Prepared ready = prepared.get(SamplesViewModel.cacheKey(s));
        if (ready != null) {
            image.set(ready);
            state.set(LoadState.READY);
            message.set("");
            compare(s, ready);
        } else {
            if (image.get() == null) state.set(LoadState.LOADING);
            message.set("Loading iteration " + s.iteration() + "…");
            showLoad = async.run(() -> prepare(s), p -> {
                prepared.put(SamplesViewModel.cacheKey(s), p);
                image.set(p);
                state.set(LoadState.READY);
                message.set("");
                compare(s, p);
            }, this::failed);
        }
        prefetch(h, i);
    }

    private SampleImages.Prepared prepare(Sample s) throws Exception {
        return SampleImages.prepare(s, loader.fetch(s));
    }

    private void failed(Throwable e) {
        image.set(null);
        state.set(LoadState.ERROR);
        message.set(e.getMessage());
    }

    private void show(Sample s, String why) {
        sample.set(s);
        image.set(null);
        file.set(null);
        note.set("");
        state.set(LoadState.ERROR);
        message.set(why);
    }

    private void prefetch(SampleHistory h, int around) {
        for (int d = 1; d <= PREFETCH; d++) {
            for (int j : new int[] {around - d, around + d}) {
                if (j < 0 || j >= h.samples().size()) continue;
                Sample s = h.samples().get(j);
                String k = SamplesViewModel.cacheKey(s);
                if (s.kind() != MediaKind.IMAGE || prepared.containsKey(k) || prefetching.containsKey(k)) continue;
                prefetching.put(k, async.run(() -> prepare(s), p -> {
                    prefetching.remove(k);
                    prepared.put(k, p);
                }, e -> prefetching.remove(k)));
            }
        }
    }

    /** Whether the image of this sample is decoded and waiting (prefetched). */
    public boolean isPrepared(Sample s) {
        return prepared.containsKey(SamplesViewModel.cacheKey(s));
    }

    public ReadOnlyObjectProperty<SampleKey> keyProperty() {
        return key.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SampleHistory> historyProperty() {
        return history.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Sample> sampleProperty() {
        return sample.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SampleImages.Prepared> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** The local file of a non-image sample (audio, video, html, other), once fetched. */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LoadState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the iteration shown is not the one asked for, or "". */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Iterations a running task reported since they were read (the "new iteration" badge). */
    public ReadOnlyIntegerProperty newerProperty() {
        return newer.getReadOnlyProperty();
    }

    public Async async() {
        return async;
    }

    public List<SampleKey> keys() {
        return keys;
    }

    public String task() {
        return task;
    }
}
