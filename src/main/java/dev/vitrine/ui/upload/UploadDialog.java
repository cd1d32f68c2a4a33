package dev.vitrine.ui.upload;

import dev.vitrine.ui.common.Icons;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.TextFieldTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.Map;

/**
 * The short dialog a drop opens: names (editable, clashes marked), metadata, destination, the
 * confirmations, then per-row progress. Closing it while uploading cancels the running upload.
 */
public final class UploadDialog extends Stage {

    private final UploadViewModel vm;

    public UploadDialog(Window owner, UploadViewModel vm, Runnable onDone) {
        this.vm = vm;
        initOwner(owner);
        // owned (it stays in front) but not modal: the theme toggle and the window behind stay usable
        setTitle("Upload to " + vm.task().name());

        TableView<UploadRow> table = new TableView<>(vm.rows());
        table.setId("uploadTable");
        table.setEditable(true);
        TableColumn<UploadRow, String> name = new TableColumn<>("Artifact name");
        name.setCellValueFactory(cd -> cd.getValue().nameProperty());
        name.setCellFactory(TextFieldTableCell.forTableColumn());
        name.setPrefWidth(220);
        TableColumn<UploadRow, String> source = new TableColumn<>("File");
        source.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().source().getFileName() + (cd.getValue().isFolder() ? "/ (zipped)" : "")));
        source.setPrefWidth(200);
        TableColumn<UploadRow, UploadRow> state = new TableColumn<>("State");
        state.setCellValueFactory(cd -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cd.getValue()));
        state.setPrefWidth(260);
        state.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label label = new Label();
            private final HBox box = new HBox(6, bar, label);

            @Override
            protected void updateItem(UploadRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                bar.progressProperty().bind(r.progressProperty());
                bar.setPrefWidth(80);
                label.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> r.clashProperty().get() && r.statusProperty().get().equals("ready") ? "exists: will replace" : r.statusProperty().get(),
                        r.statusProperty(), r.clashProperty()));
                setGraphic(box);
            }
        });
        table.getColumns().addAll(java.util.List.of(name, source, state));
        table.setPrefHeight(180);

        TableView<Map.Entry<String, String>> meta = new TableView<>(vm.metadata());
        TableColumn<Map.Entry<String, String>, String> mk = new TableColumn<>("Metadata key");
        mk.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().getKey()));
        mk.setPrefWidth(180);
        TableColumn<Map.Entry<String, String>, String> mv = new TableColumn<>("Value");
        mv.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().getValue()));
        mv.setPrefWidth(260);
        meta.getColumns().addAll(java.util.List.of(mk, mv));
        meta.setPrefHeight(100);
        meta.setPlaceholder(new Label("No metadata (optional)"));
        TextField key = new TextField();
        key.setPromptText("key");
        TextField value = new TextField();
        value.setPromptText("value");
        Button add = new Button("Add");
        add.setOnAction(e -> {
            vm.addMetadata(key.getText().strip(), value.getText());
            key.clear();
            value.clear();
            key.requestFocus();
        });
        value.setOnAction(e -> add.fire());
        HBox.setHgrow(value, Priority.ALWAYS);
        HBox metaRow = new HBox(6, key, value, add);

        Label dest = new Label("Destination: " + vm.destination());
        dest.setWrapText(true);
        TextField otherDest = new TextField();
        otherDest.setId("uploadDestination");
        otherDest.setPromptText("or another destination: s3://bucket/prefix, https://files.example.com, /shared/folder");
        otherDest.textProperty().bindBidirectional(vm.destinationOverrideProperty());
        boolean server = vm.needsFinishedConfirmation() || vm.destination().contains("files server") || vm.destination().contains("output destination");
        otherDest.setVisible(server);
        otherDest.setManaged(server);
        CheckBox replace = new CheckBox("Replace the existing artifacts with the same names");
        replace.selectedProperty().bindBidirectional(vm.replaceConfirmedProperty());
        replace.visibleProperty().bind(vm.hasClashBinding());
        replace.managedProperty().bind(replace.visibleProperty());
        CheckBox finished = new CheckBox("The task is " + vm.task().status()
                + ": add the artifacts anyway (tasks.edit with force; the status stays " + vm.task().status() + ")");
        finished.setWrapText(true);
        finished.selectedProperty().bindBidirectional(vm.finishedConfirmedProperty());
        finished.setVisible(vm.needsFinishedConfirmation());
        finished.setManaged(vm.needsFinishedConfirmation());
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);

        Button upload = new Button("Upload", Icons.icon("mdi2u-upload"));
        upload.setId("uploadButton");
        upload.setDefaultButton(true);
        upload.disableProperty().bind(vm.canStartBinding().not());
        upload.setOnAction(e -> vm.start(onDone));
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> closeOrCancel());
        close.textProperty().bind(javafx.beans.binding.Bindings.when(vm.runningProperty()).then("Cancel").otherwise("Close"));
        ButtonBar buttons = new ButtonBar();
        ButtonBar.setButtonData(upload, ButtonBar.ButtonData.OK_DONE);
        ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
        buttons.getButtons().addAll(upload, close);

        VBox root = new VBox(8, new Label("Files dropped on " + vm.task().name()), table, new Label("Metadata for every file"),
                meta, metaRow, dest, otherDest, replace, finished, message, buttons);
        root.setPadding(new Insets(12));
        setOnCloseRequest(e -> {
            if (vm.runningProperty().get()) vm.cancel();
        });
        javafx.scene.Scene scene = new javafx.scene.Scene(root, 640, 560);
        if (owner != null && owner.getScene() != null) scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        setScene(scene);
    }

    /** Cancels the running upload, or closes the dialog when nothing runs (its Close/Cancel button, Esc, Ctrl+W). */
    public void closeOrCancel() {
        if (vm.runningProperty().get()) vm.cancel();
        else close();
    }
}
