package dev.vitrine.ui.shell;

import dev.vitrine.workspace.StoredFile;
import dev.vitrine.ui.artifacts.DetailView;
import dev.vitrine.ui.artifacts.TaskView;
import dev.vitrine.ui.browser.NavigatorView;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.Icons;
import dev.vitrine.ui.preview.PreviewPane;
import dev.vitrine.ui.preview.Viewers;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The main window: navigator on the left, the task's artifacts and models over the preview in the
 * centre, details on the right, a status bar. Offline sessions can be opened from the menu or
 * dropped anywhere on the window.
 */
public final class MainWindow extends BorderPane {

    private final MainViewModel vm;
    private final NavigatorView navigator;
    private final TaskView taskView;
    private final DetailView detail;

    private final ServerAccess servers;
    private final Consumer<String> openUri;
    private final StoragePanels panels;
    private javafx.stage.Stage transfersWindow;
    private javafx.stage.Stage cacheWindow;

    public MainWindow(MainViewModel vm, Viewers viewers, Async async, Consumer<Path> openFolder, ServerAccess servers, Consumer<String> openUri,
                      StoragePanels panels) {
        this.vm = vm;
        this.panels = panels;
        this.servers = servers;
        this.openUri = openUri;
        getStyleClass().add("main-window");
        navigator = new NavigatorView(vm.browser());
        taskView = new TaskView(vm.task(), openUri);
        detail = new DetailView(vm.task(), openFolder, vm::report, vm::goToTask);
        PreviewPane preview = new PreviewPane(vm.preview(), viewers, async);

        SplitPane centre = new SplitPane(taskView, preview);
        centre.setOrientation(javafx.geometry.Orientation.VERTICAL);
        centre.setDividerPositions(0.38);
        SplitPane main = new SplitPane(navigator, centre, detail);
        main.setDividerPositions(0.26, 0.77);
        SplitPane.setResizableWithParent(navigator, false);
        SplitPane.setResizableWithParent(detail, false);
        // the side panes keep their width as the window grows, but give way when it shrinks: the
        // artifacts and the preview keep at least half of a small window
        main.widthProperty().addListener((o, before, now) -> Async.afterLayout(() -> {
            // after the split pane's own layout, which keeps the side panes' widths
            double w = main.getWidth();
            if (w <= 0) return;
            double nav = navigator.getWidth();
            double side = detail.getWidth();
            if (w - nav - side >= 0.5 * w) return;
            main.setDividerPositions(Math.min(nav, 0.25 * w) / w, 1 - Math.min(side, 0.25 * w) / w);
        }));

        setTop(new VBox(menuBar(), toolBar()));
        setCenter(main);
        setBottom(statusBar());
        installDrop();
        installDragOut(taskView.artifactTable());
        installDragOut(taskView.modelTable());
        navigator.table().getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        navigator.setOnTaskDrop((task, files, names) -> vm.uploadToTask(task, files, names, upload -> {
            dev.vitrine.ui.upload.UploadDialog d = new dev.vitrine.ui.upload.UploadDialog(window(), upload, () -> vm.uploadsFinished(upload));
            d.show();
        }));
    }

