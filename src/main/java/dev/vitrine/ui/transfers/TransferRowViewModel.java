package dev.vitrine.ui.transfers;

import dev.vitrine.transfer.TransferJob;
import dev.vitrine.ui.common.Format;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of the Transfers panel: a job's state as read-only properties, refreshed on the UI thread. */
public final class TransferRowViewModel {

    private final TransferJob job;
    private final StringProperty title = new SimpleStringProperty();
    private final ObjectProperty<TransferJob.State> state = new SimpleObjectProperty<>();
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty detail = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty cancellable = new SimpleBooleanProperty();
    private final BooleanProperty retryable = new SimpleBooleanProperty();
    private final BooleanProperty openable = new SimpleBooleanProperty();
    private final ObjectProperty<dev.vitrine.doctor.DownloadDiagnosis.Explanation> diagnosis = new SimpleObjectProperty<>();

    TransferRowViewModel(TransferJob job) {
        this.job = job;
        title.set((job.direction() == TransferJob.Direction.UPLOAD ? "Upload " : "Download ") + job.title());
        refresh();
    }

    /** Reads the job again; call on the UI thread. */
    void refresh() {
        TransferJob.State s = job.state();
        state.set(s);
        progress.set(s == TransferJob.State.QUEUED ? 0 : job.fraction());
        error.set(job.error());
        cancellable.set(!s.finished());
        retryable.set(s == TransferJob.State.FAILED || s == TransferJob.State.CANCELLED);
        openable.set(s == TransferJob.State.DONE && job.result() != null);
        if (s != TransferJob.State.FAILED) diagnosis.set(null);
        detail.set(describe(job));
    }

    static String describe(TransferJob j) {
        switch (j.state()) {
            case QUEUED:
                return "Waiting";
            case RUNNING: {
                StringBuilder sb = new StringBuilder(Format.bytes(j.bytesDone()));
                if (j.totalBytes() >= 0) sb.append(" of ").append(Format.bytes(j.totalBytes()));
                if (j.rate() > 0) sb.append(" · ").append(Format.rate(j.rate()));
                if (j.etaSeconds() >= 0) sb.append(" · ").append(Format.duration(j.etaSeconds())).append(" left");
                return sb.toString();
            }
            case DONE:
                return "Done · " + Format.bytes(j.totalBytes() >= 0 ? j.totalBytes() : j.bytesDone());
            case CANCELLED:
                return "Cancelled";
            default:
                return "Failed: " + j.error();
        }
    }

    public TransferJob job() {
        return job;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    public ReadOnlyObjectProperty<TransferJob.State> stateProperty() {
        return state;
    }

    /** 0..1, or -1 (indeterminate) while the size is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    /** "12.0 MB of 100 MB · 5.1 MB/s · 18 s left", "Done · 100 MB", "Failed: ...". */
    public ReadOnlyStringProperty detailProperty() {
        return detail;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyBooleanProperty cancellableProperty() {
        return cancellable;
    }

    public ReadOnlyBooleanProperty retryableProperty() {
        return retryable;
    }

    /** For a failed download: which storage entry served it and why it failed there; null otherwise. */
    public ReadOnlyObjectProperty<dev.vitrine.doctor.DownloadDiagnosis.Explanation> diagnosisProperty() {
        return diagnosis;
    }

    void diagnose(dev.vitrine.doctor.DownloadDiagnosis.Explanation why) {
        if (job.state() == TransferJob.State.FAILED) diagnosis.set(why);
    }

    public ReadOnlyBooleanProperty openableProperty() {
        return openable;
    }
}
