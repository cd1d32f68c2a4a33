package dev.vitrine.app;

import dev.vitrine.cli.Sources;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.StandardReaders;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.storage.SessionFiles;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.demo.DemoWorkspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;

import java.nio.file.Path;

/**
 * The composition root: builds each service once and hands it on through constructors. No DI
 * framework, no static singletons.
 */
public final class Services {

    private Services() {}

    private volatile Previewers previewers;
    private volatile LocalCopies localCopies;

    /** Every reader Vitrine ships, built once on first use. Thread-safe. */
    public Previewers previewers() {
        Previewers p = previewers;
        if (p == null) {
            synchronized (this) {
                if (previewers == null) previewers = StandardReaders.previewers();
                p = previewers;
            }
        }
        return p;
    }

    /**
     * Local copies of artifacts: for now files already on this machine (offline sessions, zipped
     * sessions extracted under the temp folder); remote downloads plug in here later.
     */
    public LocalCopies localCopies() {
        LocalCopies c = localCopies;
        if (c == null) {
            synchronized (this) {
                if (localCopies == null) localCopies = new SessionFiles(Path.of(System.getProperty("java.io.tmpdir"), "vitrine-session-files"));
                c = localCopies;
            }
        }
        return c;
    }

    public static Services create() {
        return new Services();
    }

    /**
     * Opens the workspace the sources name. The default (no option) is the configured ClearML
     * server; when none is configured the CLI says so, and the GUI falls back to the demo.
     */
    public Workspace openWorkspace(Sources sources) {
        if (sources.demo()) return DemoWorkspace.open();
        if (!sources.offline().isEmpty()) return OfflineWorkspace.open(sessionName(sources), sources.offline());
        throw new WorkspaceException("No ClearML server is configured (no clearml.conf or CLEARML_API_HOST): "
                + "use --demo or --offline PATH");
    }

    /** The workspace the window opens with: the sources asked for, else the demo. */
    public Workspace openForGui(Sources sources) {
        if (sources.isDefault()) {
            try {
                return openWorkspace(sources);
            } catch (WorkspaceException e) {
                return DemoWorkspace.open();
            }
        }
        return openWorkspace(sources);
    }

    private static String sessionName(Sources s) {
        if (s.offline().size() == 1) return s.offline().get(0).getFileName().toString();
        return "Offline sessions";
    }
}
