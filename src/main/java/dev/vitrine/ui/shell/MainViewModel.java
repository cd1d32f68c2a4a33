package dev.vitrine.ui.shell;

import dev.vitrine.ui.artifacts.TaskViewModel;
import dev.vitrine.ui.browser.BrowserViewModel;
import dev.vitrine.ui.browser.NavNode;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.ui.preview.PreviewViewModel;
import dev.vitrine.ui.upload.UploadViewModel;
import dev.vitrine.workspace.StoredFile;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main window's state: which workspaces are open, the links browser -> task -> preview, the
 * theme and the status bar. Opening a workspace runs in the background; errors land in the status
 * bar, never as a dialog full of stack trace.
 */
public final class MainViewModel {

    private final Async async;
    private final WorkspaceOpener workspaces;
    private final BrowserViewModel browser;
    private final TaskViewModel task;
    private final PreviewViewModel preview;
    private final ArtifactUploader uploader;
    private final dev.vitrine.storage.LocalCopies copies;
    private final dev.vitrine.transfer.Downloads downloads;
    private final dev.vitrine.transfer.Transfers transfers;
    private final dev.vitrine.doctor.DownloadDiagnosis diagnosis;
    private final javafx.beans.property.ObjectProperty<StoredFile> pinned = new javafx.beans.property.SimpleObjectProperty<>();

    private final StringProperty status = new SimpleStringProperty("Ready");
    private final StringProperty source = new SimpleStringProperty("No workspace");
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    /** What the status message is about: the task or workspace on screen when it was said; null for the whole window. */
    private Object statusAbout;
    private boolean saying;
    /** Where sessions opened from the window go (the first offline workspace, else one made on demand). */
    private Workspace opened;

    /**
     * @param downloads save as, download all and drag-out go through it; null without storage (tests)
     * @param transfers compares and uploads run as jobs of its panel; null without storage (tests)
     */
    public MainViewModel(Async async, WorkspaceOpener workspaces, BrowserViewModel browser, TaskViewModel task, PreviewViewModel preview,
                         ArtifactUploader uploader, dev.vitrine.storage.LocalCopies copies,
                         dev.vitrine.transfer.Downloads downloads, dev.vitrine.transfer.Transfers transfers) {
        this(async, workspaces, browser, task, preview, uploader, copies, downloads, transfers, dev.vitrine.doctor.DownloadDiagnosis.none());
    }

    /** @param diagnosis names the storage entry that served a failed save or compare fetch, and why it failed there */
    public MainViewModel(Async async, WorkspaceOpener workspaces, BrowserViewModel browser, TaskViewModel task, PreviewViewModel preview,
                         ArtifactUploader uploader, dev.vitrine.storage.LocalCopies copies,
                         dev.vitrine.transfer.Downloads downloads, dev.vitrine.transfer.Transfers transfers,
                         dev.vitrine.doctor.DownloadDiagnosis diagnosis) {
        this.diagnosis = diagnosis;
        this.uploader = uploader;
        this.copies = copies;
        this.downloads = downloads;
        this.transfers = transfers;
        this.async = async;
        this.workspaces = workspaces;
        this.browser = browser;
        this.task = task;
        this.preview = preview;
        browser.selectedTaskProperty().addListener((o, a, t) -> {
            showTask(t);
            dropStaleStatus();
        });
        browser.selectedNodeProperty().addListener((o, a, n) -> {
            source.set(describe(n));
            dropStaleStatus();
        });
        // a message belongs to what was on screen when it was said (the task, else the workspace)
        status.addListener((o, a, text) -> {
            if (!saying) statusAbout = onScreen();
        });
        task.selectionProperty().addListener((o, a, s) -> dropStaleStatus());
        task.selectionProperty().addListener((o, a, s) -> {
            if (sameArtifact(a, s)) {
                if (!java.util.Objects.equals(((dev.vitrine.workspace.Artifact) a).hash(), ((dev.vitrine.workspace.Artifact) s).hash())) {
                    preview.offerNewVersion(s);
                }
            } else {
                preview.show(s);
            }
        });
    }

