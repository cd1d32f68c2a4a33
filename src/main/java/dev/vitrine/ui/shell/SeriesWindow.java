package dev.vitrine.ui.shell;

import dev.vitrine.ui.compare.CompareView;
import dev.vitrine.ui.compare.CompareViewModel;
import dev.vitrine.ui.series.SeriesView;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.StoredFile;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.List;

/**
 * The series compare (drift map) and the models browser, each in a window of its own; closing one
 * cancels what it still streams or lists.
 */
final class SeriesWindow {

    private SeriesWindow() {}

    /** The given artifacts or models in order (none: files can be dropped on the window); computed at once when two or more. */
    static void open(Window owner, Scene ownerScene, String title, List<? extends StoredFile> items, MainViewModel vm) {
        var svm = vm.series(items, cvm -> showCompare(owner, ownerScene, vm, cvm));
        Stage stage = ChildWindows.create(owner, ownerScene, title, new SeriesView(svm), 1300, 850);
        ChildWindows.closeKeys(stage, vm::toggleTheme);
        stage.setOnHidden(e -> svm.dispose());
        stage.show();
        if (svm.snapshots().size() >= 2) svm.compute();
    }

    /** "All checkpoints of this task": the selected task's output models in its order. */
    static void taskCheckpoints(Window owner, Scene ownerScene, MainViewModel vm) {
        List<ModelRef> models = vm.outputModelsOfTask();
        if (models.size() < 2) {
            vm.report("The selected task has " + models.size() + " output model" + (models.size() == 1 ? "" : "s") + ": a series needs two or more");
            return;
        }
        open(owner, ownerScene, "Checkpoints of " + vm.task().detailsProperty().get().task().name(), models, vm);
    }

    /** "Compare versions of this model over time" for the model selected in the task's Models tab. */
    static void versionsOfSelectedModel(Window owner, Scene ownerScene, MainViewModel vm) {
        vm.versionsOfSelectedModel(versions -> open(owner, ownerScene, "Versions of " + versions.get(0).name(), versions, vm));
    }

    /** Every model of the selected workspace, across projects (the models browser). */
    static void models(Window owner, Scene ownerScene, MainViewModel vm) {
        var mvm = vm.models();
        if (mvm == null) {
            vm.report("Open a server, offline session or the demo first");
            return;
        }
        var view = new dev.vitrine.ui.models.ModelsView(mvm, (title, models) -> open(owner, ownerScene, title, models, vm));
        Stage stage = ChildWindows.create(owner, ownerScene, "Models · " + mvm.workspaceName(), view, 1300, 800);
        ChildWindows.closeKeys(stage, vm::toggleTheme);
        stage.setOnHidden(e -> mvm.dispose());
        stage.show();
        mvm.open();
    }

    private static void showCompare(Window owner, Scene ownerScene, MainViewModel vm, CompareViewModel cvm) {
        Stage stage = ChildWindows.create(owner, ownerScene, "Compare", new CompareView(cvm), 1200, 800);
        ChildWindows.closeKeys(stage, vm::toggleTheme);
        stage.setOnHidden(e -> cvm.dispose());
        stage.show();
    }
}
