package dev.vitrine.ui.shell;

import dev.vitrine.workspace.Workspace;

import java.nio.file.Path;

/**
 * How the window opens workspaces without knowing their adapters; the composition root
 * implements it ({@code app.WindowWorkspaces}). Every method blocks: call them off the FX thread.
 */
public interface WorkspaceOpener {

    /** The bundled demo. */
    Workspace demo();

    /** A new, empty workspace that collects the offline sessions opened from the window. */
    Workspace newSessions();

    /** Whether offline sessions can be opened into this workspace (one of sessions, not the demo). */
    boolean holdsSessions(Workspace ws);

    /**
     * Opens a session folder or zip into a workspace {@link #holdsSessions} accepts.
     *
     * @throws RuntimeException with a message fit for the user when the path is not a session
     */
    void addSession(Workspace sessions, Path session);
}
