package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.ui.common.Async;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A shortcut declared once shows in the menu, on the toolbar button's tip and runs the same handler from both. */
@ExtendWith(ApplicationExtension.class)
class WindowActionsFxTest {

    @Start
    void start(Stage stage) {
        // the toolkit is up; nothing to show
    }

    @Test
    void menuToolbarAndShortcutSheetComeFromTheSameActions() throws Exception {
        AtomicInteger refreshed = new AtomicInteger();
        SimpleBooleanProperty dark = new SimpleBooleanProperty();
        WindowActions actions = new WindowActions(List.of(
                WindowAction.of("_File", 0, "Open…", "Shortcut+O", () -> {}),
                WindowAction.of("_File", 1, "Refresh", "F5", refreshed::incrementAndGet).withButton("mdi2r-refresh", false),
                WindowAction.of("_View", 0, "Dark theme", "Shortcut+T", () -> dark.set(!dark.get())).toggling(dark).withButton("mdi2w-weather-night", true)));
        Map<String, Button> buttons = new HashMap<>();
        WaitForAsyncUtils.waitForAsyncFx(30_000, () -> {
            MenuBar bar = actions.menuBar(Map.of());
            assertThat(bar.getMenus()).extracting(m -> m.getText()).containsExactly("_File", "_View");
            List<MenuItem> file = bar.getMenus().get(0).getItems();
            assertThat(file).hasSize(3);
            assertThat(file.get(1)).isInstanceOf(SeparatorMenuItem.class);
            assertThat(file.get(2).getAccelerator()).isEqualTo(KeyCombination.keyCombination("F5"));
            file.get(2).fire();
            CheckMenuItem theme = (CheckMenuItem) bar.getMenus().get(1).getItems().get(0);
            theme.setSelected(true);
            assertThat(dark.get()).isTrue();

            ToolBar tools = actions.toolBar(new Label("Vitrine"), buttons);
            assertThat(buttons.get("Refresh").getTooltip().getText()).isEqualTo("Refresh (F5)");
            assertThat(buttons.get("Dark theme").getTooltip().getText()).isEqualTo("Dark theme (" + WindowActions.keys("Shortcut+T") + ")");
            // the end button is the last item, after the space that grows
            assertThat(tools.getItems().get(tools.getItems().size() - 1)).isSameAs(buttons.get("Dark theme"));
            buttons.get("Refresh").fire();
            return null;
        });
        assertThat(refreshed.get()).isEqualTo(2);
    }

    @Test
    void importAndCheckSetupAreInTheWindowsMenuAndShortcutSheetWithTheirKeys(@TempDir Path tmp) throws Exception {
        ExecutorService background = Executors.newCachedThreadPool();
        try (Services services = Services.create(tmp.resolve("cache"))) {
            WaitForAsyncUtils.waitForAsyncFx(30_000, () -> {
                MainWindow window = VitrineApp.wire(services, new Async(background, Platform::runLater), d -> {}).window();
                MenuBar bar = (MenuBar) ((VBox) window.getTop()).getChildren().get(0);
                assertThat(item(bar, "_File", "Import offline session to server…").getAccelerator())
                        .isEqualTo(KeyCombination.keyCombination("Shortcut+I"));
                assertThat(item(bar, "_Help", "Check setup…").getAccelerator())
                        .isEqualTo(KeyCombination.keyCombination("Shortcut+Shift+H"));

                List<String> sheet = rows(window.windowActions().shortcutSheet());
                assertThat(sheet).contains(WindowActions.keys("Shortcut+I") + " = Import offline session to server",
                        WindowActions.keys("Shortcut+Shift+H") + " = Check setup");
                return null;
            });
        } finally {
            background.shutdownNow();
        }
    }

    private static MenuItem item(MenuBar bar, String menu, String label) {
        Menu m = bar.getMenus().stream().filter(x -> x.getText().equals(menu)).findFirst().orElseThrow();
        return m.getItems().stream().filter(i -> label.equals(i.getText())).findFirst()
                .orElseThrow(() -> new AssertionError(label + " is not in " + menu));
    }

    /** "keys = what" for each row of the sheet. */
    private static List<String> rows(GridPane grid) {
        Map<Integer, List<String>> cells = new java.util.TreeMap<>();
        for (Node n : grid.getChildren()) {
            Integer row = GridPane.getRowIndex(n);
            cells.computeIfAbsent(row == null ? 0 : row, r -> new ArrayList<>()).add(((Label) n).getText());
        }
        return cells.values().stream().map(c -> String.join(" = ", c)).toList();
    }
}
