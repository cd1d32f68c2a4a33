package dev.vitrine.ui.shell;

import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
