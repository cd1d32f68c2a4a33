package dev.vitrine.ui.importer;

import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.workspace.Workspace;

import java.nio.file.Path;
import java.util.List;

/** What the import dialog may do; the composition root implements it over the server workspace it is given. */
public interface SessionImports {

    /** The task an earlier import of this session into {@code server} made, or null (blocks: call off the FX thread). */
    String earlierImport(Workspace server, Path session);

    /**
     * Imports the session into {@code server} (blocks). Throws {@link dev.vitrine.importer.ImportException}
     * with a message for the user; on failure or cancel what was created is removed.
     */
    ImportResult importSession(Workspace server, Path session, boolean again, ImportListener listener, Cancellation cancel);

    /**
     * The servers an import may go to: the workspace selected in the navigator when it is a
     * server, else every open server (the window asks which when there are several).
     */
    static List<Workspace> targets(Workspace selected, List<Workspace> open) {
        if (selected != null && selected.kind() == Workspace.Kind.SERVER) return List.of(selected);
        return open.stream().filter(w -> w.kind() == Workspace.Kind.SERVER).toList();
    }
}
