package dev.vitrine.ui.artifacts;

import dev.vitrine.ui.common.Icons;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.StoredFile;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The selected task's artifacts and models, each in a sortable table; selection feeds the detail and preview panes. */
public final class TaskView extends StatusPane {

    private final TaskViewModel vm;
    private final TableView<Artifact> artifacts = new TableView<>();
    private final TableView<ModelRef> models = new TableView<>();
    private final TabPane tabs = new TabPane();
    private boolean syncing;

    public TaskView(TaskViewModel vm, java.util.function.Consumer<String> openUri) {
        super("mdi2c-cube-outline");
        this.vm = vm;
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());

        artifacts.setId("artifactTable");
        TableColumn<Artifact, Artifact> key = new TableColumn<>("Key");
        key.setPrefWidth(200);
        key.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        key.setComparator(Comparator.comparing(Artifact::key));
        key.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Artifact a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : a.key());
                setGraphic(empty || a == null ? null : Icons.icon(Icons.forArtifact(a)));
                setTooltip(empty || a == null || a.preview() == null ? null : new Tooltip(abbreviate(a.preview())));
            }
        });
        artifacts.getColumns().add(key);
        artifacts.getColumns().add(text("Type", Artifact::type, 90));
        artifacts.getColumns().add(text("Mode", a -> a.mode().wire(), 60));
        TableColumn<Artifact, Long> size = new TableColumn<>("Size");
        size.setPrefWidth(80);
        size.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().contentSize()));
        size.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : Formats.size(v));
            }
        });
        size.getStyleClass().add("numeric");
        artifacts.getColumns().add(size);
        artifacts.getColumns().add(text("File", a -> a.fileName() == null ? "" : a.fileName(), 180));
        artifacts.getColumns().add(text("Hash", a -> a.hash() == null ? "" : a.hash().substring(0, Math.min(12, a.hash().length())), 100));
        artifacts.getColumns().add(text("Registered", a -> Formats.time(a.timestamp()), 140));
        artifacts.getColumns().add(text("Metadata", a -> a.displayData().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")), 160));
        artifacts.setTableMenuButtonVisible(true);
        artifacts.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        artifacts.setItems(new javafx.collections.transformation.SortedList<>(vm.artifacts()));
        ((javafx.collections.transformation.SortedList<Artifact>) artifacts.getItems()).comparatorProperty().bind(artifacts.comparatorProperty());
        artifacts.setPlaceholder(new Label("No artifacts"));

        models.setId("modelTable");
        TableColumn<ModelRef, String> mname = text2("Name", ModelRef::name, 200);
        mname.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setGraphic(empty ? null : Icons.icon(Icons.MODEL));
            }
        });
        models.getColumns().add(mname);
        models.getColumns().add(text2("Role", m -> vm.isInput(m) ? "input" : "output", 70));
        models.getColumns().add(text2("Framework", m -> m.framework() == null ? "—" : m.framework(), 100));
        models.getColumns().add(text2("URI", m -> m.uri() == null ? "" : m.uri(), 280));
        models.getColumns().add(text2("Created", m -> Formats.time(m.created()), 140));
        models.getColumns().add(text2("Tags", m -> String.join(", ", m.tags()), 120));
        models.setTableMenuButtonVisible(true);
        models.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        models.setItems(vm.models());
        models.setPlaceholder(new Label("No models"));

        Tab ta = new Tab("Artifacts", artifacts);
        ta.setGraphic(Icons.icon(Icons.FILE));
        Tab tm = new Tab("Models", models);
        tm.setGraphic(Icons.icon(Icons.MODEL));
        tabs.getTabs().addAll(ta, tm);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        ta.textProperty().bind(javafx.beans.binding.Bindings.size(vm.artifacts()).asString("Artifacts (%d)"));
        tm.textProperty().bind(javafx.beans.binding.Bindings.size(vm.models()).asString("Models (%d)"));
        // header: live refresh of a running task, what changed, the task in the web app
        javafx.scene.control.ToggleButton live = new javafx.scene.control.ToggleButton("Live", Icons.icon(Icons.REFRESH));
        live.setId("liveToggle");
        live.setTooltip(new Tooltip("Refresh the running task's artifacts on their own (click to pause)"));
        live.selectedProperty().bindBidirectional(vm.liveProperty());
        live.visibleProperty().bind(vm.watchingProperty());
        live.managedProperty().bind(live.visibleProperty());
        Label note = new Label();
        note.textProperty().bind(vm.changeNoteProperty());
        note.getStyleClass().add("text-muted");
        javafx.scene.control.Button web = new javafx.scene.control.Button("Open in web UI", Icons.icon("mdi2o-open-in-new"));
        web.setId("openWeb");
        web.getStyleClass().add("flat");
        web.setOnAction(e -> {
            String link = vm.webLink();
            if (link != null) openUri.accept(link);
        });
        web.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> vm.webLink() != null,
                vm.detailsProperty(), vm.selectionProperty()));
        web.managedProperty().bind(web.visibleProperty());
        javafx.scene.layout.Region grow = new javafx.scene.layout.Region();
        javafx.scene.layout.HBox.setHgrow(grow, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.HBox header = new javafx.scene.layout.HBox(8, note, grow, live, web);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        header.setPadding(new javafx.geometry.Insets(2, 6, 2, 6));
        // shown only when it has something to say (a running task, a server task, a change)
        header.visibleProperty().bind(live.visibleProperty().or(web.visibleProperty()).or(note.textProperty().isNotEmpty()));
        header.managedProperty().bind(header.visibleProperty());
        javafx.scene.layout.BorderPane box = new javafx.scene.layout.BorderPane(tabs);
        box.setTop(header);
        setContent(box);

        // a changed artifact is marked while the task runs
        artifacts.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(Artifact a, boolean empty) {
                super.updateItem(a, empty);
                pseudoClassStateChanged(CHANGED, !empty && a != null && vm.changedKeys().contains(a.key()));
            }
        });
        vm.changedKeys().addListener((javafx.collections.SetChangeListener<String>) c -> artifacts.refresh());

        artifacts.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && !syncing) vm.select(b);
        });
        models.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && !syncing) vm.select(b);
        });
        vm.selectionProperty().addListener((o, a, s) -> syncSelection(s));
        // the preview and details follow the visible tab: its selected row, else its first row, else nothing
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (syncing || (t != ta && t != tm)) return;
            TableView<? extends StoredFile> table = t == ta ? artifacts : models;
            StoredFile sel = table.getSelectionModel().getSelectedItem();
            if (sel == null && !table.getItems().isEmpty()) {
                table.getSelectionModel().select(0);
                sel = table.getSelectionModel().getSelectedItem();
            }
            vm.select(sel);
        });
    }

    private static final javafx.css.PseudoClass CHANGED = javafx.css.PseudoClass.getPseudoClass("changed");

    /** The rows selected in the visible table (several with Ctrl/Shift+click), for compare. */
    public java.util.List<StoredFile> selectedItems() {
        boolean onArtifacts = tabs.getSelectionModel().getSelectedIndex() == 0;
        return new java.util.ArrayList<>(onArtifacts ? artifacts.getSelectionModel().getSelectedItems() : models.getSelectionModel().getSelectedItems());
    }

    private void syncSelection(StoredFile s) {
        syncing = true;
        // a further tab (Debug samples) stays in front while the selection follows the task
        boolean further = tabs.getSelectionModel().getSelectedIndex() > 1;
        if (s instanceof Artifact a) {
            if (!further) tabs.getSelectionModel().select(0);
            artifacts.getSelectionModel().select(a);
        } else if (s instanceof ModelRef m) {
            if (vm.artifacts().isEmpty() && !further) tabs.getSelectionModel().select(1);
            models.getSelectionModel().select(m);
        }
        syncing = false;
    }

    /** A further tab beside Artifacts and Models (Debug samples); it does not drive the preview. */
    public void addTab(Tab tab) {
        tabs.getTabs().add(tab);
    }

    public TableView<Artifact> artifactTable() {
        return artifacts;
    }

    public TableView<ModelRef> modelTable() {
        return models;
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    private static TableColumn<Artifact, String> text(String title, Function<Artifact, String> f, double w) {
        TableColumn<Artifact, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<ModelRef, String> text2(String title, Function<ModelRef, String> f, double w) {
        TableColumn<ModelRef, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }
}
