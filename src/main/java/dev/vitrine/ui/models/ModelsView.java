package dev.vitrine.ui.models;

import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The models browser: filters on top (project, framework, tag, published, name as they type), the
 * models table paged as it scrolls (sorting a column sorts on the server; Size sorts what is loaded), the
 * selected model's details on the right. The selected models, in the order they were picked, or the
 * versions of one of them go to the series compare.
 */
public final class ModelsView extends BorderPane {

    private final ModelsViewModel vm;
    final TableView<ModelRef> table = new TableView<>();
    final TextArea details = new TextArea();
    final Button seriesButton = new Button("Series of the selected");
    final Button versionsButton = new Button("Versions over time");

    /** A browser whose series actions go nowhere (tests of the table alone). */
    public ModelsView(ModelsViewModel vm) {
        this(vm, (title, models) -> { });
    }

    /** @param openSeries opens a series compare window over the models, in order, with a title */
    public ModelsView(ModelsViewModel vm, BiConsumer<String, List<ModelRef>> openSeries) {
        this.vm = vm;
        ComboBox<Project> project = new ComboBox<>(vm.projects());
        project.setPromptText("all projects");
        project.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Project p) { return p == null ? "all projects" : p.name(); }
            @Override public Project fromString(String s) { return null; }
        });
        project.valueProperty().addListener((o, a, p) -> vm.filterProject(p));
        TextField framework = field("framework (PyTorch, ONNX…)", vm::filterFramework);
        TextField tag = field("tag", vm::filterTag);
        TextField name = field("name contains…", vm::filterName);
        name.setId("models-name-filter");
        ChoiceBox<String> published = new ChoiceBox<>();
        published.getItems().setAll("published and drafts", "published", "drafts");
        published.setValue("published and drafts");
        published.valueProperty().addListener((o, a, v) -> vm.filterPublished(v.equals("published") ? Boolean.TRUE : v.equals("drafts") ? Boolean.FALSE : null));
        Label count = new Label();
        count.textProperty().bind(vm.messageProperty());
        seriesButton.setId("models-series");
        seriesButton.setTooltip(new Tooltip("Compare the selected models as a series, in the order they were picked (Ctrl+Shift+E)"));
        seriesButton.setOnAction(e -> openSeries.accept("Series of " + vm.picked().size() + " models", List.copyOf(vm.picked())));
        versionsButton.setId("models-versions");
        versionsButton.setTooltip(new Tooltip("Compare versions of this model over time: the models with its name in its project, oldest first (Ctrl+Shift+R)"));
        versionsButton.setOnAction(e -> versions(openSeries));
        HBox filters = new HBox(6, project, framework, tag, published, name, seriesButton, versionsButton, count);
        filters.setPadding(new Insets(6));
        setTop(filters);

        table.setId("models-table");
        table.setItems(vm.models());
        table.getColumns().add(col("Name", ModelRef::name, "name", 260));
        table.getColumns().add(col("Project", ModelRef::projectName, null, 160));
        table.getColumns().add(col("Task", ModelRef::taskId, null, 120));
        table.getColumns().add(col("Framework", ModelRef::framework, "framework", 100));
        table.getColumns().add(col("Tags", m -> String.join(", ", m.tags()), null, 160));
        table.getColumns().add(col("Published", m -> m.ready() == null ? "unknown" : m.ready() ? "published" : "draft", "ready", 90));
        table.getColumns().add(col("Created", m -> m.created() == null ? "" : m.created().toString(), "created", 170));
        table.getColumns().add(sizeColumn());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setSortPolicy(tv -> {
            var order = tv.getSortOrder();
            if (order.isEmpty()) vm.sort(null, true);
            else if (order.get(0).getUserData() instanceof String field) vm.sort(field, order.get(0).getSortType() == TableColumn.SortType.DESCENDING);
            return true;
        });
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(ModelRef m, boolean empty) {
                super.updateItem(m, empty);
                // page in more when a row near the end is shown
                if (!empty && getIndex() >= tv.getItems().size() - 30) vm.loadMore();
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, m) -> vm.select(m));
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<ModelRef>) c -> vm.pick(table.getSelectionModel().getSelectedItems()));
        seriesButton.disableProperty().bind(javafx.beans.binding.Bindings.size(vm.picked()).lessThan(2));
        versionsButton.disableProperty().bind(vm.detailProperty().isNull());
        MenuItem seriesItem = new MenuItem("Compare the selected as a series (in the order picked)");
        seriesItem.setOnAction(e -> seriesButton.fire());
        seriesItem.disableProperty().bind(seriesButton.disableProperty());
        MenuItem versionsItem = new MenuItem("Compare versions of this model over time");
        versionsItem.setOnAction(e -> versions(openSeries));
        versionsItem.disableProperty().bind(versionsButton.disableProperty());
        table.setContextMenu(new ContextMenu(versionsItem, seriesItem));
        // on the whole browser, so the keys work from the filters too
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (SERIES_KEYS.match(e)) {
                if (!seriesButton.isDisabled()) seriesButton.fire();
                e.consume();
            } else if (VERSIONS_KEYS.match(e)) {
                if (!versionsButton.isDisabled()) versions(openSeries);
                e.consume();
            }
        });

        StatusPane center = new StatusPane("mdi2c-cube-outline");
        center.stateProperty().bind(vm.stateProperty());
        center.messageProperty().bind(vm.messageProperty());
        center.setContent(table);

        details.setId("model-details");
        details.setEditable(false);
        details.setWrapText(true);
        vm.detailProperty().addListener((o, a, d) -> details.setText(d == null ? "" : describe(d)));
        SplitPane split = new SplitPane(center, details);
        split.setDividerPositions(0.68);
        setCenter(split);
    }

    static final KeyCombination SERIES_KEYS = KeyCombination.keyCombination("Shortcut+Shift+E");
    static final KeyCombination VERSIONS_KEYS = KeyCombination.keyCombination("Shortcut+Shift+R");

    public ModelsViewModel viewModel() {
        return vm;
    }

    private void versions(BiConsumer<String, List<ModelRef>> openSeries) {
        ModelsViewModel.Detail d = vm.detailProperty().get();
        if (d == null) return;
        vm.versionsOf(d.model(), versions -> openSeries.accept("Versions of " + d.model().name(), versions));
    }

    /** Sizes come from the storage for the rows shown (the cell asks as it comes into view): "…" while asked, "—" when unknown. */
    private TableColumn<ModelRef, Long> sizeColumn() {
        TableColumn<ModelRef, Long> c = new TableColumn<>("Size");
        c.setCellValueFactory(cd -> cd.getValue() == null ? null : vm.size(cd.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(empty ? null : sizeText(bytes));
            }
        });
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        c.setPrefWidth(90);
        c.setUserData("size");
        return c;
    }

    static String sizeText(Long bytes) {
        if (bytes == null) return "…";
        return bytes < 0 ? "—" : dev.vitrine.ui.common.Format.bytes(bytes);
    }

    static String describe(ModelsViewModel.Detail d) {
        ModelRef m = d.model();
        StringBuilder b = new StringBuilder();
        b.append(m.name()).append("\nid ").append(m.id()).append("\nframework ").append(m.framework() == null ? "unknown" : m.framework())
                .append("\n").append(m.ready() == null ? "" : m.ready() ? "published" : "draft").append("\nuri ").append(m.uri()).append('\n');
        if (m.comment() != null && !m.comment().isBlank()) b.append("\nComment\n").append(m.comment()).append('\n');
        if (!m.metadata().isEmpty()) {
            b.append("\nMetadata\n");
            m.metadata().forEach((k, v) -> b.append("  ").append(k).append(" = ").append(v).append('\n'));
        }
        if (!m.labels().isEmpty()) {
            b.append("\nLabels\n");
            m.labels().forEach((k, v) -> b.append("  ").append(v).append(": ").append(k).append('\n'));
        }
        if (m.design() != null && !m.design().isBlank()) b.append("\nDesign / config\n").append(m.design()).append('\n');
        b.append("\nMade by task\n  ").append(d.producer() == null ? (m.taskId() == null ? "unknown" : m.taskId() + " (looking up…)") : task(d.producer())).append('\n');
        b.append("\nUsed as input by\n");
        if (d.consumers().isEmpty()) b.append("  no task known\n");
        for (Task t : d.consumers()) b.append("  ").append(task(t)).append('\n');
        return b.toString();
    }

    private static String task(Task t) {
        return t.name() + "  (" + t.id() + ")";
    }

    private static TextField field(String prompt, java.util.function.Consumer<String> onType) {
        TextField f = new TextField();
        f.setPromptText(prompt);
        f.textProperty().addListener((o, a, v) -> onType.accept(v));
        return f;
    }

    private static TableColumn<ModelRef, String> col(String title, Function<ModelRef, String> f, String sortField, double width) {
        TableColumn<ModelRef, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue() == null ? "" : String.valueOf(f.apply(cd.getValue()) == null ? "" : f.apply(cd.getValue()))));
        c.setPrefWidth(width);
        c.setUserData(sortField);
        c.setSortable(sortField != null);
        return c;
    }
}