    private static boolean sameArtifact(StoredFile a, StoredFile b) {
        return a instanceof dev.vitrine.workspace.Artifact x && b instanceof dev.vitrine.workspace.Artifact y
                && x.key().equals(y.key()) && x.mode() == y.mode();
    }

    /** Saves the selected artifact or model to {@code file}, as a job of the Transfers panel. */
    public void saveAs(StoredFile item, Path file) {
        if (downloads == null || item == null) return;
        try {
            var job = downloads.saveTo(item, file.getParent(), file.getFileName().toString());
            status.set("Saving " + item.label() + " to " + file + " (see Transfers, Ctrl+J)");
            job.completion().whenComplete((p, e) -> {
                if (e == null || job.state() != dev.vitrine.transfer.TransferJob.State.FAILED) return;
                String why = diagnose(item, e); // on the transfer's thread: it may read the configuration
                async.ui().execute(() -> status.set("Could not save " + item.label() + ": " + Messages.of(e) + why));
            });
        } catch (RuntimeException e) {
            status.set(Messages.of(e));
        }
    }

    /** Downloads every artifact of the given tasks (the selected ones, or the shown one) into {@code dir}. */
    public void downloadAll(List<Task> tasks, Path dir) {
        NavNode node = browser.selectedNodeProperty().get();
        if (downloads == null || node == null || tasks.isEmpty()) return;
        Workspace ws = node.workspace();
        status.set("Listing the artifacts of " + tasks.size() + (tasks.size() == 1 ? " task…" : " tasks…"));
        async.run(() -> downloads.downloadAll(ws, tasks, dir), batch -> status.set("Downloading " + batch.jobs().size()
                + " artifacts to " + dir + (batch.skipped().isEmpty() ? "" : "; skipped " + batch.skipped().size() + " (links or outside their session)")
                + " (see Transfers, Ctrl+J)"), e -> status.set(Messages.of(e)));
    }

    /**
     * The local file to hand to a drag out of the window, or null after starting to fetch it (the
     * user drags again once it is there: a drag cannot wait for a download).
     */
    public Path fileForDrag(StoredFile item) {
        if (downloads == null || item == null) return null;
        Path ready = downloads.readyFile(item);
        if (ready != null) return ready;
        try {
            var job = downloads.prepare(item);
            status.set("Fetching " + item.label() + " first: drag it again when it is done");
            job.completion().whenComplete((p, e) -> async.ui().execute(() -> status.set(e == null
                    ? item.label() + " is ready: drag it out again" : "Could not fetch " + item.label() + ": " + Messages.of(e))));
        } catch (RuntimeException e) {
            status.set(Messages.of(e));
        }
        return null;
    }

    /**
     * " · served by ENTRY: CAUSE; fix: FIX (Help › Check setup)" for a remote file whose fetch
     * failed, else "". Reads the configuration: call it off the FX thread.
     */
    private String diagnose(StoredFile item, Throwable error) {
        if (!(item.location() instanceof dev.vitrine.workspace.Location.Remote r)) return "";
        Throwable cause = Async.unwrap(error);
        if (cause instanceof dev.vitrine.storage.StorageException se && se.kind() == dev.vitrine.storage.StorageException.Kind.CANCELLED) return "";
        try {
            return diagnosis.explain(r.uri(), r.storage(), cause).map(x -> " · " + x.line() + " (Help › Check setup tests every entry)").orElse("");
        } catch (RuntimeException e) {
            return ""; // a diagnosis that fails must not hide the failure itself
        }
    }

    /** Pins an artifact or model as the left side of the next comparison (across tasks too). */
    public void pin(StoredFile file) {
        pinned.set(file);
        // the pin holds across tasks (it is how two tasks' models are compared), so its message does too
        if (file != null) sayForTheWindow("Pinned " + file.label() + ": select another artifact or model and compare (Ctrl+Shift+D)");
    }

    /**
     * The status bar does not keep a message about something no longer on screen (as Eclipse's
     * status line): a message said about a task's artifact goes when another task or artifact is shown, one about a
     * workspace when another workspace is; messages about the whole window stay.
     */
    private void dropStaleStatus() {
        if (statusAbout == null || statusAbout.equals(onScreen()) || sameWorkspace()) return;
        saying = true;
        status.set("");
        statusAbout = null;
        saying = false;
    }

