package dev.vitrine.ui.browser;

import dev.vitrine.ui.artifacts.Formats;
import dev.vitrine.ui.common.Icons;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.List;
import java.util.function.Function;

/**
 * The navigator: workspaces and their projects as a tree, and below it the selected node's tasks
 * in a table that pages from the source as the user scrolls near its end. Sorting a column asks
 * the source to sort (server-side), never the loaded rows.
 */
public final class NavigatorView extends SplitPane {

    private final BrowserViewModel vm;
    private final TreeView<NavNode> tree = new TreeView<>();
    private final TableView<Task> table = new TableView<>();
    private final TextField search = new TextField();
    private boolean syncing;

    /** Files dropped on a task row: the task and the files (and the artifact names when dragged from another task). */
    public interface TaskDrop {
        void dropped(Task task, java.util.List<java.nio.file.Path> files, java.util.List<String> names);
    }

    /** Marks a drag that carries artifacts of another task, with their keys, so a drop keeps their names. */
    public static final javafx.scene.input.DataFormat ARTIFACT_KEYS = new javafx.scene.input.DataFormat("application/x-vitrine-artifact-keys");

    private TaskDrop taskDrop;

    public void setOnTaskDrop(TaskDrop drop) {
        this.taskDrop = drop;
    }

    public NavigatorView(BrowserViewModel vm) {
        this.vm = vm;
        setOrientation(javafx.geometry.Orientation.VERTICAL);
        getStyleClass().add("navigator");

        // ---- projects tree ----
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>());
        tree.setCellFactory(t -> new NavCell());
        tree.setId("projectTree");
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (!syncing && item != null && item.getValue() != null) vm.select(item.getValue());
        });
        vm.trees().addListener((ListChangeListener<ProjectTree>) c -> rebuildTree());
        vm.selectedNodeProperty().addListener((o, a, n) -> selectInTree(n));
        StatusPane treePane = new StatusPane(Icons.PROJECT);
        treePane.setContent(tree);
        treePane.stateProperty().bind(vm.treeStateProperty());
        treePane.messageProperty().bind(vm.treeMessageProperty());

        // ---- tasks ----
        search.setPromptText("Search tasks");
        search.setTooltip(new javafx.scene.control.Tooltip("Search tasks by name, id or comment (Ctrl+F)"));
        search.setId("taskSearch");
        PauseTransition debounce = new PauseTransition(Duration.millis(300));
        debounce.setOnFinished(e -> vm.search(search.getText()));
        search.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        search.setOnAction(e -> {
            debounce.stop();
            vm.search(search.getText());
        });
        HBox.setHgrow(search, Priority.ALWAYS);
        Label searchIcon = new Label(null, Icons.icon(Icons.SEARCH));
        javafx.scene.control.MenuButton filters = filterMenu();
        HBox searchBar = new HBox(6, searchIcon, search, filters);
        searchBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        searchBar.setPadding(new Insets(6));

        table.setId("taskTable");
        table.setTableMenuButtonVisible(true); // column chooser
        // Tasks named alike are told apart by the short id, user and dates; every column is wide enough
        // for its usual content ("in_progress", "data_processing", a date), the name takes what is left
        TableColumn<Task, String> name = column("Name", "name", Task::name, 200);
        name.setMinWidth(100);
        table.getColumns().add(name);
        table.getColumns().add(column("Status", "status", t -> orUnknown(t.status()), 104));
        table.getColumns().add(column("Type", "type", t -> orUnknown(t.type()), 136));
        table.getColumns().add(column("User", "user", t -> orUnknown(t.user()), 90));
        TableColumn<Task, String> started = column("Started", "started", t -> Formats.time(t.started()), 128);
        TableColumn<Task, String> updated = column("Last update", "last_update", t -> Formats.time(t.lastUpdate()), 128);
        TableColumn<Task, String> id = column("ID", "id", t -> shortId(t.id()), 78);
        started.setVisible(false);
        table.getColumns().addAll(java.util.List.of(updated, id, started));
        for (TableColumn<Task, ?> c : table.getColumns()) c.setMinWidth(Math.max(c.getMinWidth(), 56));
        table.setItems(vm.tasks());
        table.setSortPolicy(tv -> {
            if (tv.getSortOrder().isEmpty()) return true;
            TableColumn<Task, ?> c = tv.getSortOrder().get(0);
            String field = (String) c.getUserData();
            vm.sortBy(c.getSortType() == TableColumn.SortType.DESCENDING ? "-" + field : field);
            return true;
        });
        table.setRowFactory(tv -> new TableRow<>() {
            {
                // drop files (or artifacts dragged from another task) on a task to upload them to it
                setOnDragOver(e -> {
                    if (getItem() != null && taskDrop != null && e.getDragboard().hasFiles()) e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
                    e.consume();
                });
                setOnDragDropped(e -> {
                    var db = e.getDragboard();
                    if (getItem() == null || taskDrop == null || !db.hasFiles()) return;
                    java.util.List<String> names = new java.util.ArrayList<>();
                    Object keys = db.getContent(ARTIFACT_KEYS);
                    if (keys instanceof String s && !s.isEmpty()) names.addAll(java.util.List.of(s.split("\n")));
                    taskDrop.dropped(getItem(), db.getFiles().stream().map(java.io.File::toPath).toList(), names);
                    e.setDropCompleted(true);
                    e.consume();
                });
            }

            @Override
            protected void updateItem(Task item, boolean empty) {
                super.updateItem(item, empty);
                // Page in more when a row near the end is shown: smooth scrolling without loading everything.
                if (!empty && getIndex() >= tv.getItems().size() - 30) vm.loadMore();
                setTooltip(empty || item == null ? null : new Tooltip(item.name() + "\n" + item.id()));
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t != null && !syncing) vm.selectTask(t);
        });
        // several tasks (Ctrl/Shift) are compared where a view knows how (debug samples); the last one is shown
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<Task>) c ->
                vm.selectTasks(List.copyOf(table.getSelectionModel().getSelectedItems().filtered(java.util.Objects::nonNull))));
        vm.selectedTaskProperty().addListener((o, a, t) -> {
            if (t != null && table.getSelectionModel().getSelectedItem() != t) {
                syncing = true;
                // chosen elsewhere: that task alone (select() would add it to a multiple selection)
                table.getSelectionModel().clearSelection();
                table.getSelectionModel().select(t);
                syncing = false;
            }
        });
        table.setPlaceholder(new Label(""));
        StatusPane tasksPane = new StatusPane("mdi2f-format-list-bulleted");
        tasksPane.setContent(table);
        tasksPane.stateProperty().bind(vm.tasksStateProperty());
        tasksPane.messageProperty().bind(vm.tasksMessageProperty());
        Label more = new Label();
        more.setId("taskCount");
        more.getStyleClass().add("text-muted");
        more.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> BrowserViewModel.countText(vm.tasks().size(), vm.tasksTotalProperty().get(), vm.hasMoreProperty().get())
                        + (vm.loadingMoreProperty().get() ? " · loading…" : ""),
                vm.tasks(), vm.hasMoreProperty(), vm.loadingMoreProperty(), vm.tasksTotalProperty()));
        more.setPadding(new Insets(2, 8, 4, 8));
        VBox tasksBox = new VBox(searchBar, tasksPane, more);
        VBox.setVgrow(tasksPane, Priority.ALWAYS);

        getItems().addAll(treePane, tasksBox);
        setDividerPositions(0.35);
    }

    private static final List<String> STATUSES = List.of("created", "queued", "in_progress", "stopped", "completed", "failed", "published");
    private static final List<String> TYPES = List.of("training", "testing", "inference", "data_processing", "application",
            "monitor", "controller", "optimizer", "service", "qc", "custom");

    /** Status and type check items, tag and user fields: applied on the server, like the search. */
    private javafx.scene.control.MenuButton filterMenu() {
        javafx.scene.control.MenuButton b = new javafx.scene.control.MenuButton(null, Icons.icon("mdi2f-filter-outline"));
        b.setId("taskFilter");
        b.setTooltip(new Tooltip("Filter tasks by status, type, tag, user"));
        b.setAccessibleText("Filter tasks");
        List<javafx.scene.control.CheckMenuItem> statusItems = new java.util.ArrayList<>();
        List<javafx.scene.control.CheckMenuItem> typeItems = new java.util.ArrayList<>();
        TextField tag = new TextField();
        tag.setPromptText("tag");
        TextField user = new TextField();
        user.setPromptText("user id");
        Runnable apply = () -> {
            vm.filter(statusItems.stream().filter(javafx.scene.control.CheckMenuItem::isSelected).map(i -> (String) i.getUserData()).toList(),
                    typeItems.stream().filter(javafx.scene.control.CheckMenuItem::isSelected).map(i -> (String) i.getUserData()).toList(),
                    tag.getText().isBlank() ? List.of() : List.of(tag.getText().strip()),
                    user.getText().isBlank() ? List.of() : List.of(user.getText().strip()));
            b.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("active"), vm.isFiltered());
            b.setStyle(vm.isFiltered() ? "-fx-text-fill: -color-accent-fg;" : "");
        };
        javafx.scene.control.Menu status = new javafx.scene.control.Menu("Status");
        for (String s : STATUSES) {
            javafx.scene.control.CheckMenuItem i = new javafx.scene.control.CheckMenuItem(s.replace('_', ' '));
            i.setUserData(s);
            i.setOnAction(e -> apply.run());
            statusItems.add(i);
            status.getItems().add(i);
        }
        javafx.scene.control.Menu type = new javafx.scene.control.Menu("Type");
        for (String t : TYPES) {
            javafx.scene.control.CheckMenuItem i = new javafx.scene.control.CheckMenuItem(t.replace('_', ' '));
            i.setUserData(t);
            i.setOnAction(e -> apply.run());
            typeItems.add(i);
            type.getItems().add(i);
        }
        tag.setOnAction(e -> apply.run());
        user.setOnAction(e -> apply.run());
        javafx.scene.control.CustomMenuItem tagItem = new javafx.scene.control.CustomMenuItem(tag, false);
        javafx.scene.control.CustomMenuItem userItem = new javafx.scene.control.CustomMenuItem(user, false);
        javafx.scene.control.MenuItem clear = new javafx.scene.control.MenuItem("Clear filters");
        clear.setOnAction(e -> {
            statusItems.forEach(i -> i.setSelected(false));
            typeItems.forEach(i -> i.setSelected(false));
            tag.clear();
            user.clear();
            apply.run();
        });
        b.getItems().addAll(status, type, new javafx.scene.control.SeparatorMenuItem(), tagItem, userItem,
                new javafx.scene.control.SeparatorMenuItem(), clear);
        return b;
    }

    private static String orUnknown(String s) {
        return s == null ? "—" : s;
    }

    /** The first 8 characters of a ClearML id (32 hex digits): enough to tell tasks apart at a glance; the row's tooltip has it whole. */
    static String shortId(String id) {
        return id == null ? "—" : id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** Restores the user's columns (shown, widths, order) from {@code prefs} and keeps them there. */
    public void rememberColumns(java.util.prefs.Preferences prefs) {
        dev.vitrine.ui.common.ColumnMemory.attach(table, prefs);
    }

    private static TableColumn<Task, String> column(String title, String field, Function<Task, String> value, double width) {
        TableColumn<Task, String> c = new TableColumn<>(title);
        c.setId("task-column-" + field);
        c.setUserData(field);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    public TableView<Task> table() {
        return table;
    }

    private void rebuildTree() {
        syncing = true;
        TreeItem<NavNode> root = new TreeItem<>();
        for (ProjectTree t : vm.trees()) root.getChildren().add(item(t, true));
        tree.setRoot(root);
        syncing = false;
        selectInTree(vm.selectedNodeProperty().get());
    }

    private TreeItem<NavNode> item(ProjectTree t, boolean expanded) {
        TreeItem<NavNode> i = new TreeItem<>(t.node());
        i.setExpanded(expanded);
        for (ProjectTree c : t.children()) i.getChildren().add(item(c, false));
        return i;
    }

    private void selectInTree(NavNode n) {
        if (n == null) return;
        TreeItem<NavNode> found = find(tree.getRoot(), n);
        if (found != null && tree.getSelectionModel().getSelectedItem() != found) {
            syncing = true;
            for (TreeItem<NavNode> p = found.getParent(); p != null; p = p.getParent()) p.setExpanded(true);
            tree.getSelectionModel().select(found);
            syncing = false;
        }
    }

    private static TreeItem<NavNode> find(TreeItem<NavNode> at, NavNode n) {
        if (at == null) return null;
        if (n.equals(at.getValue())) return at;
        for (TreeItem<NavNode> c : at.getChildren()) {
            TreeItem<NavNode> f = find(c, n);
            if (f != null) return f;
        }
        return null;
    }

    private static final class NavCell extends TreeCell<NavNode> {
        @Override
        protected void updateItem(NavNode item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            String icon = !item.isWorkspace() ? Icons.PROJECT
                    : item.workspace().kind() == Workspace.Kind.DEMO ? Icons.DEMO
                    : item.workspace().kind() == Workspace.Kind.SERVER ? Icons.SERVER : Icons.OFFLINE;
            Long count = item.taskCount();
            setText(item.label() + (count == null ? "" : "  (" + count + ")"));
            setGraphic(Icons.icon(icon));
            getStyleClass().removeAll("workspace-node");
            if (item.isWorkspace()) getStyleClass().add("workspace-node");
        }
    }
}
