package dev.vitrine.ui.shell;

import dev.vitrine.ui.common.Icons;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the menu bar, the toolbar and the F1 shortcut sheet from one list of {@link WindowAction}s,
 * so a shortcut is declared once and shown the same everywhere.
 */
final class WindowActions {

    /** Keys the sheet lists that are no command of the main window. */
    private static final String[][] OTHER_KEYS = {
            {"Esc, Ctrl+W", "Close a dialog or a Compare, Transfers or Cache window"},
            {"Arrows, Tab", "Move between rows and panes"}};

    private final List<WindowAction> actions;

    WindowActions(List<WindowAction> actions) {
        this.actions = List.copyOf(actions);
    }

    /**
     * @param extras items a menu gets first that are no command (the server profiles submenu), by menu name
     */
    MenuBar menuBar(Map<String, List<MenuItem>> extras) {
        Map<String, Menu> menus = new LinkedHashMap<>();
        Map<String, Integer> lastGroup = new LinkedHashMap<>();
        for (WindowAction a : actions) {
            Menu menu = menus.computeIfAbsent(a.menu(), name -> {
                Menu m = new Menu(name);
                m.getItems().addAll(extras.getOrDefault(name, List.of()));
                return m;
            });
            Integer last = lastGroup.put(a.menu(), a.group());
            if (last != null && last != a.group()) menu.getItems().add(new SeparatorMenuItem());
            menu.getItems().add(item(a));
        }
        MenuBar bar = new MenuBar(menus.values().toArray(Menu[]::new));
        bar.setId("menuBar");
        return bar;
    }

    private static MenuItem item(WindowAction a) {
        MenuItem m;
        if (a.selected() != null) {
            CheckMenuItem check = new CheckMenuItem(a.label());
            check.selectedProperty().bindBidirectional(a.selected());
            m = check;
        } else {
            m = new MenuItem(a.label());
            m.setOnAction(e -> a.handler().run());
        }
        if (a.accelerator() != null) m.setAccelerator(KeyCombination.keyCombination(a.accelerator()));
        return m;
    }

    /** The buttons of the actions that have an icon, in list order; separated where the menu changes. */
    ToolBar toolBar(Node title, Map<String, Button> buttons) {
        List<Node> start = new ArrayList<>(List.of(title, new Separator()));
        List<Node> end = new ArrayList<>();
        String lastMenu = null;
        for (WindowAction a : actions) {
            if (a.icon() == null) continue;
            Button b = button(a);
            buttons.put(a.label(), b);
            if (a.toolbarEnd()) {
                end.add(b);
                continue;
            }
            if (lastMenu != null && !lastMenu.equals(a.menu())) start.add(new Separator());
            lastMenu = a.menu();
            start.add(b);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        start.add(grow);
        start.addAll(end);
        return new ToolBar(start.toArray(Node[]::new));
    }

    private static Button button(WindowAction a) {
        String tip = a.label().replace("…", "") + (a.accelerator() == null ? "" : " (" + keys(a.accelerator()) + ")");
        Button b = new Button(null, Icons.icon(a.icon(), 18));
        b.getStyleClass().add("flat");
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip);
        b.setOnAction(e -> a.handler().run());
        return b;
    }

    /** The F1 sheet: every action with a shortcut, then the keys that are no command. */
    Alert showShortcuts(Window owner, Runnable toggleTheme) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        // a sheet to read beside the window, not a question: the window stays usable
        alert.initModality(javafx.stage.Modality.NONE);
        dev.vitrine.ui.common.WindowKeys.install(alert, javafx.scene.control.ButtonType.OK, toggleTheme);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts");
        GridPane grid = shortcutSheet();
        alert.getDialogPane().setContent(grid);
        alert.getDialogPane().setMinWidth(560);
        alert.show();
        return alert;
    }

    /** The sheet's rows: a bold key text and what it does. */
    GridPane shortcutSheet() {
        GridPane grid = new GridPane();
        grid.setHgap(18);
        grid.setVgap(4);
        int row = 0;
        for (WindowAction a : actions) {
            if (a.accelerator() != null) addRow(grid, row++, keys(a.accelerator()), a.label().replace("…", ""));
        }
        for (String[] other : OTHER_KEYS) addRow(grid, row++, other[0], other[1]);
        return grid;
    }

    private static void addRow(GridPane grid, int row, String keys, String what) {
        Label key = new Label(keys);
        key.setStyle("-fx-font-weight: bold;");
        key.setMinWidth(Region.USE_PREF_SIZE);
        grid.addRow(row, key, new Label(what));
    }

    /** How a shortcut is written for the user: "Ctrl+Shift+O" (the platform's own names on a Mac). */
    static String keys(String accelerator) {
        return KeyCombination.keyCombination(accelerator).getDisplayText();
    }
}