    /** A task message stays while that task is shown; a workspace message while any of its nodes and tasks are. */
    private boolean sameWorkspace() {
        return statusAbout instanceof Workspace w && browser.selectedNodeProperty().get() != null
                && browser.selectedNodeProperty().get().workspace() == w;
    }

    private Object onScreen() {
        Task t = browser.selectedTaskProperty().get();
        StoredFile f = task.selectionProperty().get();
        if (t != null) return "task:" + t.id() + (f == null ? "" : "/" + f.label());
        NavNode n = browser.selectedNodeProperty().get();
        return n == null ? null : n.workspace();
    }

    private void sayForTheWindow(String text) {
        saying = true;
        status.set(text);
        statusAbout = null;
        saying = false;
    }

    public javafx.beans.property.ReadOnlyObjectProperty<StoredFile> pinnedProperty() {
        return pinned;
    }

    /**
     * Compares two artifacts or models side by side: fetches both local copies in the background
     * (a remote one as a job of the Transfers panel, its progress shown in the compare window),
     * then the comparison model computes the diff (checkpoints tensor by tensor, arrays, text).
     * Closing the window cancels the fetches and opens nothing.
     */
    public dev.vitrine.ui.compare.CompareViewModel compare(StoredFile a, StoredFile b) {
        dev.vitrine.ui.compare.CompareViewModel cvm = new dev.vitrine.ui.compare.CompareViewModel(async);
        status.set("Comparing " + a.label() + " with " + b.label() + "…");
        java.util.List<dev.vitrine.transfer.TransferJob> jobs = new java.util.ArrayList<>();
        java.util.List<Async.Handle> local = new java.util.ArrayList<>();
        java.util.concurrent.CompletableFuture<java.nio.file.Path> fa = fetchForCompare(a, jobs, local);
        java.util.concurrent.CompletableFuture<java.nio.file.Path> fb = fetchForCompare(b, jobs, local);
        cvm.fetching("Fetching " + a.label() + " and " + b.label() + "…");
        dev.vitrine.transfer.TransferJob.Listener progress = j -> async.ui().execute(() -> cvm.fetching(fetchText(jobs)));
        jobs.forEach(j -> j.addListener(progress));
        cvm.onDispose(() -> {
            local.forEach(Async.Handle::cancel);
            for (dev.vitrine.transfer.TransferJob j : jobs) {
                j.removeListener(progress);
                if (!j.state().finished() && transfers != null) transfers.cancel(j);
            }
        });
        // the first failure ends the comparison at once: the other fetch is cancelled, not awaited
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.BiConsumer<StoredFile, Throwable> onFailure = (item, error) -> {
            if (error == null || !failed.compareAndSet(false, true)) return;
            String why = diagnose(item, error);
            async.ui().execute(() -> {
                jobs.forEach(j -> j.removeListener(progress));
                for (dev.vitrine.transfer.TransferJob j : jobs) if (!j.state().finished() && transfers != null) transfers.cancel(j);
                local.forEach(Async.Handle::cancel);
                if (cvm.isDisposed()) return;
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                cvm.fetchFailed("Could not fetch the files to compare: " + Messages.of(cause) + why);
                status.set("Could not compare: " + Messages.of(cause) + why);
            });
        };
        fa.whenComplete((p, e) -> onFailure.accept(a, e));
        fb.whenComplete((p, e) -> onFailure.accept(b, e));
        java.util.concurrent.CompletableFuture.allOf(fa, fb).whenComplete((ok, error) -> async.ui().execute(() -> {
            if (error != null) return; // reported by onFailure
            jobs.forEach(j -> j.removeListener(progress));
            if (cvm.isDisposed()) return; // the window was closed while the files were fetched
            if (a instanceof dev.vitrine.workspace.ModelRef ma && b instanceof dev.vitrine.workspace.ModelRef mb) {
                cvm.compareModels(ma, fa.join(), mb, fb.join());
            } else {
                cvm.compareFiles(fa.join(), fb.join());
            }
            status.set("Compared " + a.label() + " with " + b.label());
        }));
        return cvm;
    }

