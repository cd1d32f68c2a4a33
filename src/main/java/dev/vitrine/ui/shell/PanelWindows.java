package dev.vitrine.ui.shell;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.function.Supplier;

/** The Transfers, Cache and Check setup windows: each made on first use, then shown again as it was left. */
final class PanelWindows {

    private final StoragePanels panels;
    private final Runnable toggleTheme;
    private Stage transfers;
    private Stage cache;
    private Stage doctor;

    PanelWindows(StoragePanels panels, Runnable toggleTheme) {
        this.panels = panels;
        this.toggleTheme = toggleTheme;
    }

    void showTransfers(Window owner, Scene ownerScene) {
        if (transfers == null) transfers = make(owner, ownerScene, "Transfers", () -> panels.transfers(() -> showDoctor(owner, ownerScene)), 760, 420);
        bringUp(transfers);
    }

    void showCache(Window owner, Scene ownerScene) {
        if (cache == null) cache = make(owner, ownerScene, "Cache", panels::cache, 900, 520);
        bringUp(cache);
    }

    void showDoctor(Window owner, Scene ownerScene) {
        if (doctor == null) doctor = make(owner, ownerScene, "Check setup", panels::doctor, 820, 560);
        bringUp(doctor);
    }

    private Stage make(Window owner, Scene ownerScene, String title, Supplier<Parent> content, double w, double h) {
        Stage stage = ChildWindows.create(owner, ownerScene, title + " · Vitrine", content.get(), w, h);
        ChildWindows.closeKeys(stage, toggleTheme);
        return stage;
    }

    private static void bringUp(Stage stage) {
        stage.show();
        stage.toFront();
    }
}
