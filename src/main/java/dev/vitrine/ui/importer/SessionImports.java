package dev.vitrine.ui.importer;

import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.storage.Cancellation;

import java.nio.file.Path;

/** What the import dialog may do; the composition root implements it over the server opened last. */
public interface SessionImports {

    /** The name of the server sessions go to, or null when no server is open. */
    String server();

    /** The task an earlier import of this session made, or null (blocks: call off the FX thread). */
    String earlierImport(Path session);

    /**
     * Imports the session (blocks). Throws {@link dev.vitrine.importer.ImportException} with a message
     * for the user; on failure or cancel what was created is removed.
     */
    ImportResult importSession(Path session, boolean again, ImportListener listener, Cancellation cancel);
}
