package dev.vitrine.ui.compare;

import dev.vitrine.compare.TensorDiff;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The compare view in a real (headless) window: tensor table, sorting by change, selecting a tensor. */
@ExtendWith(ApplicationExtension.class)
class CompareViewFxTest {
    private final ExecutorService bg = Executors.newFixedThreadPool(2);
    private CompareViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new CompareViewModel(new Async(bg, Platform::runLater));
        stage.setScene(new Scene(new StackPane(new CompareView(vm)), 1200, 800));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        vm.dispose();
        bg.shutdownNow();
    }

    @Test
    void checkpointsAreComparedSortedAndAHistogramFollowsTheSelection(FxRobot robot) throws Exception {
        Path a = Path.of("src/test/resources/fixtures/ckpt_a.pt"), b = Path.of("src/test/resources/fixtures/ckpt_b.safetensors");
        WaitForAsyncUtils.asyncFx(() -> vm.compareFiles(a, b)).get();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == LoadState.READY);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<TensorDiff> table = robot.lookup("#tensor-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(7);
        assertThat(robot.lookup("#compare-headline").queryAs(Label.class).getText()).contains("of 6 float tensors differ").contains("1 integer/other tensors differ");

        robot.clickOn("#sort-by-change");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getItems().get(0).changeScore()).isInfinite();
        assertThat(table.getItems().get(6).status()).isEqualTo(TensorDiff.Status.SAME);

        robot.clickOn("steps");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "steps".equals(vm.selectedTensorProperty().get())
                && vm.histogramsProperty().get() != null && vm.histogramsProperty().get()[0].lo() == 5.0);
        assertThat(robot.lookup("Values of steps  (A blue, B orange)").tryQuery()).isPresent();
    }
}
