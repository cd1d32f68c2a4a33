package dev.vitrine.ui.preview;

import dev.vitrine.doctor.DownloadDiagnosis;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.UnsupportedFormatException;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.StoredFile;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;

/**
 * The preview of the selected artifact or model: fetches a local copy, picks a reader, opens it,
 * and owns the opened content (closing it when the selection moves on). When no reader can show
 * the file, the artifact's stored preview text is the fallback.
 */
public final class PreviewViewModel {

    private final Async async;
    private final LocalCopies copies;
    private final Previewers previewers;

    private final ObjectProperty<PreviewContent> content = new SimpleObjectProperty<>();
    private final ObjectProperty<LoadState> state = new SimpleObjectProperty<>(LoadState.EMPTY);
    private final StringProperty message = new SimpleStringProperty("Select an artifact or a model to preview it");
    private final StringProperty fallbackText = new SimpleStringProperty("");
    private final BooleanProperty canOpenOutside = new SimpleBooleanProperty(false);
    /** The shown artifact changed at its source; {@link #reload()} shows the new version. */
    private final BooleanProperty stale = new SimpleBooleanProperty(false);
    private StoredFile pending;

    private final javafx.beans.property.DoubleProperty progress = new javafx.beans.property.SimpleDoubleProperty(-1);
    private final dev.vitrine.transfer.Transfers transfers;
    private final java.util.function.Supplier<dev.vitrine.storage.ArtifactCache> cache;

    private final DownloadDiagnosis diagnosis;
    private final ObjectProperty<DownloadDiagnosis.Explanation> explanation = new SimpleObjectProperty<>();

    private StoredFile current;
    private Async.Handle request;
    private dev.vitrine.transfer.TransferJob download;

    /** Local files only (tests, or no storage wired). */
    public PreviewViewModel(Async async, LocalCopies copies, Previewers previewers) {
        this(async, copies, previewers, null, null);
    }

    /**
     * @param transfers where remote downloads run as visible, cancellable jobs (with progress)
     * @param cache     the SDK-shared cache remote artifacts are fetched into
     */
    public PreviewViewModel(Async async, LocalCopies copies, Previewers previewers,
                            dev.vitrine.transfer.Transfers transfers, java.util.function.Supplier<dev.vitrine.storage.ArtifactCache> cache) {
        this(async, copies, previewers, transfers, cache, DownloadDiagnosis.none());
    }

    /** @param diagnosis names the storage entry that served a download that failed, and why it failed there */
    public PreviewViewModel(Async async, LocalCopies copies, Previewers previewers, dev.vitrine.transfer.Transfers transfers,
                            java.util.function.Supplier<dev.vitrine.storage.ArtifactCache> cache, DownloadDiagnosis diagnosis) {
        this.async = async;
        this.copies = copies;
        this.previewers = previewers;
        this.transfers = transfers;
        this.cache = cache;
        this.diagnosis = diagnosis;
    }

    /**
     * Why the shown download failed, in the setup doctor's words (which entry served the uri, the
     * cause, the fix); null unless the preview is in its error state after a failed download.
     */
    public ReadOnlyObjectProperty<DownloadDiagnosis.Explanation> diagnosisProperty() {
        return explanation;
    }

    /** Previews an {@link Artifact} or a {@link ModelRef}; null clears. */
    public void show(StoredFile file) {
        current = file;
        pending = null;
        stale.set(false);
        open(file, file == null ? null : file.location());
    }

    /** Reads a file outside its offline session, which is never read unless the user asks. */
    public void openOutsideExplicitly() {
        Location loc = current == null ? null : current.location();
        if (loc instanceof Location.OutsideSession o) open(current, new Location.LocalFile(o.path()));
    }

    /** Shows the same selection again, in its newest version when one arrived. */
    public void reload() {
        show(pending != null ? pending : current);
    }

    /**
     * A newer version of the shown artifact arrived (a running task re-uploaded it): keep showing
     * the old one and offer to reload, rather than swapping it under the user's eyes.
     */
    public void offerNewVersion(StoredFile newer) {
        pending = newer;
        stale.set(true);
    }

    public ReadOnlyBooleanProperty staleProperty() {
        return stale;
    }