    private MenuBar menuBar() {
        MenuItem open = item("Open offline session…", "Shortcut+O", this::chooseSessionFiles);
        MenuItem openFolder = item("Open session folder…", "Shortcut+Shift+O", this::chooseSessionFolder);
        MenuItem demo = item("Open demo workspace", "Shortcut+D", vm::openDemo);
        MenuItem connect = item("Connect to a ClearML server…", "Shortcut+K", this::showConnect);
        Menu profiles = new Menu("Server profiles");
        // the names are read from disk in the background, never while the menu opens
        profiles.getItems().add(new MenuItem("(none)"));
        vm.profileNames().addListener((javafx.collections.ListChangeListener<String>) c -> fillProfiles(profiles));
        profiles.setOnShowing(e -> vm.refreshProfiles(servers));
        vm.refreshProfiles(servers);
        MenuItem refresh = item("Refresh", "F5", vm::refresh);
        MenuItem quit = item("Quit", "Shortcut+Q", () -> getScene().getWindow().hide());
        MenuItem saveAs = item("Save artifact as…", "Shortcut+S", this::saveAs);
        MenuItem downloadAll = item("Download all artifacts of the selected tasks…", "Shortcut+Shift+S", this::downloadAll);
        Menu file = new Menu("_File", null, connect, profiles, new javafx.scene.control.SeparatorMenuItem(), open, openFolder, demo,
                new javafx.scene.control.SeparatorMenuItem(), saveAs, downloadAll,
                new javafx.scene.control.SeparatorMenuItem(), refresh,
                new javafx.scene.control.SeparatorMenuItem(), quit);

        MenuItem find = item("Find task", "Shortcut+F", navigator::focusSearch);
        MenuItem copy = item("Copy file path", "Shortcut+Shift+C", () -> detail.copyPath(vm::report));
        MenuItem artifacts = item("Go to artifacts", "Shortcut+1", () -> taskView.artifactTable().requestFocus());
        MenuItem paste = item("Paste files as artifacts", "Shortcut+V", this::pasteFiles);
        MenuItem compare = item("Compare (two selected, or with the pinned one)", "Shortcut+Shift+D", this::compare);
        MenuItem pin = item("Pin for compare", "Shortcut+P", () -> vm.pin(vm.task().selectionProperty().get()));
        MenuItem uploadFiles = item("Upload files to the task…", "Shortcut+U", this::chooseUploadFiles);
        MenuItem tasks = item("Go to tasks", "Shortcut+2", () -> navigator.table().requestFocus());
        Menu edit = new Menu("_Edit", null, find, copy, artifacts, tasks, new javafx.scene.control.SeparatorMenuItem(), pin, compare,
                new javafx.scene.control.SeparatorMenuItem(), uploadFiles, paste);

        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setAccelerator(KeyCombination.keyCombination("Shortcut+T"));
        dark.selectedProperty().bindBidirectional(vm.darkProperty());
        MenuItem transfers = item("Transfers", "Shortcut+J", this::showTransfers);
        MenuItem cache = item("Cache", "Shortcut+Shift+J", this::showCache);
        Menu view = new Menu("_View", null, transfers, cache, new javafx.scene.control.SeparatorMenuItem(), dark);

        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setAccelerator(new KeyCodeCombination(KeyCode.F1));
        keys.setOnAction(e -> shortcuts());
        Menu help = new Menu("_Help", null, keys);
        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setId("menuBar");
        return bar;
    }

    private void fillProfiles(Menu menu) {
        menu.getItems().clear();
        List<String> names = vm.profileNames();
        if (names.isEmpty()) {
            MenuItem none = new MenuItem("No saved profile: use Connect…");
            none.setDisable(true);
            menu.getItems().add(none);
        }
        for (String n : names) {
            MenuItem m = new MenuItem(n);
            m.setOnAction(e -> vm.openProfile(servers, n));
            menu.getItems().add(m);
        }
    }

    /** The Connect dialog: paste or type credentials, test, save, connect. */
    private void showConnect() {
        dev.vitrine.ui.connect.ConnectViewModel cvm = servers.newConnect();
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(window());
        stage.initModality(javafx.stage.Modality.WINDOW_MODAL);
        stage.setTitle("Connect to a ClearML server");
        javafx.scene.Scene scene = new javafx.scene.Scene(new dev.vitrine.ui.connect.ConnectView(cvm), 640, 640);
        if (getScene() != null) scene.getStylesheets().setAll(getScene().getStylesheets());
        stage.setScene(scene);
        cvm.connectedProperty().addListener((o, a, ws) -> {
            if (ws != null) {
                vm.addWorkspace(ws);
                stage.close();
            }
        });
        stage.setOnHidden(e -> cvm.cancel());
        stage.show();
    }

    private ToolBar toolBar() {
        Button open = tool(Icons.OFFLINE, "Open offline session (Ctrl+O)", this::chooseSessionFiles);
        Button demo = tool(Icons.DEMO, "Open demo workspace (Ctrl+D)", vm::openDemo);
        Button connect = tool(Icons.SERVER, "Connect to a ClearML server (Ctrl+K)", this::showConnect);
        Button refresh = tool(Icons.REFRESH, "Refresh (F5)", vm::refresh);
        Button compareButton = tool("mdi2c-compare-horizontal", "Compare two selected artifacts or models, or with the pinned one (Ctrl+Shift+D)", this::compare);
        Button theme = tool(Icons.DARK, "Light / dark theme (Ctrl+T)", vm::toggleTheme);
        vm.darkProperty().addListener((o, a, d) -> theme.setGraphic(Icons.icon(d ? Icons.LIGHT : Icons.DARK)));
        Label title = new Label("Vitrine");
        title.getStyleClass().addAll("title-4", "app-title");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        return new ToolBar(title, new Separator(), connect, open, demo, refresh, new Separator(), compareButton, grow, theme);
    }

