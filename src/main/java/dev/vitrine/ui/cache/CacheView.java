package dev.vitrine.ui.cache;

import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Cache panel: location (click to open), size and limits, the entries with their source uris,
 * and open / evict / clear. Keys: Enter opens, Delete evicts the selected entry, F5 refreshes.
 */
public final class CacheView extends BorderPane {

    public CacheView(CacheViewModel vm) {
        getStyleClass().add("cache-view");
        Hyperlink location = new Hyperlink();
        location.textProperty().bind(vm.locationProperty());
        location.setOnAction(e -> vm.openLocation());
        location.setTooltip(new Tooltip("Open the cache folder"));
        Label summary = new Label();
        summary.textProperty().bind(vm.summaryProperty());
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        message.getStyleClass().add("text-muted");

        Spinner<Integer> limit = new Spinner<>(1, 100_000, vm.entryLimitProperty().get(), 10);
        limit.setEditable(true);
        limit.setPrefWidth(100);
        limit.setAccessibleText("Maximum number of cache entries");
        limit.setTooltip(new Tooltip("The ClearML SDK's limit: entries kept, least recently used removed first"));
        Spinner<Integer> gigabytes = new Spinner<>(0, 100_000, (int) (vm.byteLimitProperty().get() >> 30));
        gigabytes.setEditable(true);
        gigabytes.setPrefWidth(110);
        gigabytes.getValueFactory().setConverter(GIGABYTES);
        gigabytes.getEditor().setText(GIGABYTES.toString(gigabytes.getValue()));
        gigabytes.setAccessibleText("Size limit in gigabytes, 0 for none");
        gigabytes.setTooltip(new Tooltip("Size limit in GB (0 = no limit)"));
        Button apply = new Button("Apply limits");
        apply.setOnAction(e -> vm.setLimits(limit.getValue(), ((long) gigabytes.getValue()) << 30));
        Button refresh = iconButton("mdi2r-refresh", "Refresh (F5)");
        refresh.setOnAction(e -> vm.refresh());
        Button clear = new Button("Clear cache", new FontIcon("mdi2d-delete-sweep-outline"));
        clear.setOnAction(e -> vm.clear());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox limits = new HBox(6, new Label("Keep"), limit, new Label("entries, at most"), gigabytes, apply, spacer, refresh, clear);
        limits.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(4, new HBox(6, new Label("Location:"), location), summary, limits, message);
        header.setPadding(new Insets(8));
        setTop(header);

        TableView<CacheEntryRowViewModel> table = new TableView<>(vm.entries());
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Source", r -> r.source() + (r.locked() ? "  (in use by the SDK)" : ""), 380));
        table.getColumns().add(column("Size", CacheEntryRowViewModel::size, 90));
        table.getColumns().add(column("Last used", CacheEntryRowViewModel::lastUsed, 140));
        table.getColumns().add(column("Cache file", CacheEntryRowViewModel::name, 260));
        Button open = iconButton("mdi2o-open-in-app", "Open the selected entry");
        Button evict = iconButton("mdi2d-delete-outline", "Remove the selected entry from the cache");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        evict.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            CacheEntryRowViewModel r = table.getSelectionModel().getSelectedItem();
            return r == null || r.locked();
        }, table.getSelectionModel().selectedItemProperty()));
        open.setOnAction(e -> vm.open(table.getSelectionModel().getSelectedItem()));
        evict.setOnAction(e -> vm.evict(table.getSelectionModel().getSelectedItem()));
        table.setOnKeyPressed(e -> {
            CacheEntryRowViewModel r = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.F5) vm.refresh();
            if (r == null) return;
            if (e.getCode() == KeyCode.ENTER) vm.open(r);
            if ((e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) && !r.locked()) vm.evict(r);
        });
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && table.getSelectionModel().getSelectedItem() != null) vm.open(table.getSelectionModel().getSelectedItem());
        });
        HBox rowActions = new HBox(4, open, evict);
        rowActions.setPadding(new Insets(4, 8, 4, 8));

        StatusPane status = new StatusPane("mdi2d-database-outline");
        status.stateProperty().bind(vm.stateProperty());
        status.messageProperty().bind(Bindings.createStringBinding(() -> vm.stateProperty().get() == LoadState.EMPTY
                ? "The cache is empty: artifacts you open are kept here, shared with the ClearML SDK."
                : vm.messageProperty().get(), vm.stateProperty(), vm.messageProperty()));
        status.setContent(new BorderPane(table, null, null, rowActions, null));
        setCenter(status);
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.F5) vm.refresh();
        });
        // keys act on the entries from the start, not on the location link or a spinner: the table
        // takes the focus once it is shown (after the first listing), unless the user is typing elsewhere
        vm.stateProperty().addListener((o, a, st) -> {
            if (st != LoadState.READY || table.getScene() == null) return;
            javafx.scene.Node owner = table.getScene().getFocusOwner();
            if (!(owner instanceof javafx.scene.control.TextInputControl) && !(owner instanceof Spinner)) table.requestFocus();
        });
        vm.refresh();
    }

    /** 0 reads "no limit"; other values "N GB". */
    static final javafx.util.StringConverter<Integer> GIGABYTES = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Integer gb) {
            return gb == null || gb == 0 ? "no limit" : gb + " GB";
        }

        @Override
        public Integer fromString(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT).replace("gb", "").trim();
            if (t.isEmpty() || t.startsWith("no") || t.equals("none")) return 0;
            try {
                return Math.max(0, Integer.parseInt(t));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    };

    private static TableColumn<CacheEntryRowViewModel, String> column(String title, java.util.function.Function<CacheEntryRowViewModel, String> value, double width) {
        TableColumn<CacheEntryRowViewModel, String> c = new TableColumn<>(title);
        c.setCellValueFactory(f -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(f.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static Button iconButton(String icon, String description) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll("button-icon", "flat");
        b.setAccessibleText(description);
        b.setTooltip(new Tooltip(description));
        return b;
    }
}
