package dev.vitrine.cli;

import dev.vitrine.workspace.Workspace;

/** Opens the workspace the global options name; supplied by the composition root. */
@FunctionalInterface
public interface WorkspaceOpener {
    /** @throws dev.vitrine.workspace.WorkspaceException with a message for the user */
    Workspace open(Sources sources);
}