    private void open(StoredFile item, Location loc) {
        if (request != null) request.cancel();
        cancelDownload();
        progress.set(-1);
        closeContent();
        explanation.set(null);
        canOpenOutside.set(false);
        fallbackText.set(item instanceof Artifact a && a.preview() != null ? a.preview() : "");
        if (item == null) {
            state.set(LoadState.EMPTY);
            message.set("Select an artifact or a model to preview it");
            return;
        }
        if (loc instanceof Location.Missing m) {
            fail("Nothing to preview: " + m.reason());
            return;
        }
        if (loc instanceof Location.OutsideSession o) {
            canOpenOutside.set(true);
            fail("This file is outside its offline session (" + o.path() + "), so it is not read automatically.");
            return;
        }
        String name = item.fileName();
        String type = item.type();
        String contentType = item.contentType();
        String hash = item.hash();
        message.set("Opening " + (name == null ? "file" : name) + "…");
        state.set(LoadState.LOADING);
        if (loc instanceof Location.Remote r && transfers != null && cache != null) {
            fetchThenOpen(r, name, type, contentType, hash, item.size());
            return;
        }
        openLocal(() -> copies.localCopy(loc, hash), name, type, contentType);
    }

    /**
     * A remote file is fetched into the cache as a job of the Transfers panel, its progress shown
     * here; a cached one opens at once. Moving on cancels a download the preview started.
     */
    private void fetchThenOpen(Location.Remote r, String name, String type, String contentType, String hash, Long size) {
        String title = name == null ? r.uri() : name;
        dev.vitrine.transfer.TransferJob job = transfers.submit("Preview " + title, dev.vitrine.transfer.TransferJob.Direction.DOWNLOAD, r.uri(),
                (p, c) -> cache.get().fetch(r, hash, size, p, c).path());
        download = job;
        job.addListener(j -> async.ui().execute(() -> {
            if (download != j || j.state().finished()) return;
            progress.set(j.totalBytes() > 0 ? j.fraction() : -1);
            message.set("Downloading " + title + ": " + dev.vitrine.ui.common.Format.bytes(j.bytesDone())
                    + (j.totalBytes() > 0 ? " of " + dev.vitrine.ui.common.Format.bytes(j.totalBytes()) : "")
                    + (j.rate() > 0 ? " · " + dev.vitrine.ui.common.Format.rate(j.rate()) : "")
                    + (j.etaSeconds() >= 0 ? " · " + dev.vitrine.ui.common.Format.duration(j.etaSeconds()) + " left" : ""));
        }));
        job.completion().whenComplete((path, error) -> {
            // on the transfer's thread: the diagnosis may read the configuration
            DownloadDiagnosis.Explanation why = error == null || job.state() != dev.vitrine.transfer.TransferJob.State.FAILED ? null
                    : explain(r, error);
            async.ui().execute(() -> {
                if (download != job) return;
                download = null;
                progress.set(-1);
                if (error != null) {
                    explanation.set(why);
                    fail(Messages.of(error));
                } else {
                    openLocal(() -> path, name, type, contentType);
                }
            });
        });
    }

    private DownloadDiagnosis.Explanation explain(Location.Remote r, Throwable error) {
        try {
            return diagnosis.explain(r.uri(), r.storage(), Async.unwrap(error)).orElse(null);
        } catch (RuntimeException e) {
            return null; // a diagnosis that fails must not hide the failure itself
        }
    }

    private void cancelDownload() {
        dev.vitrine.transfer.TransferJob d = download;
        download = null;
        if (d != null && !d.state().finished() && transfers != null) transfers.cancel(d);
    }

    private void openLocal(java.util.concurrent.Callable<Path> file, String name, String type, String contentType) {
        request = async.run(() -> {
            Path f = file.call();
            return previewers.open(f, name == null ? f.getFileName().toString() : name, type, contentType);
        }, opened -> {
            content.set(opened);
            state.set(LoadState.READY);
        }, error -> {
            Throwable t = Async.unwrap(error);
            if (t instanceof UnsupportedFormatException) fail(t.getMessage() + (fallbackText.get().isEmpty() ? "" : ": showing the stored preview"));
            else fail(Messages.of(t));
        });
    }

    public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    private void fail(String why) {
        message.set(why);
        state.set(LoadState.ERROR);
    }

    private void closeContent() {
        PreviewContent old = content.get();
        content.set(null);
        if (old != null) async.background().execute(() -> previewers.close(old)); // releases its cache pin too
    }

    public ReadOnlyObjectProperty<PreviewContent> contentProperty() {
        return content;
    }

    public ReadOnlyObjectProperty<LoadState> stateProperty() {
        return state;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyStringProperty fallbackTextProperty() {
        return fallbackText;
    }

    public ReadOnlyBooleanProperty canOpenOutsideProperty() {
        return canOpenOutside;
    }
}
