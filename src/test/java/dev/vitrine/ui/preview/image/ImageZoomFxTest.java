package dev.vitrine.ui.preview.image;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.image.ImageContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.FxAsync;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Zoom as in ImageJ/GIMP, measured on the rendered canvas: crisp blocks above 100%, a grid from 8x,
 * the wheel zooms about the pointer, an image opens at Fit or 100%, the readout follows the pointer.
 */
@ExtendWith(ApplicationExtension.class)
class ImageZoomFxTest {

    private final StackPane host = new StackPane();
    private final List<PreviewContent> opened = new ArrayList<>();
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("vitrine-zoom");
        // TestFX hands every class the same stage: an earlier test may have sized it or set a minimum
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.setScene(new Scene(host, 800, 600));
        stage.sizeToScene();
        stage.show();
    }

    @AfterEach
    void close() {
        opened.forEach(PreviewContent::close);
    }

    private ImageViewer open(BufferedImage img, String name, FxRobot robot) throws Exception {
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        PreviewContent c = StandardReaders.previewers().open(f);
        opened.add(c);
        ImageViewer[] v = new ImageViewer[1];
        robot.interact(() -> {
            v[0] = new ImageViewer((ImageContent) c, FxAsync.create());
            host.getChildren().setAll(v[0]);
        });
        waitUntil(() -> v[0].viewModel().overviewProperty().get() != null && v[0].canvas().getWidth() > 0);
        return v[0];
    }

    private static void waitUntil(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static WritableImage snapshot(ImageViewer v, FxRobot robot) {
        WritableImage[] out = new WritableImage[1];
        robot.interact(() -> out[0] = v.canvas().snapshot(null, null));
        return out[0];
    }

    /** Screen x of the left edge of image column i. */
    private static double screenX(ImageViewer v, double i) {
        return (i - v.viewModel().originXProperty().get()) * v.viewModel().zoomProperty().get();
    }

    private static double screenY(ImageViewer v, double j) {
        return (j - v.viewModel().originYProperty().get()) * v.viewModel().zoomProperty().get();
    }

    private static BufferedImage checkerboard(int n) {
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) img.setRGB(x, y, (x + y) % 2 == 0 ? 0x000000 : 0xffffff);
        return img;
    }

    @Test
    void aboveHundredPercentPixelsAreCrispBlocksWithAGridFromEightTimes(FxRobot robot) throws Exception {
        ImageViewer v = open(checkerboard(6), "checker.png", robot);
        robot.interact(() -> v.viewModel().setZoom(32));
        WritableImage shot = snapshot(v, robot);
        PixelReader px = shot.getPixelReader();
        for (int j = 0; j < 6; j++) {
            for (int i = 0; i < 6; i++) {
                double expected = (i + j) % 2 == 0 ? 0 : 1;
                int left = (int) Math.ceil(screenX(v, i)), top = (int) Math.ceil(screenY(v, j));
                // 3 screen pixels in from each corner of the block: a smoothed scale blends the neighbours in here
                for (int[] d : new int[][] {{3, 3}, {28, 3}, {3, 28}, {28, 28}, {16, 16}}) {
                    Color c = px.getColor(left + d[0], top + d[1]);
                    assertThat(c.getRed()).as("pixel (%d,%d) at +%d,+%d", i, j, d[0], d[1]).isCloseTo(expected, within(0.02));
                }
            }
        }
        // the grid: the boundary between two blocks differs from both of them
        int boundary = (int) Math.floor(screenX(v, 3));
        int midRow = (int) (screenY(v, 2) + 16);
        Color line = px.getColor(boundary, midRow);
        assertThat(line.getRed()).isBetween(0.1, 0.9);

        robot.interact(() -> v.viewModel().setZoom(4));
        PixelReader small = snapshot(v, robot).getPixelReader();
        int b4 = (int) Math.round(screenX(v, 3)), row4 = (int) (screenY(v, 2) + 2);
        // below 8x no grid: the boundary pixel is the block's own colour
        assertThat(small.getColor(b4, row4).getRed()).isCloseTo(1.0, within(0.02)); // (3,2) is white
        assertThat(small.getColor(b4 - 1, row4).getRed()).isCloseTo(0.0, within(0.02)); // (2,2) is black
    }

    @Test
    void opensAtHundredPercentWhenItFitsElseAtFit(FxRobot robot) throws Exception {
        ImageViewer small = open(checkerboard(20), "small.png", robot);
        assertThat(small.viewModel().zoomProperty().get()).isEqualTo(1.0);
        // centred
        assertThat(screenX(small, 0) + screenX(small, 20)).isCloseTo(small.canvas().getWidth(), within(1.0));

        BufferedImage wide = new BufferedImage(3000, 500, BufferedImage.TYPE_INT_RGB);
        ImageViewer big = open(wide, "wide.png", robot);
        double fit = Math.min(big.canvas().getWidth() / 3000, big.canvas().getHeight() / 500);
        assertThat(big.viewModel().zoomProperty().get()).isCloseTo(fit, within(1e-9));
        Label zoom = robot.lookup("#image-zoom").queryAs(Label.class);
        assertThat(zoom.getText()).isEqualTo(Math.round(fit * 100) + "%");
    }

    @Test
    void theWheelZoomsAboutThePointerAndTheReadoutFollowsIt(FxRobot robot) throws Exception {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) for (int x = 0; x < 400; x++) img.setRGB(x, y, ((x & 0xff) << 16) | ((y & 0xff) << 8) | (x >> 8));
        ImageViewer v = open(img, "gradient.png", robot);
        ImageViewModel vm = v.viewModel();
        // zoomed in and scrolled, so that the image overflows the view on every side at every zoom below
        // (which way the robot's wheel turns is the platform's business: either way the pixel stays)
        robot.interact(() -> {
            vm.setZoom(6);
            vm.scrollTo(120, 90);
        });
        Point2D local = new Point2D(237, 181);
        int ix = vm.imageX(local.getX()), iy = vm.imageY(local.getY());
        robot.moveTo(v.canvas().localToScreen(local));
        Label pixel = robot.lookup("#image-pixel").queryAs(Label.class);
        String expected = "x " + ix + ", y " + iy + ": (" + (ix & 0xff) + ", " + (iy & 0xff) + ", " + (ix >> 8) + ")";
        waitUntil(() -> pixel.getText().equals(expected));

        double before = vm.zoomProperty().get();
        robot.scroll(2, VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.zoomProperty().get()).isNotEqualTo(before);
        assertThat(vm.imageX(local.getX())).isEqualTo(ix);
        assertThat(vm.imageY(local.getY())).isEqualTo(iy);
        robot.scroll(1, VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.imageX(local.getX())).isEqualTo(ix);
        assertThat(vm.imageY(local.getY())).isEqualTo(iy);

        // the readout follows the pointer as it moves
        Point2D other = local.add(40, -25);
        int ox = vm.imageX(other.getX()), oy = vm.imageY(other.getY());
        robot.moveTo(v.canvas().localToScreen(other));
        String expected2 = "x " + ox + ", y " + oy + ": (" + (ox & 0xff) + ", " + (oy & 0xff) + ", " + (ox >> 8) + ")";
        waitUntil(() -> pixel.getText().equals(expected2));
    }
}
