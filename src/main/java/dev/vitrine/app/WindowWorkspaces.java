package dev.vitrine.app;

import dev.vitrine.ui.shell.WorkspaceOpener;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** The window's {@link WorkspaceOpener}: the demo it is given, and offline sessions through {@link OfflineWorkspace}. */
public final class WindowWorkspaces implements WorkspaceOpener {

    private final Supplier<? extends Workspace> demo;

    /** @param demo opens the demo (the bundled one in the app, a test's own in tests) */
    public WindowWorkspaces(Supplier<? extends Workspace> demo) {
        this.demo = demo;
    }

    @Override
    public Workspace demo() {
        return demo.get();
    }

    @Override
    public Workspace newSessions() {
        return new OfflineWorkspace("Offline sessions", Workspace.Kind.OFFLINE, List.of());
    }

    @Override
    public boolean holdsSessions(Workspace ws) {
        return ws instanceof OfflineWorkspace && ws.kind() == Workspace.Kind.OFFLINE;
    }

    @Override
    public void addSession(Workspace sessions, Path session) {
        ((OfflineWorkspace) sessions).add(session);
    }
}
