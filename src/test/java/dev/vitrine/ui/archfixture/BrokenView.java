package dev.vitrine.ui.archfixture;

/** A view that reaches past the Workspace port and into the CLI, for {@code ArchitectureRulesCatchViolationsTest}. Never run. */
public final class BrokenView {

    String web(dev.vitrine.workspace.server.ServerWorkspace ws) {
        return ws.client().config().webServer();
    }

    Object sessions() {
        return new dev.vitrine.workspace.offline.OfflineWorkspace("x", dev.vitrine.workspace.Workspace.Kind.OFFLINE, java.util.List.of());
    }

    Class<?> verb() {
        return dev.vitrine.cli.Json.class;
    }
}
