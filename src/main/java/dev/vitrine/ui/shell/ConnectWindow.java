package dev.vitrine.ui.shell;

import dev.vitrine.ui.connect.ConnectView;
import dev.vitrine.ui.connect.ConnectViewModel;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The Connect dialog: paste or type credentials, test, save, connect; the server opened joins the navigator. */
final class ConnectWindow {

    private ConnectWindow() {}

    static void show(Window owner, Scene ownerScene, ServerAccess servers, MainViewModel vm) {
        ConnectViewModel cvm = servers.newConnect();
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Connect to a ClearML server");
        Scene scene = new Scene(new ConnectView(cvm), 640, 640);
        if (ownerScene != null) scene.getStylesheets().setAll(ownerScene.getStylesheets());
        stage.setScene(scene);
        cvm.connectedProperty().addListener((o, a, ws) -> {
            if (ws != null) {
                vm.addWorkspace(ws);
                stage.close();
            }
        });
        stage.setOnHidden(e -> cvm.cancel());
        stage.show();
    }
}
