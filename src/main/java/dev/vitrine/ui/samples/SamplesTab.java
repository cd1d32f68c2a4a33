package dev.vitrine.ui.samples;

import dev.vitrine.ui.artifacts.TaskView;
import dev.vitrine.ui.artifacts.TaskViewModel;
import dev.vitrine.workspace.TaskDetails;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Tab;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.function.Consumer;

/**
 * Puts the Debug samples tab beside Artifacts and Models: it follows the selected task, reads only
 * while visible, and refreshes a running task's samples every {@link #REFRESH} (what is on screen
 * stays put; changes are marked).
 */
public final class SamplesTab {

    static final Duration REFRESH = Duration.seconds(15);

    private SamplesTab() {}

    public static SamplesView attach(TaskView taskView, TaskViewModel task, SamplesViewModel vm, Consumer<String> openUri) {
        return attach(taskView, task, vm, openUri, javafx.collections.FXCollections.observableArrayList());
    }

    /** As above, and the tasks selected together in the task list are compared in the viewer. */
    public static SamplesView attach(TaskView taskView, TaskViewModel task, SamplesViewModel vm, Consumer<String> openUri,
                                     javafx.collections.ObservableList<dev.vitrine.workspace.Task> selectedTasks) {
        selectedTasks.addListener((javafx.collections.ListChangeListener<dev.vitrine.workspace.Task>) c -> vm.selectTasks(List.copyOf(selectedTasks)));
        vm.selectTasks(List.copyOf(selectedTasks));
        SamplesView view = new SamplesView(vm, openUri);
        Tab tab = new Tab("Debug samples", view);
        tab.setId("samplesTab");
        tab.setGraphic(new FontIcon("mdi2i-image-multiple-outline"));
        taskView.addTab(tab);
        task.detailsProperty().addListener((o, a, d) -> follow(vm, task, d));
        follow(vm, task, task.detailsProperty().get());
        tab.selectedProperty().addListener((o, a, on) -> vm.setActive(on));
        Timeline live = new Timeline(new KeyFrame(REFRESH, e -> {
            if (tab.isSelected() && vm.runningProperty().get()) {
                vm.refresh();
                if (view.viewer() != null) view.viewer().vm().refresh();
            }
        }));
        live.setCycleCount(Timeline.INDEFINITE);
        live.play();
        return view;
    }

    private static void follow(SamplesViewModel vm, TaskViewModel task, TaskDetails d) {
        if (d == null) vm.show(null, null, false);
        else vm.show(task.workspace(), d.task().id(), d.task().name() == null ? d.task().id() : d.task().name(), d.task().isRunning());
    }
}
