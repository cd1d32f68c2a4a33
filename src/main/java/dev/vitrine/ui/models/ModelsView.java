package dev.vitrine.ui.models;

import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
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

import java.util.function.Function;

/**
 * The models browser: filters on top (project, framework, tag, published, name as they type), the
 * models table paged as it scrolls (sorting a column sorts on the server), the selected model's
 * details on the right.
 */
public final class ModelsView extends BorderPane {

    private final ModelsViewModel vm;
    final TableView<ModelRef> table = new TableView<>();
    final TextArea details = new TextArea();

    public ModelsView(ModelsViewModel vm) {
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
        HBox filters = new HBox(6, project, framework, tag, published, name, count);
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

    public ModelsViewModel viewModel() {
        return vm;
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
