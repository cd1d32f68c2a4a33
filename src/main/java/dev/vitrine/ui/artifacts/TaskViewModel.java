package dev.vitrine.ui.artifacts;

import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.StoredFile;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskChange;
import dev.vitrine.workspace.TaskWatch;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.Workspace;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ObservableSet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The selected task: its artifacts and models, the selected one of them and the fields the detail
 * pane shows. Loading a newer task drops the result of an older request.
 */
public final class TaskViewModel {

    private final Async async;

    private final ObjectProperty<TaskDetails> details = new SimpleObjectProperty<>();
    private final ObservableList<Artifact> artifacts = FXCollections.observableArrayList();
    private final ObservableList<ModelRef> models = FXCollections.observableArrayList();
    private final ObjectProperty<LoadState> state = new SimpleObjectProperty<>(LoadState.EMPTY);
    private final StringProperty message = new SimpleStringProperty("Select a task to see its artifacts and models");
    /** The selected artifact or model (one at a time). */
    private final ObjectProperty<StoredFile> selection = new SimpleObjectProperty<>();
    private final ObservableList<Field> fields = FXCollections.observableArrayList();
    private final StringProperty storedPreview = new SimpleStringProperty("");
    // Read-only views made once: a wrapper made per call would be collected with its listeners.
    private final ObservableList<Artifact> artifactsView = FXCollections.unmodifiableObservableList(artifacts);
    private final ObservableList<ModelRef> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<Field> fieldsView = FXCollections.unmodifiableObservableList(fields);

    /** The task that produced the selected input artifact or model, when it can be resolved. */
    private final ObjectProperty<Task> producer = new SimpleObjectProperty<>();
    /** Keys of artifacts that changed on the server while the task ran (marked in the table). */
    private final ObservableSet<String> changedKeys = FXCollections.observableSet();
    private final ObservableSet<String> changedKeysView = FXCollections.unmodifiableObservableSet(changedKeys);
    /** Live refresh of a running task's artifacts; the user can pause it. */
    private final BooleanProperty live = new SimpleBooleanProperty(true);
    private final BooleanProperty watching = new SimpleBooleanProperty(false);
    private final StringProperty changeNote = new SimpleStringProperty("");
    private final Duration pollInterval;

    private Workspace workspace;
    private Async.Handle request;
    private Async.Handle lineageRequest;
    private TaskWatch watcher;

    public TaskViewModel(Async async) {
        this(async, Duration.ofSeconds(5));
    }

    public TaskViewModel(Async async, Duration pollInterval) {
        this.async = async;
        this.pollInterval = pollInterval;
        selection.addListener((o, a, b) -> {
            updateFields(b);
            resolveProducer(b);
        });
        live.addListener((o, a, on) -> {
            TaskWatch w = watcher;
            if (w != null) {
                if (on) w.resume();
                else w.pause();
            }
        });
    }

    private void resolveProducer(StoredFile s) {
        if (lineageRequest != null) lineageRequest.cancel();
        producer.set(null);
        Workspace ws = workspace;
        TaskDetails d = details.get();
        if (ws == null || d == null) return;
        boolean input = s instanceof Artifact a ? a.mode() == dev.vitrine.workspace.ArtifactMode.INPUT
                : s instanceof ModelRef m && d.inputModels().contains(m);
        if (!input) return;
        lineageRequest = async.run(() -> ws.producerOf(s).orElse(null), t -> producer.set(t), e -> producer.set(null));
    }

    /** The web-app address of the task (or the selected model) on its server, or null offline. */
    public String webLink() {
        TaskDetails d = details.get();
        if (workspace == null || d == null) return null;
        return workspace.webLink(d.task(), selection.get() instanceof ModelRef m ? m : null).orElse(null);
    }

    private void startWatching(TaskDetails d) {
        stopWatching();
        if (workspace == null || !d.task().isRunning()) return;
        String taskId = d.task().id();
        watcher = workspace.watch(d, pollInterval,
                change -> async.ui().execute(() -> onChange(taskId, change)),
                error -> async.ui().execute(() -> changeNote.set("Live refresh failed: " + Messages.of(error)))).orElse(null);
        if (watcher == null) return;
        if (!live.get()) watcher.pause();
        watching.set(true);
    }

