package dev.vitrine.app;

import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.importer.SessionImporter;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.ui.importer.SessionImports;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.offline.OfflineSession;
import dev.vitrine.workspace.server.ServerWorkspace;

import java.nio.file.Path;

/** The import dialog's port over the services: sessions go to the server opened last. */
final class SessionImportService implements SessionImports {

    private final Services services;

    SessionImportService(Services services) {
        this.services = services;
    }

    @Override
    public String server() {
        return services.currentServer().map(ServerWorkspace::displayName).orElse(null);
    }

    @Override
    public String earlierImport(Path session) {
        return importer().findEarlierImport(OfflineSession.open(session));
    }

    @Override
    public ImportResult importSession(Path session, boolean again, ImportListener listener, Cancellation cancel) {
        return importer().importSession(OfflineSession.open(session), again, listener, cancel);
    }

    private SessionImporter importer() {
        ServerWorkspace ws = services.currentServer().orElseThrow(() -> new WorkspaceException("No ClearML server is open"));
        return services.importer(ws);
    }
}
