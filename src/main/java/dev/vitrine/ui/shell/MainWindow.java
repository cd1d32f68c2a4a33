package dev.vitrine.ui.shell;

import dev.vitrine.workspace.StoredFile;
import dev.vitrine.ui.artifacts.DetailView;
import dev.vitrine.ui.artifacts.TaskView;
import dev.vitrine.ui.browser.NavigatorView;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.Icons;
import dev.vitrine.ui.common.SideWidths;
import dev.vitrine.ui.preview.PreviewPane;
import dev.vitrine.ui.preview.Viewers;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
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
    private final PanelWindows panels;
    private final FileDrops drops;
    private final WindowActions actions;
    private final ImportWindow imports;
    private final SplitPane main;
    private final SideWidths sides;
    private final SideWidths rows;

    /** The smallest window in which every pane still works (the task list, the tabs' rows, the preview's controls). */
    public static final double MIN_WIDTH = 900;
    public static final double MIN_HEIGHT = 600;

    public MainWindow(MainViewModel vm, Viewers viewers, Async async, Consumer<Path> openFolder, ServerAccess servers, Consumer<String> openUri,
                      StoragePanels panels) {
        this.vm = vm;
        this.panels = new PanelWindows(panels, vm::toggleTheme);
        this.servers = servers;
        this.openUri = openUri;
        getStyleClass().add("main-window");
        navigator = new NavigatorView(vm.browser());
        taskView = new TaskView(vm.task(), openUri);
        detail = new DetailView(vm.task(), openFolder, vm::report, vm::goToTask);
        PreviewPane preview = new PreviewPane(vm.preview(), viewers, async);
        preview.setOnCheckSetup(() -> this.panels.showDoctor(window(), getScene()));
        imports = new ImportWindow(panels, vm, this::window, this::getScene);
        drops = new FileDrops(vm, taskView, this::window, imports::offer);
        actions = new WindowActions(actions());

        SplitPane centre = new SplitPane(taskView, preview);
        centre.setOrientation(javafx.geometry.Orientation.VERTICAL);
        main = new SplitPane(navigator, centre, detail);
        // the side panes keep the width the user gave them (in pixels) and give way only while the
        // window is too small for them and more than half of it for the artifacts and the preview
        sides = SideWidths.install(main, navigator, 360, detail, 280, 0.55);
        // the artifacts and models keep room for several rows above the preview
        rows = SideWidths.install(centre, taskView, 320, null, 0, 0.5);

        setTop(new VBox(menuBar(), toolBar()));
        setCenter(main);
        setBottom(statusBar());
        drops.install(this);
        navigator.table().getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        navigator.setOnTaskDrop((task, files, names) -> vm.uploadToTask(task, files, names, upload -> {
            UploadDialogs.show(window(), upload, vm);
        }));
    }

    /** Every command of the window, in menu order: the menu bar, the toolbar and the F1 sheet are made from it. */
    private List<WindowAction> actions() {
        String file = "_File";
        String edit = "_Edit";
        String view = "_View";
        return List.of(
                WindowAction.of(file, 0, "Connect to a ClearML server…", "Shortcut+K", this::showConnect).withButton(Icons.SERVER, false),
                WindowAction.of(file, 1, "Open offline session…", "Shortcut+O", this::chooseSessionFiles).withButton(Icons.OFFLINE, false),
                WindowAction.of(file, 1, "Open session folder…", "Shortcut+Shift+O", this::chooseSessionFolder),
                WindowAction.of(file, 1, "Open demo workspace", "Shortcut+D", vm::openDemo).withButton(Icons.DEMO, false),
                WindowAction.of(file, 1, "Import offline session to server…", "Shortcut+I", imports::choose),
                WindowAction.of(file, 2, "Save artifact as…", "Shortcut+S", this::saveAs),
                WindowAction.of(file, 2, "Download all artifacts of the selected tasks…", "Shortcut+Shift+S", this::downloadAll),
                WindowAction.of(file, 3, "Refresh", "F5", vm::refresh).withButton(Icons.REFRESH, false),
                WindowAction.of(file, 4, "Quit", "Shortcut+Q", () -> getScene().getWindow().hide()),
                WindowAction.of(edit, 0, "Find task", "Shortcut+F", navigator::focusSearch),
                WindowAction.of(edit, 0, "Copy file path", "Shortcut+Shift+C", () -> detail.copyPath(vm::report)),
                WindowAction.of(edit, 0, "Go to artifacts", "Shortcut+1", () -> taskView.artifactTable().requestFocus()),
                WindowAction.of(edit, 0, "Go to tasks", "Shortcut+2", () -> navigator.table().requestFocus()),
                WindowAction.of(edit, 1, "Pin for compare", "Shortcut+P", () -> vm.pin(vm.task().selectionProperty().get())),
                WindowAction.of(edit, 1, "Compare (two selected, or with the pinned one)", "Shortcut+Shift+D",
                        () -> CompareWindow.compareSelection(window(), getScene(), taskView, vm)).withButton("mdi2c-compare-horizontal", false),
                WindowAction.of(edit, 1, "Compare as a series (selected, in order)", "Shortcut+Shift+E",
                        () -> SeriesWindow.open(window(), getScene(), "Series compare", taskView.selectedItems(), vm)),
                WindowAction.of(edit, 1, "Compare all checkpoints of this task", "Shortcut+Alt+E",
                        () -> SeriesWindow.taskCheckpoints(window(), getScene(), vm)),
                WindowAction.of(edit, 1, "Compare versions of this model over time", "Shortcut+Shift+R",
                        () -> SeriesWindow.versionsOfSelectedModel(window(), getScene(), vm)),
                WindowAction.of(edit, 2, "Upload files to the task…", "Shortcut+U", drops::chooseAndUpload),
                WindowAction.of(edit, 2, "Paste files as artifacts", "Shortcut+V", drops::paste),
                WindowAction.of(view, 0, "Transfers", "Shortcut+J", () -> panels.showTransfers(window(), getScene())),
                WindowAction.of(view, 0, "Cache", "Shortcut+Shift+J", () -> panels.showCache(window(), getScene())),
                WindowAction.of(view, 0, "Models browser", "Shortcut+Shift+M", () -> SeriesWindow.models(window(), getScene(), vm)),
                WindowAction.of(view, 1, "Dark theme", "Shortcut+T", vm::toggleTheme).toggling(vm.darkProperty()).withButton(Icons.DARK, true),
                WindowAction.of("_Help", 0, "Keyboard shortcuts", "F1", () -> actions.showShortcuts(window(), vm::toggleTheme)),
                WindowAction.of("_Help", 0, "Check setup…", "Shortcut+Shift+H", () -> panels.showDoctor(window(), getScene())));
    }

    private MenuBar menuBar() {
        Menu profiles = new Menu("Server profiles");
        // the names are read from disk in the background, never while the menu opens
        profiles.getItems().add(new MenuItem("(none)"));
        vm.profileNames().addListener((javafx.collections.ListChangeListener<String>) c -> fillProfiles(profiles));
        profiles.setOnShowing(e -> vm.refreshProfiles(servers));
        vm.refreshProfiles(servers);
        // the profiles follow Connect, before the first separator
        MenuBar bar = actions.menuBar(java.util.Map.of());
        bar.getMenus().get(0).getItems().add(1, profiles);
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

    private void showConnect() {
        ConnectWindow.show(window(), getScene(), servers, vm);
    }

    private ToolBar toolBar() {
        Label title = new Label("Vitrine");
        title.getStyleClass().addAll("title-4", "app-title");
        java.util.Map<String, Button> buttons = new java.util.HashMap<>();
        ToolBar bar = actions.toolBar(title, buttons);
        Button theme = buttons.get("Dark theme");
        vm.darkProperty().addListener((o, a, d) -> theme.setGraphic(Icons.icon(d ? Icons.LIGHT : Icons.DARK)));
        return bar;
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

    private void chooseSessionFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open ClearML offline session");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Offline session (*.zip, task.json)", "*.zip", "task.json"));
        List<File> files = fc.showOpenMultipleDialog(window());
        if (files != null) {
            vm.openSessions(files.stream().map(f -> f.getName().equals("task.json") ? f.getParentFile().toPath() : f.toPath()).toList());
        }
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

    /** Keeps {@code stage} at least as large as the window needs for every pane to work. */
    public static void keepUsable(javafx.stage.Stage stage) {
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
    }

    /** Remembers the side panes' widths and the artifacts' height between runs. */
    public void rememberPanes(java.util.prefs.Preferences prefs) {
        sides.remember(prefs.node("sides"));
        rows.remember(prefs.node("rows"));
    }

    SplitPane mainSplit() {
        return main;
    }

    SideWidths sideWidths() {
        return sides;
    }

    /** The commands as the menu, toolbar and F1 sheet show them (for the UI tests). */
    WindowActions windowActions() {
        return actions;
    }

    public NavigatorView navigator() {
        return navigator;
    }

    public TaskView taskView() {
        return taskView;
    }
}
