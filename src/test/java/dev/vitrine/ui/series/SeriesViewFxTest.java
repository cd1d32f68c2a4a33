package dev.vitrine.ui.series;

import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The drift map in a real (headless) window: computed from the button, a click selects, a double-click opens the pair. */
@ExtendWith(ApplicationExtension.class)
class SeriesViewFxTest {
    private final ExecutorService bg = Executors.newFixedThreadPool(2);
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private SeriesViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new SeriesViewModel(new Async(bg, Platform::runLater), (a, b) -> opened.add(a.label() + " -> " + b.label()));
        vm.addFiles(SeriesViewModelTest.files());
        stage.setScene(new Scene(new SeriesView(vm), 1300, 850));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        vm.dispose();
        bg.shutdownNow();
    }

    @Test
    void clickingCellsSelectsAndOpensThePairCompare(FxRobot robot) throws Exception {
        robot.clickOn("#series-compare");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == LoadState.READY);
        WaitForAsyncUtils.waitForFxEvents();
        DriftMap map = robot.lookup("#drift-map").queryAs(DriftMap.class);
        Bounds b = map.localToScreen(map.getBoundsInLocal());
        double cw = Math.max(DriftMap.MIN_CELL, Math.min(90, (map.getWidth() - DriftMap.LABEL - 16) / 4));
        // first row (enc.0.weight), third snapshot column
        double x = b.getMinX() + DriftMap.LABEL + 2.5 * cw, y = b.getMinY() + DriftMap.HEADER + DriftMap.ROW / 2;
        robot.moveTo(new javafx.geometry.Point2D(x, y)).clickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selectedProperty().get().name()).isEqualTo("enc.0.weight");
        robot.doubleClickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(opened).contains("snap1.safetensors -> snap2.safetensors");
    }
}