    private void stopWatching() {
        if (watcher != null) watcher.close();
        watcher = null;
        watching.set(false);
        changedKeys.clear();
        changeNote.set("");
    }

    private void onChange(String taskId, TaskChange change) {
        TaskDetails d = details.get();
        if (d == null || !d.task().id().equals(taskId) || change.isEmpty()) return;
        change.added().forEach(a -> changedKeys.add(a.key()));
        change.changed().forEach(a -> changedKeys.add(a.key()));
        changeNote.set(describe(change));
        reload();
        if (!change.details().task().isRunning()) stopWatching();
    }

    private static String describe(TaskChange c) {
        List<String> parts = new ArrayList<>();
        if (!c.changed().isEmpty()) parts.add(c.changed().size() + " changed");
        if (!c.added().isEmpty()) parts.add(c.added().size() + " new");
        if (!c.removed().isEmpty()) parts.add(c.removed().size() + " removed");
        return parts.isEmpty() ? "" : "Artifacts " + String.join(", ", parts) + " while the task runs";
    }

    /** Shows a task: loads its details in the background. Null clears. */
    public void show(Workspace ws, Task task) {
        if (request != null) request.cancel();
        stopWatching();
        workspace = ws;
        artifacts.clear();
        models.clear();
        selection.set(null);
        details.set(null);
        if (task == null) {
            state.set(LoadState.EMPTY);
            message.set("Select a task to see its artifacts and models");
            return;
        }
        state.set(LoadState.LOADING);
        message.set("Loading " + task.name() + "…");
        request = async.run(() -> ws.task(task.id()), d -> {
            details.set(d);
            artifacts.setAll(d.artifacts());
            List<ModelRef> all = new ArrayList<>(d.inputModels());
            all.addAll(d.outputModels());
            models.setAll(all);
            startWatching(d);
            if (d.artifacts().isEmpty() && all.isEmpty()) {
                state.set(LoadState.EMPTY);
                message.set("This task has no artifacts and no models");
            } else {
                state.set(LoadState.READY);
                selection.set(d.artifacts().isEmpty() ? all.get(0) : d.artifacts().get(0));
            }
        }, e -> {
            state.set(LoadState.ERROR);
            message.set(Messages.of(e));
        });
    }

    /**
     * Reloads the current task in place (after an upload, or as a running task's artifacts change):
     * the tables keep showing until the new details arrive, and the selection stays on the same key.
     */
    public void reload() {
        TaskDetails d = details.get();
        if (d == null || workspace == null) return;
        if (request != null) request.cancel();
        StoredFile keep = selection.get();
        Workspace ws = workspace;
        request = async.run(() -> ws.task(d.task().id()), fresh -> {
            details.set(fresh);
            artifacts.setAll(fresh.artifacts());
            List<ModelRef> all = new ArrayList<>(fresh.inputModels());
            all.addAll(fresh.outputModels());
            models.setAll(all);
            StoredFile again = null;
            if (keep instanceof Artifact a) {
                again = fresh.artifacts().stream().filter(x -> x.key().equals(a.key()) && x.mode() == a.mode()).findFirst().orElse(null);
            } else if (keep instanceof ModelRef m) {
                again = all.stream().filter(x -> x.id().equals(m.id())).findFirst().orElse(null);
            }
            if (again == null && !fresh.artifacts().isEmpty()) again = fresh.artifacts().get(0);
            if (again == null && !all.isEmpty()) again = all.get(0);
            state.set(again == null ? LoadState.EMPTY : LoadState.READY);
            if (again == null) message.set("This task has no artifacts and no models");
            if (!java.util.Objects.equals(again, keep)) selection.set(again);
        }, e -> message.set(Messages.of(e)));
    }

    public void select(StoredFile file) {
        selection.set(file);
    }

    /** Whether the given model is one of the task's inputs. */
    public boolean isInput(ModelRef m) {
        TaskDetails d = details.get();
        return d != null && d.inputModels().contains(m);
    }

