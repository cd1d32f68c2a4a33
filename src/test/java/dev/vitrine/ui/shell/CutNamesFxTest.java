package dev.vitrine.ui.shell;

import dev.vitrine.ui.common.CutTextTooltips;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Names cut to fit keep their end (checkpoint_ep05 and _ep10 stay apart) and show whole on hover. */
@ExtendWith(ApplicationExtension.class)
class CutNamesFxTest {

    @Start
    void start(Stage stage) {
        TableView<String> table = new TableView<>();
        TableColumn<String, String> c = new TableColumn<>("name");
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(x.getValue()));
        c.setPrefWidth(110);
        table.getColumns().add(c);
        table.getItems().setAll("resnet50_finetune_checkpoint_ep05", "resnet50_finetune_checkpoint_ep10");
        Scene scene = new Scene(table, 300, 200);
        Theme.apply(scene, false);
        stage.setScene(scene);
        CutTextTooltips.installEverywhere();
        stage.show();
    }

    @Test
    void cutNamesKeepTheirEndAndShowWholeOnHover(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<TableCell<?, ?>> cells = new java.util.ArrayList<>();
        for (javafx.scene.Node n : robot.lookup(".table-cell").queryAll()) {
            TableCell<?, ?> cell = (TableCell<?, ?>) n;
            if (cell.getText() != null && cell.getText().startsWith("resnet")) cells.add(cell);
        }
        assertThat(cells).hasSize(2);
        for (TableCell<?, ?> cell : cells) {
            String shown = cell.getChildrenUnmodifiable().stream().filter(n -> n instanceof Text).map(n -> ((Text) n).getText()).findFirst().orElseThrow();
            assertThat(shown).isNotEqualTo(cell.getText()).startsWith("res").endsWith(cell.getText().substring(cell.getText().length() - 2));
        }
        TableCell<?, ?> second = cells.stream().filter(cell -> cell.getText().endsWith("ep10")).findFirst().orElseThrow();
        robot.moveTo(second);
        robot.moveBy(2, 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(second.getTooltip()).isNotNull();
        assertThat(second.getTooltip().getText()).isEqualTo("resnet50_finetune_checkpoint_ep10");
    }
}
