package dev.vitrine.ui.samples;

import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleKey;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.scene.image.Image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Debug samples tab: the latest sample of every metric/variant of the selected task. Nothing
 * is asked of the server until the tab is shown; thumbnails are fetched and decoded (subsampled)
 * only for the tiles on screen and kept in a bounded cache keyed by event, never by url alone (a
 * url is recycled). A refresh of a running task replaces changed tiles in place and marks them new,
 * so nothing the user looks at moves. FX thread only.
 */
public final class SamplesViewModel {

    /** Thumbnails kept decoded: 400 x 192² x 4 bytes, about 60 MB at most. */
    static final int THUMBNAIL_CACHE = 400;

    private final Async async;
    private final Function<Workspace, DebugSamples> sources;
    private final SampleLoader loader;

    private final ObservableList<Sample> tiles = FXCollections.observableArrayList();
    private final ObservableSet<SampleKey> fresh = FXCollections.observableSet();
    // one read-only view each, kept: a view made per call could be collected with the listeners added to it
    private final ObservableList<Sample> tilesView = FXCollections.unmodifiableObservableList(tiles);
    private final ObservableSet<SampleKey> freshView = FXCollections.unmodifiableObservableSet(fresh);
    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.EMPTY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Select a task to see its debug samples");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final Map<String, Thumb> thumbnails = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Thumb> e) {
            return size() > THUMBNAIL_CACHE;
        }
    };

    private final ReadOnlyObjectWrapper<Run> pinned = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Task> selected = FXCollections.observableArrayList();
    private final ObservableList<Task> selectedView = FXCollections.unmodifiableObservableList(selected);
    private SampleViewerViewModel viewer;
    private String viewerLabel;
    private Workspace workspace;
    private String taskId;
    private String taskLabel;
    private boolean active;
    private boolean loadedFor;
    private Async.Handle load;

    /** A task whose samples can be compared with another's: where it is and how it is named. */
    public record Run(DebugSamples source, String task, String label) {}

    /** A decoded thumbnail, or why there is none. */
    public record Thumb(Image image, String problem) {}

    public SamplesViewModel(Async async, Function<Workspace, DebugSamples> sources, SampleLoader loader) {
        this.async = async;
        this.sources = sources;
        this.loader = loader;
    }

    /** The task whose samples the tab shows (null: none); read when the tab is active. */
    public void show(Workspace ws, String task, boolean isRunning) {
        show(ws, task, task, isRunning);
    }

    public void show(Workspace ws, String task, String label, boolean isRunning) {
        taskLabel = label == null ? task : label;
        if (ws == workspace && java.util.Objects.equals(task, taskId)) {
            running.set(isRunning);
            return;
        }
        workspace = ws;
        taskId = task;
        running.set(isRunning);
        loadedFor = false;
        if (load != null) load.cancel();
        tiles.clear();
        fresh.clear();
        if (task == null) {
            state.set(LoadState.EMPTY);
            message.set("Select a task to see its debug samples");
            return;
        }
        if (active) load(false);
    }

    /** The tab became visible (or hidden): samples are read only for a visible tab. */
    public void setActive(boolean on) {
        active = on;
        if (on && taskId != null && !loadedFor) load(false);
    }

    /** Re-reads a running task's samples; changed tiles are replaced in place and marked new. */
    public void refresh() {
        if (taskId != null && active) load(true);
    }

    private void load(boolean refreshing) {
        if (load != null) load.cancel();
        loadedFor = true;
        if (!refreshing) {
            state.set(LoadState.LOADING);
            message.set("Reading debug samples…");
        }
        DebugSamples src = sources.apply(workspace);
        String task = taskId;
        load = async.run(() -> src.latest(task), list -> {
            if (refreshing) merge(list);
            else tiles.setAll(list);
            state.set(tiles.isEmpty() ? LoadState.EMPTY : LoadState.READY);
            message.set(tiles.isEmpty() ? "This task reported no debug samples" : "");
        }, e -> {
            if (refreshing && !tiles.isEmpty()) return; // keep what is shown; the next refresh tries again
            state.set(LoadState.ERROR);
            message.set(e.getMessage());
        });
    }

    private void merge(List<Sample> latest) {
        Map<SampleKey, Integer> at = new HashMap<>();
        for (int i = 0; i < tiles.size(); i++) at.put(tiles.get(i).key(), i);
        List<Sample> added = new ArrayList<>();
        for (Sample s : latest) {
            Integer i = at.get(s.key());
            if (i == null) {
                added.add(s);
                fresh.add(s.key());
            } else if (tiles.get(i).iteration() != s.iteration() || !tiles.get(i).timestamp().equals(s.timestamp())) {
                tiles.set(i, s);
                fresh.add(s.key());
            }
        }
        tiles.addAll(added); // new variants at the end: the tiles on screen stay where they are
    }

    /** Pins the task shown: its samples are then shown beside any other task's, synced by iteration. */
    public void pin() {
        if (taskId != null) pinned.set(new Run(sources.apply(workspace), taskId, taskLabel));
        compareInViewer();
    }

    public void unpin() {
        pinned.set(null);
        compareInViewer();
    }

    /**
     * The tasks selected together in the task list (one: no comparison). Each one other than the
     * task a viewer shows is shown beside it, synced by iteration; an open viewer follows at once.
     */
    public void selectTasks(List<Task> tasks) {
        List<Task> distinct = new ArrayList<>();
        for (Task t : tasks) if (t != null && distinct.stream().noneMatch(d -> d.id().equals(t.id()))) distinct.add(t);
        selected.setAll(distinct);
        compareInViewer();
    }

    /** The runs a viewer of {@code ownTask} compares with: the pinned one, then the selected ones, in order. */
    public List<Run> comparedWith(String ownTask) {
        List<Run> out = new ArrayList<>();
        Run pin = pinned.get();
        if (pin != null && !pin.task().equals(ownTask)) out.add(pin);
        // the selected tasks are in the list of the workspace whose task is shown
        DebugSamples src = selected.isEmpty() ? null : sources.apply(workspace);
        for (Task t : selected) {
            if (t.id().equals(ownTask) || src == null || out.stream().anyMatch(r -> r.task().equals(t.id()))) continue;
            out.add(new Run(src, t.id(), t.name() == null || t.name().isBlank() ? t.id() : t.name()));
        }
        return out;
    }

    /** The tasks selected in the task list (several: compared in the viewer). */
    public ObservableList<Task> selectedTasks() {
        return selectedView;
    }

    private void compareInViewer() {
        SampleViewerViewModel v = viewer;
        if (v != null) v.compareWith(comparedWith(v.task()), viewerLabel);
    }

    public ReadOnlyObjectProperty<Run> pinnedProperty() {
        return pinned.getReadOnlyProperty();
    }

    /** The user saw it: no longer marked new. */
    public void seen(SampleKey k) {
        fresh.remove(k);
    }

    /**
     * The thumbnail of a tile: at once from the cache, else fetched and decoded in the background.
     * The returned handle cancels it (a tile scrolled away); null when answered from the cache.
     */
    public Async.Handle thumbnail(Sample s, Consumer<Thumb> onReady) {
        String key = cacheKey(s);
        Thumb t = thumbnails.get(key);
        if (t != null) {
            onReady.accept(t);
            return null;
        }
        if (s.kind() != MediaKind.IMAGE) {
            onReady.accept(new Thumb(null, null));
            return null;
        }
        return async.run(() -> {
            try {
                return new Thumb(SampleImages.thumbnail(s, loader.fetch(s)), null);
            } catch (dev.vitrine.preview.PreviewException e) {
                return new Thumb(null, e.getMessage());
            }
        }, th -> {
            thumbnails.put(key, th);
            onReady.accept(th);
        }, e -> onReady.accept(new Thumb(null, e.getMessage())));
    }

    /** A url is not a version: the cache key names the event. */
    static String cacheKey(Sample s) {
        return s.url() + "\n" + s.timestamp().toEpochMilli() + "\n" + s.iteration();
    }

    /**
     * A viewer on one tile, stepping through its iterations and the other tiles' variants, beside the
     * pinned and selected tasks' samples of the same variant.
     */
    public SampleViewerViewModel open(Sample s) {
        seen(s.key());
        List<SampleKey> keys = tiles.stream().map(Sample::key).toList();
        SampleViewerViewModel v = new SampleViewerViewModel(async, sources.apply(workspace), loader, taskId, keys);
        viewer = v;
        viewerLabel = taskLabel;
        v.compareWith(comparedWith(taskId), taskLabel);
        v.open(s.key(), null);
        return v;
    }

    /** The viewer was closed (back to the grid): selections no longer reach it. */
    public void closed(SampleViewerViewModel v) {
        if (viewer == v) viewer = null;
    }

    public ObservableList<Sample> tiles() {
        return tilesView;
    }

    public ObservableSet<SampleKey> fresh() {
        return freshView;
    }

    public ReadOnlyObjectProperty<LoadState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The task is running: the view refreshes now and then. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public Workspace workspace() {
        return workspace;
    }

    public String taskId() {
        return taskId;
    }

    public Function<Workspace, DebugSamples> sources() {
        return sources;
    }

    public SampleLoader loader() {
        return loader;
    }
}
