package dev.vitrine.ui.shell;

import dev.vitrine.ui.browser.NavNode;
import dev.vitrine.ui.common.WindowKeys;
import dev.vitrine.ui.importer.ImportView;
import dev.vitrine.ui.importer.ImportViewModel;
import dev.vitrine.ui.importer.SessionImports;
import dev.vitrine.workspace.Workspace;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * File › Import offline session to server… and a session zip dropped while a server is open: one
 * import window per session, into the server selected in the navigator (else the only open one, else
 * the one the user picks), which cancels (and so removes what was created) rather than close while
 * the import runs.
 */
final class ImportWindow {

    private static final String NO_SERVER = "Open a ClearML server first (File › Connect…): the session is imported into it";

    private final StoragePanels panels;
    private final MainViewModel vm;
    private final Supplier<Window> window;
    private final Supplier<Scene> scene;

    ImportWindow(StoragePanels panels, MainViewModel vm, Supplier<Window> window, Supplier<Scene> scene) {
        this.panels = panels;
        this.vm = vm;
        this.window = window;
        this.scene = scene;
    }

    void choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Import offline session to server");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Offline session (*.zip, task.json)", "*.zip", "task.json"));
        File f = fc.showOpenDialog(window.get());
        if (f != null) start(f.getName().equals("task.json") ? f.getParentFile().toPath() : f.toPath());
    }

    /**
     * A session zip dropped while a server is open: import it there, or just open it to browse.
     * False when no server is open (the drop opens the session as any other).
     */
    boolean offer(Path zip) {
        if (targets().isEmpty()) return false;
        ButtonType importIt = new ButtonType("Import into server");
        ButtonType open = new ButtonType("Open to browse");
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Import " + zip.getFileName() + " into the server, or open it to browse?",
                importIt, open, ButtonType.CANCEL);
        a.initOwner(window.get());
        a.setHeaderText("Offline session");
        // the question waits for an answer, but the theme toggle and the close keys still work
        WindowKeys.install(a, ButtonType.CANCEL, vm::toggleTheme);
        ButtonType picked = a.showAndWait().orElse(ButtonType.CANCEL);
        if (picked == importIt) start(zip);
        else if (picked == open) vm.openSessions(List.of(zip));
        return true;
    }

    /** The servers a session may go to: the selected workspace if it is a server, else every open one. */
    private List<Workspace> targets() {
        NavNode node = vm.browser().selectedNodeProperty().get();
        return SessionImports.targets(node == null ? null : node.workspace(), vm.browser().workspaces());
    }

    void start(Path session) {
        List<Workspace> targets = targets();
        if (targets.isEmpty()) {
            vm.report(NO_SERVER);
            return;
        }
        Workspace server = targets.size() == 1 ? targets.get(0) : ask(targets, session);
        if (server != null) start(panels.importer(), server, session);
    }

    /** Several servers are open and none is selected: which one? Null when the user cancels. */
    private Workspace ask(List<Workspace> servers, Path session) {
        ChoiceDialog<String> d = new ChoiceDialog<>(servers.get(0).displayName(), servers.stream().map(Workspace::displayName).toList());
        d.initOwner(window.get());
        d.setTitle("Import offline session");
        d.setHeaderText("Import " + session.getFileName() + " into which server?");
        d.setContentText("Server:");
        d.getDialogPane().setId("importServerChoice");
        return d.showAndWait().flatMap(name -> servers.stream().filter(w -> w.displayName().equals(name)).findFirst()).orElse(null);
    }

    private void start(ImportViewModel ivm, Workspace server, Path session) {
        Stage[] stage = new Stage[1];
        stage[0] = ChildWindows.create(window.get(), scene.get(), "Import offline session · Vitrine",
                new ImportView(ivm, () -> stage[0].close()), 600, 200);
        // closing while the import runs cancels it instead: the window stays until what was created is removed
        Runnable closeOrCancel = () -> {
            if (ivm.runningProperty().get()) ivm.cancel();
            else stage[0].close();
        };
        stage[0].setOnCloseRequest(e -> {
            if (ivm.runningProperty().get()) {
                ivm.cancel();
                e.consume();
            }
        });
        WindowKeys.install(stage[0].getScene(), closeOrCancel, vm::toggleTheme);
        ivm.stateProperty().addListener((o, was, now) -> {
            if (now == ImportViewModel.State.DONE) vm.refresh();
        });
        stage[0].show();
        ivm.importSession(server, session);
    }
}
