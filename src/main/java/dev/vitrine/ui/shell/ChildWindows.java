package dev.vitrine.ui.shell;

import javafx.scene.Parent;
import javafx.scene.Scene;
import dev.vitrine.ui.common.WindowKeys;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Windows the main window opens (connect, compare, transfers, cache): owned by it and styled like it. */
final class ChildWindows {

    private ChildWindows() {}

    /** A window over {@code owner} with the owner scene's style sheets (the theme follows). */
    static Stage create(Window owner, Scene ownerScene, String title, Parent content, double width, double height) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(title);
        Scene scene = new Scene(content, width, height);
        if (ownerScene != null) scene.getStylesheets().setAll(ownerScene.getStylesheets());
        stage.setScene(scene);
        return stage;
    }

    /** Esc and Ctrl+W close a child window; Ctrl+T switches the theme there as in the main window. */
    static void closeKeys(Stage stage, Runnable toggleTheme) {
        WindowKeys.install(stage.getScene(), stage::close, toggleTheme);
    }
}
