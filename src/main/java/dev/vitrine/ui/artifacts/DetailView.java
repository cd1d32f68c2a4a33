package dev.vitrine.ui.artifacts;

import dev.vitrine.ui.common.Icons;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;

/**
 * The right-hand pane: every field of the selected artifact or model, its stored preview text
 * ({@code type_data.preview}, or a model's design), and the copy-path / open-folder actions.
 */
public final class DetailView extends VBox {

    private final TaskViewModel vm;
    private final GridPane grid = new GridPane();
    private final Label title = new Label("Details");

    public DetailView(TaskViewModel vm, Consumer<java.nio.file.Path> openFolder, Consumer<String> report,
                      Consumer<dev.vitrine.workspace.Task> goToTask) {
        this.vm = vm;
        getStyleClass().add("detail-pane");
        setPadding(new Insets(8));
        setSpacing(8);
        title.getStyleClass().add("title-4");

        Button copy = new Button(null, Icons.icon(Icons.COPY));
        copy.setId("copyPath");
        copy.setTooltip(new Tooltip("Copy the file path (Ctrl+Shift+C)"));
        copy.setAccessibleText("Copy the file path");
        copy.setOnAction(e -> copyPath(report));
        Button folder = new Button(null, Icons.icon(Icons.OPEN_FOLDER));
        folder.setId("openFolder");
        folder.setTooltip(new Tooltip("Open the containing folder"));
        folder.setAccessibleText("Open the containing folder");
        folder.setOnAction(e -> {
            var dir = vm.folderToOpen();
            if (dir != null) openFolder.accept(dir);
        });
        copy.disableProperty().bind(vm.selectionProperty().isNull());
        folder.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> vm.folderToOpen() == null, vm.selectionProperty()));
        HBox header = new HBox(6, title, spacer(), copy, folder);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        grid.setHgap(10);
        grid.setVgap(4);
        grid.getStyleClass().add("field-grid");
        vm.fields().addListener((ListChangeListener<Field>) c -> rebuild());
        ScrollPane gridScroll = new ScrollPane(grid);
        gridScroll.setFitToWidth(true);
        gridScroll.setPrefViewportHeight(260);

        Label previewTitle = new Label("Stored preview");
        previewTitle.getStyleClass().add("text-muted");
        TextArea stored = new TextArea();
        stored.setId("storedPreview");
        stored.setEditable(false);
        stored.getStyleClass().add("mono");
        stored.textProperty().bind(vm.storedPreviewProperty());
        stored.setPromptText("No stored preview");
        VBox.setVgrow(stored, Priority.ALWAYS);
        javafx.scene.control.Hyperlink producer = new javafx.scene.control.Hyperlink();
        producer.setId("producerLink");
        // a long task name wraps in a narrow pane rather than losing its end
        producer.setWrapText(true);
        producer.setMaxWidth(Double.MAX_VALUE);
        producer.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        producer.setGraphic(Icons.icon("mdi2s-source-branch"));
        producer.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.producerProperty().get() == null ? ""
                : "Produced by task: " + vm.producerProperty().get().name(), vm.producerProperty()));
        producer.visibleProperty().bind(vm.producerProperty().isNotNull());
        producer.managedProperty().bind(producer.visibleProperty());
        producer.setOnAction(e -> goToTask.accept(vm.producerProperty().get()));
        getChildren().addAll(header, producer, gridScroll, previewTitle, stored);
        vm.selectionProperty().addListener((o, a, s) -> title.setText(s == null ? "Details" : s.label()));
    }

    /** Copies the selection's file path or uri to the clipboard. */
    public void copyPath(Consumer<String> report) {
        String path = vm.pathToCopy();
        if (path == null) return;
        ClipboardContent cc = new ClipboardContent();
        cc.putString(path);
        Clipboard.getSystemClipboard().setContent(cc);
        report.accept("Copied " + path);
    }

    private void rebuild() {
        grid.getChildren().clear();
        int row = 0;
        for (Field f : vm.fields()) {
            Label k = new Label(f.label());
            k.getStyleClass().add("field-label");
            Label v = new Label(f.value());
            v.setWrapText(true);
            v.getStyleClass().add(f.mono() ? "field-value-mono" : "field-value");
            if ("unknown".equals(f.value())) v.getStyleClass().add("unknown");
            v.setTooltip(new Tooltip(f.value()));
            v.setContextMenu(copyMenu(f.value()));
            grid.addRow(row++, k, v);
        }
    }

    private static javafx.scene.control.ContextMenu copyMenu(String value) {
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy");
        copy.setOnAction(e -> {
            ClipboardContent cc = new ClipboardContent();
            cc.putString(value);
            Clipboard.getSystemClipboard().setContent(cc);
        });
        return new javafx.scene.control.ContextMenu(copy);
    }

    private static javafx.scene.layout.Region spacer() {
        javafx.scene.layout.Region r = new javafx.scene.layout.Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
