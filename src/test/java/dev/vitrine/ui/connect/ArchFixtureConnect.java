package dev.vitrine.ui.connect;

/**
 * The Connect dialog's named exception, for {@code ArchitectureRulesCatchViolationsTest}: it may
 * test a connection with the ClearML client, but not open an offline workspace itself. Never run.
 */
public final class ArchFixtureConnect {

    dev.vitrine.clearml.ServerInfo allowed(dev.vitrine.clearml.ClearmlClient client) {
        return client.checkConnection();
    }

    Object notAllowed() {
        return new dev.vitrine.workspace.offline.OfflineWorkspace("x", dev.vitrine.workspace.Workspace.Kind.OFFLINE, java.util.List.of());
    }
}