    private Button tool(String icon, String tip, Runnable action) {
        Button b = new Button(null, Icons.icon(icon, 18));
        b.getStyleClass().add("flat");
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setAccelerator(KeyCombination.keyCombination(accelerator));
        m.setOnAction(e -> action.run());
        return m;
    }

    private HBox statusBar() {
        Label source = new Label();
        source.setId("statusSource");
        source.textProperty().bind(vm.sourceProperty());
        source.setGraphic(Icons.icon(Icons.INFO));
        Label status = new Label();
        status.setId("statusText");
        status.textProperty().bind(vm.statusProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(12, source, new Separator(javafx.geometry.Orientation.VERTICAL), status, grow);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void saveAs() {
        StoredFile item = vm.task().selectionProperty().get();
        if (item == null) {
            vm.report("Select an artifact or a model to save");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save as");
        String name = vm.task().suggestedFileName();
        if (name != null) fc.setInitialFileName(name);
        File f = fc.showSaveDialog(window());
        if (f != null) vm.saveAs(item, f.toPath());
    }

    private void downloadAll() {
        List<dev.vitrine.workspace.Task> tasks = new java.util.ArrayList<>(navigator.table().getSelectionModel().getSelectedItems());
        if (tasks.isEmpty() && vm.browser().selectedTaskProperty().get() != null) tasks.add(vm.browser().selectedTaskProperty().get());
        if (tasks.isEmpty()) {
            vm.report("Select one or more tasks (Ctrl+click) first");
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Download all artifacts of " + tasks.size() + (tasks.size() == 1 ? " task" : " tasks") + " into");
        File dir = dc.showDialog(window());
        if (dir != null) vm.downloadAll(tasks, dir.toPath());
    }

    private void showTransfers() {
        if (transfersWindow == null) transfersWindow = panelWindow("Transfers", panels.transfers(), 760, 420);
        transfersWindow.show();
        transfersWindow.toFront();
    }

    private void showCache() {
        if (cacheWindow == null) cacheWindow = panelWindow("Cache", panels.cache(), 900, 520);
        cacheWindow.show();
        cacheWindow.toFront();
    }

    private javafx.stage.Stage panelWindow(String title, javafx.scene.Parent content, double w, double h) {
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(window());
        stage.setTitle(title + " · Vitrine");
        javafx.scene.Scene scene = new javafx.scene.Scene(content, w, h);
        if (getScene() != null) scene.getStylesheets().setAll(getScene().getStylesheets());
        stage.setScene(scene);
        childKeys(stage, scene);
        return stage;
    }

    /** Esc and Ctrl+W close a child window; Ctrl+T switches the theme there as in the main window. */
    private void childKeys(javafx.stage.Stage stage, javafx.scene.Scene scene) {
        scene.getAccelerators().put(KeyCombination.keyCombination("Esc"), stage::close);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+W"), stage::close);
        scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+T"), vm::toggleTheme);
    }

    /** Dragging an artifact or model out of the window hands its local file to the desktop. */
    private void installDragOut(javafx.scene.control.TableView<? extends StoredFile> table) {
        table.setOnDragDetected(e -> {
            StoredFile item = table.getSelectionModel().getSelectedItem();
            Path file = vm.fileForDrag(item);
            if (file == null) return;
            javafx.scene.input.Dragboard db = table.startDragAndDrop(TransferMode.COPY);
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putFiles(List.of(file.toFile()));
            if (item instanceof dev.vitrine.workspace.Artifact a) c.put(NavigatorView.ARTIFACT_KEYS, a.key());
            db.setContent(c);
            e.consume();
        });
    }

    /** Files dropped on the task's artifacts become its artifacts (after the upload dialog). */
    private void openUpload(List<Path> files) {
        var upload = vm.uploadTo(files);
        if (upload == null) return;
        dev.vitrine.ui.upload.UploadDialog d = new dev.vitrine.ui.upload.UploadDialog(window(), upload, () -> vm.uploadsFinished(upload));
        d.show();
    }

    /** Ctrl+V with files on the clipboard: upload them to the selected task. */
    /**
     * Two rows selected: compare them. One row: compare it with the pinned one, or pin it first
     * (so two models of different tasks can be compared).
     */
    private void compare() {
        List<StoredFile> items = taskView.selectedItems();
        StoredFile a;
        StoredFile b;
        if (items.size() >= 2) {
            a = items.get(0);
            b = items.get(1);
        } else if (items.size() == 1 && vm.pinnedProperty().get() != null && vm.pinnedProperty().get() != items.get(0)) {
            a = vm.pinnedProperty().get();
            b = items.get(0);
        } else {
            if (!items.isEmpty()) vm.pin(items.get(0));
            else vm.report("Select two artifacts or models (Ctrl+click), or pin one and select another");
            return;
        }
        var cvm = vm.compare(a, b);
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.initOwner(window());
        stage.setTitle("Compare " + a.label() + " ↔ " + b.label());
        javafx.scene.Scene scene = new javafx.scene.Scene(new dev.vitrine.ui.compare.CompareView(cvm), 1200, 800);
        if (getScene() != null) scene.getStylesheets().setAll(getScene().getStylesheets());
        stage.setScene(scene);
        childKeys(stage, scene);
        stage.setOnHidden(e -> cvm.dispose());
        stage.show();
    }

    private void pasteFiles() {
        var cb = javafx.scene.input.Clipboard.getSystemClipboard();
        if (cb.hasFiles()) openUpload(cb.getFiles().stream().map(File::toPath).toList());
        else vm.report("The clipboard holds no files");
    }

    private void installDrop() {
        taskView.setOnDragOver(e -> {
            // not our own drag-out coming back
            Object from = e.getGestureSource();
            if (e.getDragboard().hasFiles() && from != taskView.artifactTable() && from != taskView.modelTable()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        taskView.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            openUpload(files.stream().map(File::toPath).toList());
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            vm.openSessions(files.stream().map(File::toPath).toList());
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
    }

    private void chooseSessionFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open ClearML offline session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Offline session (*.zip, task.json)", "*.zip", "task.json"));
        List<File> files = fc.showOpenMultipleDialog(window());
        if (files != null) {
            vm.openSessions(files.stream().map(f -> f.getName().equals("task.json") ? f.getParentFile().toPath() : f.toPath()).toList());
        }
    }

    private void chooseUploadFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Upload files as artifacts");
        List<File> files = fc.showOpenMultipleDialog(window());
        if (files != null) openUpload(files.stream().map(File::toPath).toList());
    }

    private void chooseSessionFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open ClearML offline session folder");
        File dir = dc.showDialog(window());
        if (dir != null) vm.openSessions(List.of(dir.toPath()));
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private void shortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(window());
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        String[][] rows = {
                {"Ctrl+K", "Connect to a ClearML server"}, {"Ctrl+O", "Open offline session (zip)"},
                {"Ctrl+Shift+O", "Open session folder"}, {"Ctrl+D", "Open the demo workspace"}, {"Ctrl+F", "Find task"},
                {"Ctrl+Shift+D", "Compare two selected (Ctrl+click) or with the pinned one"},
                {"Ctrl+P", "Pin the selection for a later compare"}, {"Ctrl+1 / Ctrl+2", "Artifacts / tasks"},
                {"Ctrl+Shift+C", "Copy the selected file path"}, {"Ctrl+S", "Save the selected artifact or model as…"},
                {"Ctrl+Shift+S", "Download all artifacts of the selected tasks"}, {"Ctrl+J", "Transfers (downloads and uploads)"},
                {"Ctrl+Shift+J", "Cache"}, {"Ctrl+U", "Upload files to the task (or drop them on its artifacts)"},
                {"Ctrl+V", "Paste copied files as artifacts"}, {"F5", "Refresh"}, {"Ctrl+T", "Light / dark theme"},
                {"Esc, Ctrl+W", "Close a Compare, Transfers or Cache window"}, {"Ctrl+Q", "Quit"},
                {"Arrows, Tab", "Move between rows and panes"}};
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setHgap(18);
        grid.setVgap(4);
        for (int r = 0; r < rows.length; r++) {
            javafx.scene.control.Label key = new javafx.scene.control.Label(rows[r][0]);
            key.setStyle("-fx-font-weight: bold;");
            key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            grid.addRow(r, key, new javafx.scene.control.Label(rows[r][1]));
        }
        a.getDialogPane().setContent(grid);
        a.getDialogPane().setMinWidth(560);
        a.show();
    }

    public NavigatorView navigator() {
        return navigator;
    }

    public TaskView taskView() {
        return taskView;
    }
}
