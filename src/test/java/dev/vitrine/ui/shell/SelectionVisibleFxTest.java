package dev.vitrine.ui.shell;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** In both themes the selected row stands out from its neighbours, and a tinted (changed) row still shows it is selected. */
@ExtendWith(ApplicationExtension.class)
class SelectionVisibleFxTest {

    private Scene scene;
    private TableView<String> table;

    @Start
    void start(Stage stage) {
        table = new TableView<>();
        TableColumn<String, String> c = new TableColumn<>("name");
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(x.getValue()));
        c.setPrefWidth(300);
        table.getColumns().add(c);
        table.getItems().setAll("checkpoint_ep05", "checkpoint_ep10", "checkpoint_ep15", "checkpoint_ep20");
        scene = new Scene(table, 320, 200);
        stage.setScene(scene);
        stage.show();
    }

    @AfterAll
    static void light() {
        javafx.application.Platform.runLater(() -> Application.setUserAgentStylesheet(null));
    }

    private double contrast(FxRobot robot, boolean dark) {
        robot.interact(() -> {
            Theme.apply(scene, dark);
            table.getSelectionModel().select(1);
            table.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
        double[] c = new double[1];
        robot.interact(() -> {
            WritableImage img = table.snapshot(null, null);
            var rows = table.lookupAll(".table-row-cell").stream().map(n -> (javafx.scene.control.TableRow<?>) n)
                    .filter(r -> r.getIndex() == 0 || r.getIndex() == 1).toList();
            Color[] colours = new Color[2];
            for (var r : rows) {
                var b = table.sceneToLocal(r.localToScene(r.getBoundsInLocal()));
                colours[r.getIndex()] = img.getPixelReader().getColor((int) (b.getMinX() + b.getWidth() - 8), (int) (b.getMinY() + b.getHeight() / 2));
            }
            c[0] = Math.abs(luminance(colours[0]) - luminance(colours[1]))
                    + Math.abs(colours[0].getHue() - colours[1].getHue()) / 360 * colours[1].getSaturation();
        });
        return c[0];
    }

    private static double luminance(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }

    @Test
    void theSelectedRowStandsOutInLightAndDark(FxRobot robot) {
        double light = contrast(robot, false);
        double dark = contrast(robot, true);
        assertThat(light).as("light theme").isGreaterThan(0.2);
        assertThat(dark).as("dark theme").isGreaterThan(0.2);
    }
}
