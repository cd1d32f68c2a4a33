package dev.vitrine.ui.shell;

import dev.vitrine.ui.connect.ConnectViewModel;
import dev.vitrine.workspace.Workspace;

import java.util.List;

/** What the window may do with servers; the composition root implements it over the services. */
public interface ServerAccess {

    /** Names of the saved server profiles ("default" is the SDK's own clearml.conf). */
    List<String> profiles();

    /** Opens a profile's server (blocks: call off the FX thread). */
    Workspace open(String profile);

    /** A fresh model for the Connect dialog. */
    ConnectViewModel newConnect();
}
