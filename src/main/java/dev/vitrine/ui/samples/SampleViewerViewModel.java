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
    private final Map<SampleKey, SampleHistory> otherHistories = new HashMap<>();
    private SamplesViewModel.Run other;
    private String label;
    private Async.Handle compareLoad;
    private Async.Handle historyLoad;
    private Async.Handle showLoad;
    private Long wanted;

    public SampleViewerViewModel(Async async, DebugSamples source, SampleLoader loader, String task, List<SampleKey> keys) {
        this.async = async;
        this.source = source;
        this.loader = loader;
        this.task = task;
        this.keys = List.copyOf(keys);
    }

    /**
     * The same metric/variant of two runs at one iteration: each run shows its newest sample at or
     * before it (iterations are per task), with the difference of the two images when both exist.
     */
    public record Compared(String labelA, Sample a, String labelB, Sample b, dev.vitrine.compare.ImageDiff diff, String problem) {}

    /** Shows another run's sample beside each one shown (a pinned task), synced by iteration. */
    public void compareWith(SamplesViewModel.Run run, String ownLabel) {
        other = run;
        label = ownLabel;
    }

    public ReadOnlyObjectProperty<Compared> comparedProperty() {
        return compared.getReadOnlyProperty();
    }

    private void compare(Sample s, SampleImages.Prepared mine) {
        if (other == null || s == null) return;
        if (compareLoad != null) compareLoad.cancel();
        SamplesViewModel.Run run = other;
        SampleKey k = key.get();
        SampleHistory known = otherHistories.get(k);
        compareLoad = async.run(() -> {
            SampleHistory h = known != null ? known : run.source().history(run.task(), k.metric(), k.variant());
            Sample b = h.atOrBefore(s.iteration()).orElse(null);
            if (b == null) {
                return new Side(h, new Compared(label, s, run.label(), null, null, h.isEmpty() ? run.label() + " has no " + k
                        : run.label() + " has no sample of " + k + " at or before iteration " + s.iteration()));
            }
            if (s.kind() != MediaKind.IMAGE || b.kind() != MediaKind.IMAGE || mine == null) {
                return new Side(h, new Compared(label, s, run.label(), b, null, "only images are compared"));
            }
            SampleImages.Prepared pb = SampleImages.prepare(b, loader.fetch(b));
            return new Side(h, new Compared(label, s, run.label(), b, dev.vitrine.compare.ImageDiff.of(mine.content(), pb.content()), null));
        }, side -> {
            otherHistories.put(k, side.history());
            compared.set(side.compared());
        }, e -> compared.set(new Compared(label, s, run.label(), null, null, e.getMessage())));
    }

    private record Side(SampleHistory history, Compared compared) {}

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
        int i = s == null ? (delta > 0 ? h.samples().size() : -1) : h.samples().indexOf(s);
        if (i < 0 && s != null) i = h.indexAtOrBefore(s.iteration());
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
