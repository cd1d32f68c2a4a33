package dev.vitrine.ui.shell;

import dev.vitrine.ui.importer.ImportViewModel;
import javafx.scene.Parent;

/** Builds the Transfers, Cache and setup panels (each window shows one); the composition root implements it. */
public interface StoragePanels {
    Parent transfers();

    /** The Transfers panel whose failed downloads offer {@code checkSetup} (Help › Check setup) beside their diagnosis. */
    default Parent transfers(Runnable checkSetup) {
        return transfers();
    }

    Parent cache();

    /** Help › Check setup…: the doctor panel. */
    Parent doctor();

    /** A new import of an offline session (the window picks the server it goes to). */
    ImportViewModel importer();
}
