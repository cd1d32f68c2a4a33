package dev.vitrine.app;

import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.ui.importer.SessionImports;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.offline.OfflineSession;

import java.nio.file.Path;

/** The import dialog's port over the services: a session goes to the server workspace the window chose. */
final class SessionImportService implements SessionImports {

    private final Services services;

    SessionImportService(Services services) {
        this.services = services;
    }

    @Override
    public String earlierImport(Workspace server, Path session) {
        return services.importer(server).findEarlierImport(OfflineSession.open(session));
    }

    @Override
    public ImportResult importSession(Workspace server, Path session, boolean again, ImportListener listener, Cancellation cancel) {
        return services.importer(server).importSession(OfflineSession.open(session), again, listener, cancel);
    }
}
