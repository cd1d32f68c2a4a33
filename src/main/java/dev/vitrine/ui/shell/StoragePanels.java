package dev.vitrine.ui.shell;

import javafx.scene.Parent;

/** Builds the Transfers and Cache panels (each window shows one); the composition root implements it. */
public interface StoragePanels {
    Parent transfers();

    Parent cache();
}