    /**
     * Snapshots for a series compare over artifacts or models, in the order given: each is fetched
     * (a remote one as a Transfers job) only when the series reaches it, on the series' worker thread.
     */
    public List<dev.vitrine.compare.series.SnapshotSource> snapshotsOf(List<? extends StoredFile> items) {
        List<dev.vitrine.compare.series.SnapshotSource> out = new ArrayList<>();
        // versions of one model share its name: their labels say when each was made
        List<dev.vitrine.workspace.ModelRef> models = items.stream().filter(i -> i instanceof dev.vitrine.workspace.ModelRef)
                .map(i -> (dev.vitrine.workspace.ModelRef) i).toList();
        List<String> modelLabels = dev.vitrine.workspace.ModelVersions.labels(models);
        int k = 0;
        for (StoredFile item : items) {
            String source = item instanceof dev.vitrine.workspace.ModelRef m ? "model:" + m.id() : item.label();
            String label = item instanceof dev.vitrine.workspace.ModelRef ? modelLabels.get(k++) : item.label();
            out.add(new dev.vitrine.compare.series.SnapshotSource(label, source, () -> fetchBlocking(item)));
        }
        return out;
    }

    private Path fetchBlocking(StoredFile item) throws Exception {
        if (!(item.location() instanceof dev.vitrine.workspace.Location.Remote) || downloads == null) return copy(item);
        dev.vitrine.transfer.TransferJob job = downloads.prepare(item);
        try {
            return job.completion().get();
        } catch (InterruptedException e) {
            // the series was cancelled: its download stops too
            if (!job.state().finished() && transfers != null) transfers.cancel(job);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** The two-snapshot compare behind a cell of the drift map (snapshots fetched in the background first). */
    public dev.vitrine.ui.compare.CompareViewModel compareSnapshots(dev.vitrine.compare.series.SnapshotSource a,
                                                                   dev.vitrine.compare.series.SnapshotSource b) {
        dev.vitrine.ui.compare.CompareViewModel cvm = new dev.vitrine.ui.compare.CompareViewModel(async);
        cvm.fetching("Fetching " + a.label() + " and " + b.label() + "…");
        Async.Handle h = async.run(() -> new Path[] {a.resolver().resolve(), b.resolver().resolve()}, p -> {
            if (!cvm.isDisposed()) cvm.compareFiles(p[0], p[1]);
        }, e -> {
            if (!cvm.isDisposed()) cvm.fetchFailed("Could not fetch the files to compare: " + Messages.of(e));
        });
        cvm.onDispose(h::cancel);
        return cvm;
    }

    /** A series compare over artifacts or models in the given order; a cell's pair compare goes to {@code showCompare}. */
    public dev.vitrine.ui.series.SeriesViewModel series(List<? extends StoredFile> items, java.util.function.Consumer<dev.vitrine.ui.compare.CompareViewModel> showCompare) {
        dev.vitrine.ui.series.SeriesViewModel svm = new dev.vitrine.ui.series.SeriesViewModel(async, (a, b) -> showCompare.accept(compareSnapshots(a, b)));
        snapshotsOf(items).forEach(svm::add);
        return svm;
    }

    /** The models browser over the selected workspace, or null when none is open. */
    public dev.vitrine.ui.models.ModelsViewModel models() {
        NavNode node = browser.selectedNodeProperty().get();
        if (node == null) return null;
        return new dev.vitrine.ui.models.ModelsViewModel(async, node.workspace(),
                copies == null ? l -> dev.vitrine.storage.ObjectSizes.local(l) : copies::sizeOf);
    }

    /**
     * "Compare versions of this model over time": the versions of the selected model (the models with its name
     * in its project, oldest first), looked up in the background and handed to {@code then}; fewer than two, or
     * no model selected, is said in the status bar.
     */
    public void versionsOfSelectedModel(java.util.function.Consumer<List<dev.vitrine.workspace.ModelRef>> then) {
        NavNode node = browser.selectedNodeProperty().get();
        if (!(task.selectionProperty().get() instanceof dev.vitrine.workspace.ModelRef m) || node == null) {
            status.set("Select a model first (the Models tab of a task)");
            return;
        }
        status.set("Looking up the versions of " + m.name() + "…");
        async.run(() -> dev.vitrine.workspace.ModelVersions.of(node.workspace(), m), versions -> {
            if (versions.size() < 2) {
                status.set(m.name() + " has no other version in its project: a series needs two or more");
                return;
            }
            status.set(versions.size() + " versions of " + m.name());
            then.accept(versions);
        }, e -> status.set("Could not look up the versions of " + m.name() + ": " + Messages.of(e)));
    }

    /** The output models of the selected task, in the task's order: "all checkpoints of this task". */
    public List<dev.vitrine.workspace.ModelRef> outputModelsOfTask() {
        dev.vitrine.workspace.TaskDetails d = task().detailsProperty().get();
        return d == null ? List.of() : d.outputModels();
    }

    /** A remote file through the Transfers panel; a local one (session file, zip member) in the background. */
    private java.util.concurrent.CompletableFuture<java.nio.file.Path> fetchForCompare(StoredFile item, java.util.List<dev.vitrine.transfer.TransferJob> jobs,
                                                                                       java.util.List<Async.Handle> local) {
        if (item.location() instanceof dev.vitrine.workspace.Location.Remote && downloads != null) {
            dev.vitrine.transfer.TransferJob job = downloads.prepare(item);
            jobs.add(job);
            return job.completion();
        }
        java.util.concurrent.CompletableFuture<java.nio.file.Path> f = new java.util.concurrent.CompletableFuture<>();
        local.add(async.run(() -> copy(item), f::complete, f::completeExceptionally));
        return f;
    }

    private static String fetchText(java.util.List<dev.vitrine.transfer.TransferJob> jobs) {
        long done = 0;
        long total = 0;
        double rate = 0;
        for (dev.vitrine.transfer.TransferJob j : jobs) {
            done += j.bytesDone();
            total += Math.max(0, j.totalBytes());
            if (!j.state().finished()) rate += Math.max(0, j.rate());
        }
        return "Downloading the files to compare: " + dev.vitrine.ui.common.Format.bytes(done)
                + (total > 0 ? " of " + dev.vitrine.ui.common.Format.bytes(total) : "")
                + (rate > 0 ? " · " + dev.vitrine.ui.common.Format.rate(rate) : "") + " (Transfers panel: Ctrl+J)";
    }

    private java.nio.file.Path copy(StoredFile item) {
        return copies.localCopy(item.location(), item.hash());
    }

    /** Follows lineage: shows the task that produced an input (it may be outside the current list). */
    public void goToTask(Task t) {
        if (t == null) return;
        browser.selectTask(t);
        sayForTheWindow("Showing " + t.name());
    }

    private void showTask(Task t) {
        NavNode node = browser.selectedNodeProperty().get();
        task.show(node == null ? null : node.workspace(), t);
    }

    private static String describe(NavNode n) {
        if (n == null) return "No workspace";
        Workspace w = n.workspace();
        String kind = switch (w.kind()) {
            case DEMO -> "Demo workspace";
            case OFFLINE -> "Offline";
            case SERVER -> "Server";
        };
        if (w.kind() == Workspace.Kind.DEMO) return n.project() == null ? kind : kind + " › " + n.project().name();
        String where = n.project() == null ? w.displayName() : w.displayName() + " › " + n.project().name();
        return where.startsWith(kind) ? where : kind + ": " + where;
    }

    /** Adds an already opened workspace (from the command line or the connect dialog). */
    public void addWorkspace(Workspace ws) {
        if (opened == null && workspaces.holdsSessions(ws)) opened = ws;
        browser.addWorkspace(ws);
        sayForTheWindow("Opened " + ws.displayName());
    }

    private final javafx.collections.ObservableList<String> profileNames = javafx.collections.FXCollections.observableArrayList();

    /** The saved server profiles, as last read (see {@link #refreshProfiles}). */
    public javafx.collections.ObservableList<String> profileNames() {
        return profileNames;
    }

    /** Re-reads the saved profiles off the FX thread. */
    public void refreshProfiles(ServerAccess servers) {
        async.run(servers::profiles, names -> {
            if (!names.equals(profileNames)) profileNames.setAll(names);
        }, e -> status.set("Could not list the server profiles: " + Messages.of(e)));
    }

    /** Opens a saved server profile in the background. */
    public void openProfile(ServerAccess servers, String profile) {
        status.set("Connecting to " + profile + "…");
        async.run(() -> servers.open(profile), ws -> {
            browser.addWorkspace(ws);
            sayForTheWindow("Connected to " + ws.displayName());
        }, e -> status.set("Could not connect to " + profile + ": " + Messages.of(e)));
    }

    public void openDemo() {
        status.set("Opening the demo…");
        async.run(workspaces::demo, ws -> {
            browser.addWorkspace(ws);
            sayForTheWindow("Opened the demo workspace");
        }, e -> status.set("Could not open the demo: " + Messages.of(e)));
    }

    /** Opens offline session folders or zips (from a menu or a drop) into the "Offline sessions" workspace. */
    public void openSessions(List<Path> paths) {
        if (paths == null || paths.isEmpty()) return;
        status.set("Opening " + paths.size() + (paths.size() == 1 ? " session…" : " sessions…"));
        async.run(() -> {
            Workspace ws = opened != null ? opened : workspaces.newSessions();
            List<String> failures = new ArrayList<>();
            int ok = 0;
            for (Path p : paths) {
                try {
                    workspaces.addSession(ws, p);
                    ok++;
                } catch (RuntimeException e) {
                    failures.add(p.getFileName() + ": " + Messages.of(e));
                }
            }
            return new OpenResult(ws, ok, failures);
        }, r -> {
            if (r.ok() > 0) {
                opened = r.ws();
                browser.addWorkspace(r.ws());
            }
            sayForTheWindow(r.failures().isEmpty() ? "Opened " + r.ok() + (r.ok() == 1 ? " session" : " sessions")
                    : (r.ok() > 0 ? "Opened " + r.ok() + "; " : "") + "could not open " + String.join("; ", r.failures()));
        }, e -> status.set(Messages.of(e)));
    }

    private record OpenResult(Workspace ws, int ok, List<String> failures) {}

    /**
     * The upload dialog's model for files dropped (or pasted) on the selected task, or null when no
     * task is shown (the status bar says why).
     */
    public UploadViewModel uploadTo(List<Path> files) {
        var details = task.detailsProperty().get();
        if (details == null || task.workspace() == null) {
            status.set("Select a task first, then drop files on its artifacts to upload them");
            return null;
        }
        if (files == null || files.isEmpty()) return null;
        UploadViewModel upload = new UploadViewModel(async, uploader, transfers, task.workspace(), details.task(), details.artifacts(), files);
        return upload;
    }

    /**
     * Files dropped on a task row (maybe another task than the one shown, e.g. artifacts copied
     * from one task to another): loads that task, then hands the upload dialog's model on.
     *
     * @param names artifact names to propose, in file order (from a drag out of another task), may be empty
     */
    public void uploadToTask(Task target, List<Path> files, List<String> names, java.util.function.Consumer<UploadViewModel> open) {
        NavNode node = browser.selectedNodeProperty().get();
        if (node == null || files.isEmpty()) return;
        Workspace ws = node.workspace();
        status.set("Preparing the upload to " + target.name() + "…");
        async.run(() -> ws.task(target.id()), d -> {
            UploadViewModel upload = new UploadViewModel(async, uploader, transfers, ws, d.task(), d.artifacts(), files);
            for (int i = 0; i < names.size() && i < upload.rows().size(); i++) upload.rows().get(i).nameProperty().set(names.get(i));
            open.accept(upload);
            status.set("Upload to " + target.name());
        }, e -> status.set(Messages.of(e)));
    }

    /** After uploads: show the task's new artifacts. */
    public void uploadsFinished(UploadViewModel upload) {
        if (!upload.uploaded().isEmpty()) {
            task.reload();
            status.set("Uploaded " + upload.uploaded().size() + " artifact(s) to " + upload.task().name());
        }
    }

    public void refresh() {
        browser.refresh();
        task.reload();
        status.set("Refreshed");
    }

    public void toggleTheme() {
        dark.set(!dark.get());
    }

    public void report(String message) {
        status.set(message);
    }

    public BrowserViewModel browser() {
        return browser;
    }

    public TaskViewModel task() {
        return task;
    }

    public PreviewViewModel preview() {
        return preview;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }
}
