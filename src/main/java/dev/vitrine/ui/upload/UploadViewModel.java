package dev.vitrine.ui.upload;

import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.PreparedUpload;
import dev.vitrine.transfer.upload.UploadOptions;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upload dialog: the dropped files with their artifact names (checked against the task's
 * artifacts and each other), metadata for all of them, where they will go, and the confirmations
 * a replace or a finished task need. Uploads run one after another in the background; each row
 * shows its state, and cancel stops the current one with nothing registered.
 */
public final class UploadViewModel {

    private final Async async;
    private final ArtifactUploader uploader;
    private final Workspace workspace;
    private final Task task;
    private final Set<String> existingKeys;

    private final ObservableList<UploadRow> rows = FXCollections.observableArrayList(
            r -> new javafx.beans.Observable[] {r.nameProperty(), r.statusProperty()});
    private final ObservableList<Map.Entry<String, String>> metadata = FXCollections.observableArrayList();
    private final BooleanProperty replaceConfirmed = new SimpleBooleanProperty(false);
    private final BooleanProperty finishedConfirmed = new SimpleBooleanProperty(false);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanBinding hasClash;
    private final BooleanBinding canStart;
    private Async.Handle current;
    private final List<Artifact> uploaded = new ArrayList<>();

    public UploadViewModel(Async async, ArtifactUploader uploader, Workspace workspace, Task task, List<Artifact> existing, List<Path> files) {
        this.async = async;
        this.uploader = uploader;
        this.workspace = workspace;
        this.task = task;
        this.existingKeys = new HashSet<>();
        for (Artifact a : existing) if (a.mode() == dev.vitrine.workspace.ArtifactMode.OUTPUT) existingKeys.add(a.key());
        for (Path f : files) rows.add(new UploadRow(f));
        rows.forEach(r -> r.nameProperty().addListener((o, a, b) -> recheck()));
        recheck();
        hasClash = Bindings.createBooleanBinding(() -> rows.stream().anyMatch(r -> r.clashProperty().get()), rows);
        canStart = Bindings.createBooleanBinding(() -> !running.get() && !rows.isEmpty()
                        && rows.stream().noneMatch(r -> r.nameProperty().get() == null || r.nameProperty().get().isBlank())
                        && !duplicateNames()
                        && (!hasClash.get() || replaceConfirmed.get())
                        && (!needsFinishedConfirmation() || finishedConfirmed.get())
                        && uploader.canUpload(workspace) && workspace.kind() != Workspace.Kind.DEMO,
                rows, running, replaceConfirmed, finishedConfirmed, hasClash);
        if (workspace.kind() == Workspace.Kind.DEMO) message.set("The demo workspace is read-only: open a session or a server to upload.");
        else if (!uploader.canUpload(workspace)) message.set("Uploading to " + workspace.displayName() + " is not possible here.");
    }

    private boolean duplicateNames() {
        Set<String> seen = new HashSet<>();
        for (UploadRow r : rows) if (!seen.add(r.nameProperty().get())) return true;
        return false;
    }

    private void recheck() {
        for (UploadRow r : rows) r.clashProperty().set(existingKeys.contains(r.nameProperty().get()));
    }

    /** Finished tasks (completed, stopped, failed, published) refuse artifact writes unless the user confirms. */
    public boolean needsFinishedConfirmation() {
        return workspace.kind() == Workspace.Kind.SERVER && !task.isWritable();
    }

    /** Where the files will be stored, in words. */
    public String destination() {
        if (workspace.kind() != Workspace.Kind.SERVER) return "the offline session's data/ folder (" + workspace.displayName() + ")";
        return task.outputDestination() != null && !task.outputDestination().isBlank()
                ? task.outputDestination() + " (the task's output destination)" : "the default files server";
    }

    public void addMetadata(String key, String value) {
        if (key == null || key.isBlank()) return;
        metadata.removeIf(e -> e.getKey().equals(key));
        metadata.add(Map.entry(key, value == null ? "" : value));
    }

    public void removeMetadata(Map.Entry<String, String> entry) {
        metadata.remove(entry);
    }

    /** Uploads every row in turn; each failure is shown on its row, the others go on. */
    public void start(Runnable onAllDone) {
        if (!canStart.get()) return;
        running.set(true);
        message.set("Uploading…");
        List<Map.Entry<String, String>> meta = List.copyOf(new LinkedHashMap<String, String>() {{
            metadata.forEach(e -> put(e.getKey(), e.getValue()));
        }}.entrySet());
        uploadNext(0, meta, new UploadOptions(replaceConfirmed.get(), finishedConfirmed.get()), onAllDone);
    }

    private void uploadNext(int i, List<Map.Entry<String, String>> meta, UploadOptions options, Runnable onAllDone) {
        if (i >= rows.size()) {
            running.set(false);
            long failed = rows.stream().filter(r -> r.statusProperty().get().startsWith("failed")).count();
            message.set(failed == 0 ? "Uploaded " + uploaded.size() + (uploaded.size() == 1 ? " artifact" : " artifacts")
                    : failed + " of " + rows.size() + " failed: see each row; retry with Upload");
            onAllDone.run();
            return;
        }
        UploadRow row = rows.get(i);
        if (row.statusProperty().get().equals("done")) {
            uploadNext(i + 1, meta, options, onAllDone);
            return;
        }
        row.statusProperty().set(row.isFolder() ? "zipping…" : "uploading…");
        row.progressProperty().set(-1);
        String name = row.nameProperty().get();
        current = async.run(() -> {
            try (PreparedUpload p = uploader.prepare(row.source(), name).withMetadata(meta)) {
                long total = Math.max(1, p.size());
                return uploader.upload(workspace, task, p, options, bytes ->
                        async.ui().execute(() -> row.progressProperty().set(Math.min(1.0, bytes / (double) total))));
            }
        }, artifact -> {
            uploaded.add(artifact);
            row.statusProperty().set("done");
            row.progressProperty().set(1);
            uploadNext(i + 1, meta, options, onAllDone);
        }, error -> {
            row.statusProperty().set("failed: " + Messages.of(error));
            row.progressProperty().set(0);
            uploadNext(i + 1, meta, options, onAllDone);
        });
    }

    /** Stops the running upload: nothing of it is registered. */
    public void cancel() {
        if (current != null) current.cancel();
        running.set(false);
        for (UploadRow r : rows) {
            String s = r.statusProperty().get();
            if (s.endsWith("…")) r.statusProperty().set("cancelled");
        }
        message.set("Cancelled");
    }

    public List<Artifact> uploaded() {
        return List.copyOf(uploaded);
    }

    public ObservableList<UploadRow> rows() {
        return rows;
    }

    public ObservableList<Map.Entry<String, String>> metadata() {
        return metadata;
    }

    public BooleanProperty replaceConfirmedProperty() {
        return replaceConfirmed;
    }

    public BooleanProperty finishedConfirmedProperty() {
        return finishedConfirmed;
    }

    public BooleanBinding hasClashBinding() {
        return hasClash;
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public Task task() {
        return task;
    }
}
