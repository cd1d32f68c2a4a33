package dev.vitrine.ui.transfers;

import dev.vitrine.doctor.DownloadDiagnosis;
import dev.vitrine.transfer.TransferJob;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.ui.common.Async;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Transfers panel: every queued, running, done and failed job as a row, with cancel, retry,
 * open folder and the parallel limit. Job events arrive on worker threads and are applied on the
 * UI executor of {@link Async}.
 */
public final class TransfersViewModel {

    private final Transfers transfers;
    private final DownloadDiagnosis diagnosis;
    private final Async async;
    private final Consumer<Path> openFolder;
    private final ObservableList<TransferRowViewModel> rows = FXCollections.observableArrayList();
    private final ObservableList<TransferRowViewModel> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final Map<TransferJob, TransferRowViewModel> byJob = new HashMap<>();
    private final IntegerProperty active = new SimpleIntegerProperty();
    private final IntegerProperty failed = new SimpleIntegerProperty();
    private final IntegerProperty parallelLimit = new SimpleIntegerProperty();
    private final StringProperty summary = new SimpleStringProperty("No transfers");

    /**
     * @param openFolder shows a folder in the desktop's file manager (the app passes its host services)
     */
    public TransfersViewModel(Transfers transfers, Async async, Consumer<Path> openFolder) {
        this(transfers, async, openFolder, DownloadDiagnosis.none());
    }

    /** @param diagnosis names the storage entry that served a failed download and why it failed there */
    public TransfersViewModel(Transfers transfers, Async async, Consumer<Path> openFolder, DownloadDiagnosis diagnosis) {
        this.transfers = transfers;
        this.async = async;
        this.openFolder = openFolder;
        this.diagnosis = diagnosis;
        parallelLimit.set(transfers.parallelLimit());
        // a thousand queued jobs report tens of thousands of events: they are gathered here and
        // applied in one FX turn at a time (one list change, one recount), not one turn each
        transfers.addListener(new Transfers.Listener() {
            @Override
            public void added(TransferJob job) {
                post(job, Event.ADDED);
            }

            @Override
            public void removed(TransferJob job) {
                post(job, Event.REMOVED);
            }

            @Override
            public void changed(TransferJob job) {
                post(job, Event.CHANGED);
                // on the job's thread: the diagnosis may read the configuration; queued after the
                // batch that holds the job's row, so the row is there when it arrives
                DownloadDiagnosis.Explanation why = explain(job);
                if (why != null) async.ui().execute(() -> {
                    TransferRowViewModel r = byJob.get(job);
                    if (r != null) r.diagnose(why);
                });
            }
        });
        for (TransferJob j : transfers.jobs()) add(j);
        recount();
        // jobs that failed before the panel opened
        List<TransferJob> failedBefore = transfers.jobs().stream().filter(j -> j.state() == TransferJob.State.FAILED).toList();
        if (!failedBefore.isEmpty()) {
            async.background().execute(() -> {
                for (TransferJob j : failedBefore) {
                    DownloadDiagnosis.Explanation why = explain(j);
                    if (why != null) async.ui().execute(() -> {
                        TransferRowViewModel r = byJob.get(j);
                        if (r != null) r.diagnose(why);
                    });
                }
            });
        }
    }

    private DownloadDiagnosis.Explanation explain(TransferJob job) {
        if (job.state() != TransferJob.State.FAILED || job.direction() != TransferJob.Direction.DOWNLOAD || job.failure() == null) return null;
        try {
            return diagnosis.explain(job.source(), job.storage(), job.failure()).orElse(null);
        } catch (RuntimeException e) {
            return null; // a diagnosis that fails must not hide the failure itself
        }
    }

    private enum Event { ADDED, CHANGED, REMOVED }

    /** Events not yet applied, in order; guarded by itself. */
    private final java.util.List<java.util.Map.Entry<TransferJob, Event>> pending = new java.util.ArrayList<>();
    private boolean applyPosted;

    private void post(TransferJob job, Event e) {
        synchronized (pending) {
            pending.add(java.util.Map.entry(job, e));
            if (applyPosted) return;
            applyPosted = true;
        }
        async.ui().execute(this::applyPending);
    }

    private void applyPending() {
        java.util.List<java.util.Map.Entry<TransferJob, Event>> batch;
        synchronized (pending) {
            batch = new java.util.ArrayList<>(pending);
            pending.clear();
            applyPosted = false;
        }
        java.util.List<TransferRowViewModel> added = new java.util.ArrayList<>();
        java.util.Set<TransferRowViewModel> changed = new java.util.LinkedHashSet<>();
        java.util.Set<TransferRowViewModel> removed = new java.util.HashSet<>();
        for (var e : batch) {
            TransferJob job = e.getKey();
            switch (e.getValue()) {
                case ADDED -> {
                    if (!byJob.containsKey(job)) {
                        TransferRowViewModel r = new TransferRowViewModel(job);
                        byJob.put(job, r);
                        added.add(0, r); // newest on top
                    }
                }
                case CHANGED -> {
                    TransferRowViewModel r = byJob.get(job);
                    if (r != null) changed.add(r);
                }
                case REMOVED -> {
                    TransferRowViewModel r = byJob.remove(job);
                    if (r != null) removed.add(r);
                }
            }
        }
        if (!removed.isEmpty()) {
            added.removeAll(removed);
            rows.removeAll(removed);
        }
        if (!added.isEmpty()) rows.addAll(0, added);
        for (TransferRowViewModel r : changed) if (!removed.contains(r)) r.refresh();
        recount();
    }

    private void add(TransferJob job) {
        if (byJob.containsKey(job)) return;
        TransferRowViewModel r = new TransferRowViewModel(job);
        byJob.put(job, r);
        rows.add(0, r); // newest on top
        recount();
    }

    private void recount() {
        int a = 0;
        int f = 0;
        for (TransferRowViewModel r : rows) {
            TransferJob.State s = r.job().state();
            if (!s.finished()) a++;
            if (s == TransferJob.State.FAILED) f++;
        }
        active.set(a);
        failed.set(f);
        summary.set(rows.isEmpty() ? "No transfers" : a + " active" + (f > 0 ? ", " + f + " failed" : "") + ", " + rows.size() + " in all");
    }

    // ---- state

    public ObservableList<TransferRowViewModel> rows() {
        return readOnlyRows;
    }

    public ReadOnlyIntegerProperty activeProperty() {
        return active;
    }

    public ReadOnlyIntegerProperty failedProperty() {
        return failed;
    }

    public ReadOnlyIntegerProperty parallelLimitProperty() {
        return parallelLimit;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    // ---- intents

    public void cancel(TransferRowViewModel row) {
        transfers.cancel(row.job());
    }

    public void retry(TransferRowViewModel row) {
        transfers.retry(row.job());
    }

    /** Shows the folder holding a finished job's file. */
    public void openFolder(TransferRowViewModel row) {
        Path p = row.job().result();
        if (p == null) return;
        Path dir = java.nio.file.Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
        if (dir != null) openFolder.accept(dir);
    }

    public void remove(TransferRowViewModel row) {
        transfers.remove(row.job());
    }

    /** Forgets done and cancelled jobs (failures stay until retried or removed). */
    public void clearDone() {
        transfers.clearDone();
    }

    public void setParallelLimit(int n) {
        transfers.setParallelLimit(n);
        parallelLimit.set(transfers.parallelLimit());
    }
}
