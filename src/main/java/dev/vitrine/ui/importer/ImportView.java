package dev.vitrine.ui.importer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The import dialog's content: the step, the file going out with its progress, and Cancel / Import
 * again / Close. {@code close} hides the window that holds it.
 */
public final class ImportView extends VBox {

    public ImportView(ImportViewModel vm, Runnable close) {
        super(10);
        setPadding(new Insets(14));
        getStyleClass().add("import-view");
        Label status = new Label();
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        Label file = new Label();
        file.textProperty().bind(vm.fileProperty());
        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.stateProperty().isEqualTo(ImportViewModel.State.RUNNING));
        Button again = new Button("Import again");
        again.visibleProperty().bind(vm.stateProperty().isEqualTo(ImportViewModel.State.CONFIRM_AGAIN));
        again.managedProperty().bind(again.visibleProperty());
        again.setOnAction(e -> vm.importAgain());
        Button cancel = new Button("Cancel");
        cancel.visibleProperty().bind(vm.runningProperty().or(vm.stateProperty().isEqualTo(ImportViewModel.State.CONFIRM_AGAIN)));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        cancel.setCancelButton(true);
        Button closeButton = new Button("Close");
        closeButton.visibleProperty().bind(vm.runningProperty().not());
        closeButton.managedProperty().bind(closeButton.visibleProperty());
        closeButton.setOnAction(e -> close.run());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, again, cancel, closeButton);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        getChildren().addAll(status, file, bar, buttons);
        setPrefWidth(560);
    }
}