    /** The text to copy for "Copy path": the local file when there is one, else the uri. */
    public String pathToCopy() {
        StoredFile s = selection.get();
        if (s == null) return null;
        return s.location() instanceof Location.LocalFile f ? f.path().toString() : s.uri();
    }

    /** The stored file name of the selection, for Save as. */
    public String suggestedFileName() {
        StoredFile s = selection.get();
        return s == null ? null : s.suggestedFileName();
    }

    /** The folder to open in the file manager, when the selection is a local file. */
    public Path folderToOpen() {
        StoredFile s = selection.get();
        return s != null && s.location() instanceof Location.LocalFile f ? f.path().getParent() : null;
    }

    private void updateFields(StoredFile s) {
        List<Field> f = new ArrayList<>();
        if (s instanceof Artifact a) {
            f.add(Field.of("Key", a.key()));
            f.add(Field.of("Type", a.type()));
            f.add(Field.of("Mode", a.mode().wire()));
            f.add(Field.of("Content type", a.contentType()));
            f.add(Field.of("Size", a.contentSize() == null ? null : Formats.size(a.contentSize()) + " (" + a.contentSize() + " bytes)"));
            f.add(Field.of("Registered", a.timestamp() == null ? null : Formats.time(a.timestamp())));
            f.add(Field.mono("URI", a.uri()));
            f.add(Field.mono("File", Formats.location(a.location())));
            f.add(Field.mono("SHA-256", a.hash()));
            if (a.dataHash() != null) f.add(Field.mono("Data hash", a.dataHash()));
            for (Map.Entry<String, String> e : a.displayData()) f.add(Field.of("· " + e.getKey(), e.getValue()));
            storedPreview.set(a.preview() == null ? "" : a.preview());
        } else if (s instanceof ModelRef m) {
            f.add(Field.of("Name", m.name()));
            f.add(Field.mono("ID", m.id()));
            f.add(Field.of("Framework", m.framework()));
            f.add(Field.of("Role", isInput(m) ? "input model" : "output model"));
            f.add(Field.of("Created", m.created() == null ? null : Formats.time(m.created())));
            f.add(Field.of("Ready", m.ready() == null ? null : (m.ready() ? "published" : "draft")));
            f.add(Field.mono("URI", m.uri()));
            f.add(Field.mono("File", Formats.location(m.location())));
            f.add(Field.mono("Task", m.taskId()));
            if (!m.tags().isEmpty()) f.add(Field.of("Tags", String.join(", ", m.tags())));
            if (!m.labels().isEmpty()) f.add(Field.of("Labels", m.labels().toString()));
            m.metadata().forEach((k, v) -> f.add(Field.of("· " + k, v)));
            if (m.comment() != null) f.add(Field.of("Comment", m.comment()));
            storedPreview.set(m.design() == null ? "" : m.design());
        } else {
            storedPreview.set("");
        }
        fields.setAll(f);
    }

    public ReadOnlyObjectProperty<Task> producerProperty() {
        return producer;
    }

    public ObservableSet<String> changedKeys() {
        return changedKeysView;
    }

    /** Whether the running task's artifacts refresh on their own (the user can pause it). */
    public BooleanProperty liveProperty() {
        return live;
    }

    public javafx.beans.property.ReadOnlyBooleanProperty watchingProperty() {
        return watching;
    }

    public ReadOnlyStringProperty changeNoteProperty() {
        return changeNote;
    }

    // ---- read-only state ----
    public ReadOnlyObjectProperty<TaskDetails> detailsProperty() {
        return details;
    }

    public ObservableList<Artifact> artifacts() {
        return artifactsView;
    }

    public ObservableList<ModelRef> models() {
        return modelsView;
    }

    public ReadOnlyObjectProperty<LoadState> stateProperty() {
        return state;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyObjectProperty<StoredFile> selectionProperty() {
        return selection;
    }

    public ObservableList<Field> fields() {
        return fieldsView;
    }

    public ReadOnlyStringProperty storedPreviewProperty() {
        return storedPreview;
    }

    public Workspace workspace() {
        return workspace;
    }
}
