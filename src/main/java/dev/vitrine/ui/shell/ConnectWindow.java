package dev.vitrine.ui.shell;

import dev.vitrine.ui.connect.ConnectView;
import dev.vitrine.ui.connect.ConnectViewModel;
import dev.vitrine.ui.common.WindowKeys;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The Connect dialog: paste or type credentials, test, save, connect; the server opened joins the navigator. */
final class ConnectWindow {

    private ConnectWindow() {}

    static Stage show(Window owner, Scene ownerScene, ServerAccess servers, MainViewModel vm) {
        ConnectViewModel cvm = servers.newConnect();
        ConnectView view = new ConnectView(cvm);
        // owned, so it stays in front, but not modal: the theme toggle and the window behind keep working
        Stage stage = ChildWindows.create(owner, ownerScene, "Connect to a ClearML server", view, 640, 680);
        view.setOnCancel(stage::close);
        WindowKeys.install(stage.getScene(), stage::close, vm::toggleTheme);
        cvm.connectedProperty().addListener((o, a, ws) -> {
            if (ws != null) {
                vm.addWorkspace(ws);
                stage.close();
            }
        });
        stage.setOnHidden(e -> cvm.cancel());
        stage.show();
        return stage;
    }
}
