package dev.vitrine.ui.preview.table;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.FxAsync;
import dev.vitrine.testutil.FxQuery;
import dev.vitrine.ui.preview.standard.StandardViewers;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers read as numbers: right-aligned, floats to one precision, the exact value in a tooltip and on copy. */
@ExtendWith(ApplicationExtension.class)
class FloatCellsTest {

    private PreviewContent content;
    private TableViewer viewer;

    @Start
    void start(Stage stage) throws Exception {
        Path f = Files.createTempDirectory("vitrine-floats").resolve("floats.csv");
        Files.writeString(f, "name,loss,steps\nrun-a,0.30000000000000004,12\nrun-b,1234567.891,7\nrun-c,1.5e-12,3\n");
        content = StandardReaders.previewers().open(f);
        viewer = (TableViewer) StandardViewers.create().create(content, FxAsync.create());
        stage.setScene(new Scene(viewer, 900, 400));
        stage.show();
    }

    @AfterEach
    void close() {
        content.close();
    }

    @SuppressWarnings("unchecked")
    private TableCell<Long, String> cell(FxRobot robot, String text) {
        return FxQuery.onFx(() -> robot.lookup(".table-cell").queryAll().stream().map(n -> (TableCell<Long, String>) n)
                .filter(c -> text.equals(c.getText())).findFirst().orElse(null));
    }

    @Test
    void floatsShowOnePrecisionAndKeepTheExactValue(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> viewer.viewModel().loadedProperty().get());
        // the typed columns arrive with the load; the cells are redrawn on a later pulse
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> cell(robot, "0.3") != null && cell(robot, "1234568") != null
                && cell(robot, "1.5e-12") != null && cell(robot, "12") != null);
        TableCell<Long, String> loss = cell(robot, "0.3");
        assertThat(loss.getItem()).isEqualTo("0.30000000000000004");
        assertThat(loss.getTooltip().getText()).isEqualTo("0.30000000000000004");
        assertThat(loss.getAlignment()).isEqualTo(Pos.CENTER_RIGHT);
        assertThat(cell(robot, "1234568")).isNotNull();
        assertThat(cell(robot, "1.5e-12")).isNotNull();
        // integers are right-aligned too, text is not
        assertThat(cell(robot, "12").getAlignment()).isEqualTo(Pos.CENTER_RIGHT);
        assertThat(cell(robot, "run-a").getAlignment()).isEqualTo(Pos.CENTER_LEFT);

        // copy takes the exact value, not the rounded one
        TableView<Long> table = robot.lookup(".table-view").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(0, table.getColumns().get(1)));
        robot.clickOn(loss).press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.C).release(javafx.scene.input.KeyCode.C, javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        String[] copied = new String[1];
        robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
        assertThat(copied[0]).isEqualTo("0.30000000000000004");
    }

    @Test
    void floatingTextRounds() {
        assertThat(CellText.floating("0.30000000000000004")).isEqualTo("0.3");
        assertThat(CellText.floating("-2.5")).isEqualTo("-2.5");
        assertThat(CellText.floating("100.0")).isEqualTo("100");
        assertThat(CellText.floating("nan")).isEqualTo("nan");
        assertThat(CellText.floating("inf")).isEqualTo("inf");
        assertThat(CellText.floating("3.101462e-05")).isEqualTo("3.101462e-05");
        assertThat(CellText.floating("text")).isEqualTo("text");
        assertThat(CellText.floating("12345678901234567890")).isEqualTo("1.234568e+19");
    }
}
