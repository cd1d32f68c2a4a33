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
    private dev.vitrine.transfer.TransferJob currentJob;
    private final dev.vitrine.transfer.Transfers transfers;
    private final StringProperty destinationOverride = new SimpleStringProperty("");
    private final List<Artifact> uploaded = new ArrayList<>();

    /** @param transfers each upload runs as a job of its panel (with cancel and retry there too); null runs them here */
    public UploadViewModel(Async async, ArtifactUploader uploader, dev.vitrine.transfer.Transfers transfers,
                           Workspace workspace, Task task, List<Artifact> existing, List<Path> files) {
        this.async = async;
        this.uploader = uploader;
        this.transfers = transfers;
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

    /**
     * Another destination than the task's ({@code s3://bucket/prefix}, a files server, a local
     * folder); blank keeps the task's own.
     */
    public StringProperty destinationOverrideProperty() {
        return destinationOverride;
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
        String dest = destinationOverride.get() == null || destinationOverride.get().isBlank() ? null : destinationOverride.get().strip();
        uploadNext(0, meta, new UploadOptions(replaceConfirmed.get(), finishedConfirmed.get(), dest), onAllDone);
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
        if (transfers != null) {
            uploadAsJob(row, name, meta, options, () -> uploadNext(i + 1, meta, options, onAllDone));
            return;
        }
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

    /** One upload as a Transfers job: cancelling it there interrupts the upload, which then registers nothing. */
    private void uploadAsJob(UploadRow row, String name, List<Map.Entry<String, String>> meta, UploadOptions options, Runnable next) {
        java.util.concurrent.atomic.AtomicReference<Artifact> result = new java.util.concurrent.atomic.AtomicReference<>();
        dev.vitrine.transfer.TransferJob job = transfers.submit("Upload " + name + " to " + task.name(),
                dev.vitrine.transfer.TransferJob.Direction.UPLOAD, row.source().toString(), (progress, cancel) -> {
                    Thread worker = Thread.currentThread();
                    Runnable unhook = cancel.onCancel(worker::interrupt);
                    try (PreparedUpload p = uploader.prepare(row.source(), name).withMetadata(meta)) {
                        long total = Math.max(1, p.size());
                        result.set(uploader.upload(workspace, task, p, options, bytes -> progress.progress(bytes, total)));
                        return row.source();
                    } finally {
                        unhook.run();
                        Thread.interrupted();
                    }
                });
        currentJob = job;
        job.addListener(j -> async.ui().execute(() -> {
            if (!j.state().finished() && j.totalBytes() > 0) row.progressProperty().set(j.fraction());
        }));
        job.completion().whenComplete((path, error) -> async.ui().execute(() -> {
            if (currentJob != job) return;
            currentJob = null;
            if (error == null && result.get() != null) {
                uploaded.add(result.get());
                row.statusProperty().set("done");
                row.progressProperty().set(1);
            } else {
                row.statusProperty().set(job.state() == dev.vitrine.transfer.TransferJob.State.CANCELLED ? "cancelled"
                        : "failed: " + Messages.of(error == null ? new IllegalStateException("no result") : error));
                row.progressProperty().set(0);
            }
            if (running.get()) next.run();
        }));
    }

    /** Stops the running upload: nothing of it is registered. */
    public void cancel() {
        if (current != null) current.cancel();
        dev.vitrine.transfer.TransferJob job = currentJob;
        currentJob = null;
        if (job != null && transfers != null) transfers.cancel(job);
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
