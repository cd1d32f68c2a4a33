package dev.vitrine.ui.shell;

import dev.vitrine.ui.artifacts.TaskView;
import dev.vitrine.ui.compare.CompareView;
import dev.vitrine.workspace.StoredFile;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.List;

/** Compares two stored files side by side in a window of its own; closing it cancels what it still fetches. */
final class CompareWindow {

    private CompareWindow() {}

    /**
     * Two rows selected: compare them. One row: compare it with the pinned one, or pin it first
     * (so two models of different tasks can be compared).
     */
    static void compareSelection(Window owner, Scene ownerScene, TaskView taskView, MainViewModel vm) {
        List<StoredFile> items = taskView.selectedItems();
        StoredFile a;
        StoredFile b;
        StoredFile pinned = vm.pinnedProperty().get();
        if (items.size() >= 2) {
            a = items.get(0);
            b = items.get(1);
        } else if (items.size() == 1 && pinned != null && pinned != items.get(0)) {
            a = pinned;
            b = items.get(0);
        } else {
            if (!items.isEmpty()) vm.pin(items.get(0));
            else vm.report("Select two artifacts or models (Ctrl+click), or pin one and select another");
            return;
        }
        var cvm = vm.compare(a, b);
        Stage stage = ChildWindows.create(owner, ownerScene, "Compare " + a.label() + " ↔ " + b.label(), new CompareView(cvm), 1200, 800);
        ChildWindows.closeKeys(stage, vm::toggleTheme);
        stage.setOnHidden(e -> cvm.dispose());
        stage.show();
    }
}
