package dev.vitrine.ui.common;

import javafx.scene.Scene;
import javafx.scene.control.Dialog;
import javafx.scene.input.KeyCombination;

/**
 * The keys every dialog and child window answers the same way: Esc and Ctrl+W close it (or
 * cancel what it runs), Ctrl+T switches the theme as in the main window, so no window in front
 * ever takes the theme toggle away.
 */
public final class WindowKeys {

    private WindowKeys() {}

    public static void install(Scene scene, Runnable close, Runnable toggleTheme) {
        scene.getAccelerators().put(KeyCombination.keyCombination("Esc"), close);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+W"), close);
        if (toggleTheme != null) scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+T"), toggleTheme);
    }

    /** The same for a toolkit dialog (an Alert): closing it answers {@code cancel}. */
    public static <R> void install(Dialog<R> dialog, R cancel, Runnable toggleTheme) {
        Scene scene = dialog.getDialogPane().getScene();
        if (scene == null) return;
        install(scene, () -> {
            dialog.setResult(cancel);
            dialog.close();
        }, toggleTheme);
    }
}
