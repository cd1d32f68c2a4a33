package dev.vitrine.ui.importer;

import dev.vitrine.importer.ImportException;
import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Workspace;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.Locale;

/**
 * File › Import offline session to server… and a session zip dropped on a server: checks whether
 * the session was imported before (then asks), imports it in the background with progress per
 * file, and cancels on request (the import removes what it created).
 */
public final class ImportViewModel {

    /** Where the dialog is. */
    public enum State { IDLE, CHECKING, CONFIRM_AGAIN, RUNNING, DONE, FAILED }

    private final Async async;
    private final SessionImports imports;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper file = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ImportResult> result = new ReadOnlyObjectWrapper<>();
    private Path session;
    private Workspace server;
    private Cancellation cancel;
    private Async.Handle handle;

    public ImportViewModel(Async async, SessionImports imports) {
        this.async = async;
        this.imports = imports;
    }

    // ---- state ----

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The file being uploaded ("[3/37] pic_png (344 bytes)"). */
    public ReadOnlyStringProperty fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** The current file's share sent, 0..1, or -1 while no file is going out. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The server the session goes to. */
    public Workspace server() {
        return server;
    }

    public ReadOnlyObjectProperty<ImportResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    // ---- commands ----

    /**
     * Starts with a session folder or zip and the server it goes to: first looks for an earlier
     * import of it there.
     */
    public void importSession(Workspace server, Path session) {
        this.session = session;
        this.server = server;
        if (server == null || server.kind() != Workspace.Kind.SERVER) {
            fail("Open a ClearML server first (File › Connect…): the session is imported into it");
            return;
        }
        state.set(State.CHECKING);
        running.set(true);
        status.set("Checking whether " + session.getFileName() + " was imported into " + server.displayName() + " before…");
        handle = async.run(() -> imports.earlierImport(server, session), earlier -> {
            if (earlier != null) {
                running.set(false);
                state.set(State.CONFIRM_AGAIN);
                status.set("This session was already imported as task " + earlier + ". Import it again as a second task?");
            } else {
                start(false);
            }
        }, this::failed);
    }

    /** The user confirmed a second import. */
    public void importAgain() {
        if (state.get() == State.CONFIRM_AGAIN) start(true);
    }

    /** Stops the import; what it created is removed. */
    public void cancel() {
        if (cancel != null) cancel.cancel();
        if (state.get() == State.CHECKING || state.get() == State.CONFIRM_AGAIN) {
            if (handle != null) handle.cancel();
            running.set(false);
            state.set(State.IDLE);
            status.set("Not imported.");
        } else if (state.get() == State.RUNNING) {
            status.set("Cancelling: removing what was created…");
        }
    }

    private void start(boolean again) {
        state.set(State.RUNNING);
        running.set(true);
        progress.set(-1);
        cancel = new Cancellation();
        Cancellation c = cancel;
        Path s = session;
        Workspace target = server;
        handle = async.run(() -> imports.importSession(target, s, again, new ImportListener() {
            @Override
            public void step(String what) {
                async.ui().execute(() -> status.set(what));
            }

            @Override
            public void file(int index, int count, String name, long done, long total) {
                String label = String.format(Locale.ROOT, "[%d/%d] %s", index, count, name);
                double share = total > 0 ? (double) done / total : 1;
                async.ui().execute(() -> {
                    file.set(label);
                    progress.set(share);
                });
            }
        }, c), r -> {
            running.set(false);
            result.set(r);
            state.set(State.DONE);
            progress.set(1);
            status.set("Imported into " + target.displayName() + " as task " + r.taskId() + " in " + r.projectName() + ": " + r.uploaded() + " files, " + r.events() + " events.");
        }, this::failed);
    }

    private void failed(Throwable error) {
        Throwable e = Async.unwrap(error);
        fail(e instanceof ImportException || e.getMessage() != null ? e.getMessage() : e.toString());
    }

    private void fail(String message) {
        running.set(false);
        state.set(State.FAILED);
        progress.set(0);
        status.set(message);
    }
}
