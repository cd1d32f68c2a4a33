package dev.vitrine.app;

import dev.vitrine.cli.Sources;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.demo.DemoWorkspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;

/**
 * The composition root: builds each service once and hands it on through constructors. No DI
 * framework, no static singletons.
 */
public final class Services {

    private Services() {}

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
