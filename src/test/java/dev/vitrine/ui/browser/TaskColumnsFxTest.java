package dev.vitrine.ui.browser;

import dev.vitrine.testutil.FxAsync;
import dev.vitrine.workspace.Task;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** Tasks named alike can be told apart (short id, user, last update shown), and the user's columns come back next time. */
@ExtendWith(ApplicationExtension.class)
class TaskColumnsFxTest {

    private final Preferences prefs = Preferences.userRoot().node("vitrine-test/task-columns-" + System.nanoTime());
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void forget() throws Exception {
        prefs.removeNode();
    }

    private NavigatorView show(FxRobot robot) {
        NavigatorView[] v = new NavigatorView[1];
        robot.interact(() -> {
            v[0] = new NavigatorView(new BrowserViewModel(FxAsync.create()));
            v[0].rememberColumns(prefs);
            stage.setScene(new Scene(v[0], 900, 600));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return v[0];
    }

    private static List<String> visible(NavigatorView v) {
        return v.table().getColumns().stream().filter(TableColumn::isVisible).map(TableColumn::getText).toList();
    }

    @Test
    void defaultColumnsTellTasksApartAndTheUsersChoiceIsKept(FxRobot robot) {
        NavigatorView v = show(robot);
        assertThat(visible(v)).containsExactly("Name", "Status", "Type", "User", "Last update", "ID");
        assertThat(NavigatorView.shortId("4f1c0b9e2a7d4c3f8e6b5a4d3c2b1a09")).isEqualTo("4f1c0b9e");
        for (TableColumn<Task, ?> c : v.table().getColumns()) assertThat(c.getWidth()).as(c.getText()).isGreaterThanOrEqualTo(56);

        robot.interact(() -> {
            TableColumn<Task, ?> type = v.table().getColumns().get(2);
            v.table().resizeColumn(type, 40);
            v.table().getColumns().get(3).setVisible(false); // User
            v.table().getColumns().stream().filter(c -> c.getText().equals("Started")).findFirst().orElseThrow().setVisible(true);
            TableColumn<Task, ?> id = v.table().getColumns().remove(5);
            v.table().getColumns().add(1, id);
        });
        double typeWidth = v.table().getColumns().stream().filter(c -> c.getText().equals("Type")).findFirst().orElseThrow().getWidth();

        NavigatorView again = show(robot);
        assertThat(visible(again)).containsExactly("Name", "ID", "Status", "Type", "Last update", "Started");
        assertThat(again.table().getColumns().stream().filter(c -> c.getText().equals("Type")).findFirst().orElseThrow().getPrefWidth())
                .isEqualTo(typeWidth);
    }
}
