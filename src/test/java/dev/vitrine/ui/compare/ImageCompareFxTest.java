package dev.vitrine.ui.compare;

import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
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

/** The image compare view in a real (headless) window: the swipe shows A left of the handle and B right. */
@ExtendWith(ApplicationExtension.class)
class ImageCompareFxTest {
    private final ExecutorService bg = Executors.newFixedThreadPool(2);
    private CompareViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new CompareViewModel(new Async(bg, Platform::runLater));
        stage.setScene(new Scene(new StackPane(new CompareView(vm)), 1000, 700));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        vm.dispose();
        bg.shutdownNow();
    }

    /** The colour shown at image pixel (x, y) of the swipe pane, as 0xRRGGBB. */
    private int shownAt(Pane swipe, ImageComparePane pane, double x, double y) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            WritableImage snap = swipe.snapshot(null, null);
            double z = pane.zoom();
            return snap.getPixelReader().getArgb((int) ((x + 0.5) * z), (int) ((y + 0.5) * z)) & 0xffffff;
        }).get();
    }

    @Test
    void theSwipeHandleRevealsAOnTheLeftAndBOnTheRight(FxRobot robot) throws Exception {
        Path a = Path.of("src/test/resources/fixtures/compare/img_a.png"), b = Path.of("src/test/resources/fixtures/compare/img_b.png");
        WaitForAsyncUtils.asyncFx(() -> vm.compareFiles(a, b)).get();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == LoadState.READY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#compare-headline").queryAs(Label.class).getText()).startsWith("100 of 3,072 pixels differ");
        ImageComparePane pane = robot.lookup(".image-compare").queryAs(ImageComparePane.class);
        Pane swipe = robot.lookup("#image-swipe").queryAs(Pane.class);
        assertThat(pane.zoom()).as("fitted to the window").isGreaterThan(3);

        // B's changed block is pure red at (25, 15); A there is (4*25, 5*15, 2*40) = (100, 75, 80)
        robot.clickOn("#swipe-slider").type(KeyCode.END);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#swipe-slider").queryAs(Slider.class).getValue()).isEqualTo(1.0);
        assertThat(shownAt(swipe, pane, 25, 15)).isEqualTo(0x644b50);

        robot.type(KeyCode.HOME);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownAt(swipe, pane, 25, 15)).isEqualTo(0xff0000);

        // handle in the middle of the block's columns: A left of it, B right of it
        WaitForAsyncUtils.asyncFx(() -> pane.swipeSlider().setValue(25 / 64.0)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownAt(swipe, pane, 22, 15)).isEqualTo(0x584b4a); // A: (88, 75, 74)
        assertThat(shownAt(swipe, pane, 28, 15)).isEqualTo(0xff0000); // B

        // dragging the handle on the image moves it: B's block shows again right of it
        javafx.scene.shape.Line handle = robot.lookup("#swipe-handle").queryAs(javafx.scene.shape.Line.class);
        javafx.geometry.Point2D at = WaitForAsyncUtils.asyncFx(() -> handle.localToScreen(handle.getStartX(), 100)).get();
        robot.drag(at, javafx.scene.input.MouseButton.PRIMARY).moveBy(-5 * pane.zoom(), 0).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pane.swipeSlider().getValue()).isCloseTo(20 / 64.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(shownAt(swipe, pane, 22, 15)).isEqualTo(0xff0000);

        // the difference view lists the statistics
        robot.clickOn("#mode-difference");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<Object> stats = robot.lookup("#image-diff-stats").queryAs(TableView.class);
        assertThat(stats.getItems().toString()).contains("PSNR").contains("22.166 dB");

        // zoom is shared: scrolling in the difference view zooms the side-by-side views too
        double before = pane.zoom();
        robot.moveTo("#image-difference").scroll(2, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pane.zoom()).isNotEqualTo(before);
        robot.clickOn("#mode-side-by-side");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.image.ImageView left = (javafx.scene.image.ImageView) robot.lookup("#image-a").queryAs(Pane.class).getChildren().get(0);
        javafx.scene.image.ImageView right = (javafx.scene.image.ImageView) robot.lookup("#image-b").queryAs(Pane.class).getChildren().get(0);
        assertThat(left.getFitWidth()).isEqualTo(64 * pane.zoom()).isEqualTo(right.getFitWidth());
        assertThat(left.getLayoutX()).isEqualTo(right.getLayoutX());
    }
}
