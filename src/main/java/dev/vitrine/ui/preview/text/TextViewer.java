package dev.vitrine.ui.preview.text;

import dev.vitrine.preview.text.TextContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.StatusPane;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.kordamp.ikonli.javafx.FontIcon;

/** Plain text with a search box: hits over the whole file, a click selects a hit in the text shown. */
public final class TextViewer extends StatusPane {

    private final TextViewModel vm;
    private final TextArea area = new TextArea();

    public TextViewer(TextContent content, Async async) {
        super("mdi2f-file-document-outline");
        vm = new TextViewModel(content, async);
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());
        setContent(build());
    }

    public TextViewModel viewModel() {
        return vm;
    }

    private BorderPane build() {
        area.setEditable(false);
        area.setWrapText(false);
        area.setStyle("-fx-font-family: monospace;");
        area.textProperty().bind(vm.textProperty());
        area.setId("text-area");
        TextField search = new TextField();
        search.setId("text-search");
        search.setPromptText("Search (Enter)");
        search.setOnAction(e -> vm.search(search.getText()));
        HBox.setHgrow(search, Priority.ALWAYS);
        Label status = new Label();
        status.setId("text-search-status");
        status.textProperty().bind(vm.searchStatusProperty());
        Label info = new Label();
        info.textProperty().bind(vm.infoProperty());
        HBox bar = new HBox(8, new FontIcon("mdi2m-magnify"), search, status, info);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));

        ListView<TextContent.Hit> hits = new ListView<>(vm.hits());
        hits.setId("text-hits");
        hits.setPlaceholder(new javafx.scene.control.Label("Search the text above: every matching line is listed here"));
        hits.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(TextContent.Hit h, boolean empty) {
                super.updateItem(h, empty);
                setText(empty || h == null ? null : h.line() + ": " + h.context());
            }
        });
        hits.getSelectionModel().selectedItemProperty().addListener((o, a, h) -> select(h, search.getText()));
        SplitPane split = new SplitPane(area, hits);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.8);
        BorderPane root = new BorderPane(split);
        root.setTop(bar);
        return root;
    }

    private void select(TextContent.Hit h, String query) {
        if (h == null) return;
        String t = area.getText();
        int pos = 0;
        for (long l = 1; l < h.line() && pos >= 0; l++) {
            pos = t.indexOf('\n', pos);
            if (pos >= 0) pos++;
        }
        if (pos < 0) return;
        int start = pos + h.column();
        if (start + query.length() <= t.length()) area.selectRange(start, start + query.length());
    }
}
