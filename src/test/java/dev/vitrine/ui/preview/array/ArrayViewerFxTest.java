package dev.vitrine.ui.preview.array;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
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

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The array viewer in a real (headless) window: picking an npz member, slicing, the values tab. */
@ExtendWith(ApplicationExtension.class)
class ArrayViewerFxTest {
    private final ExecutorService bg = Executors.newFixedThreadPool(2);
    private final StackPane root = new StackPane();
    private PreviewContent content;

    @Start
    void start(Stage stage) {
        // TestFX hands every class the same stage: an earlier test may have sized it or set a minimum
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.setScene(new Scene(root, 1000, 700));
        stage.sizeToScene();
        stage.show();
    }

    @AfterEach
    void tearDown() {
        bg.shutdownNow();
        if (content != null) content.close();
    }

    private ArrayViewer show(String file) throws Exception {
        content = StandardReaders.previewers().open(Corpus.file(file));
        Async async = new Async(bg, Platform::runLater);
        Node[] viewer = new Node[1];
        WaitForAsyncUtils.asyncFx(() -> {
            viewer[0] = dev.vitrine.ui.preview.standard.StandardViewers.create().create(content, async);
            root.getChildren().setAll(viewer[0]);
        }).get();
        ArrayViewer v = (ArrayViewer) viewer[0];
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> v.viewModel().stateProperty().get() == LoadState.READY && v.viewModel().sliceProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return v;
    }

    @Test
    void anNpzMemberIsPickedSlicedAndPaged(FxRobot robot) throws Exception {
        ArrayViewer v = show("files/npy/multi_compressed.npz");
        assertThat(robot.lookup("#summary-shape").queryAs(Label.class).getText()).isEqualTo("(3, 2, 2)");
        Spinner<?> axis0 = robot.lookup("#index-axis-0").queryAs(Spinner.class);
        robot.clickOn(axis0.lookup(".increment-arrow-button"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.viewModel().fixedProperty().get()[0] == 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.viewModel().sliceProperty().get().get(0, 0) == v.viewModel().array().getDouble(1, 0, 0));

        ComboBox<?> picker = robot.lookup("#array-picker").queryAs(ComboBox.class);
        assertThat(picker.isVisible()).isTrue();
        robot.clickOn(picker).clickOn("y");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "y".equals(v.viewModel().selectedProperty().get())
                && v.viewModel().stateProperty().get() == LoadState.READY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#summary-shape").queryAs(Label.class).getText()).isEqualTo("(2, 5)");

        robot.clickOn("Values");
        TableView<?> values = robot.lookup("#array-values").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> values.getItems().size() == 10);
        assertThat(robot.lookup("3.").tryQuery()).isPresent(); // y[0,0] = 3.0 as numpy prints it
    }

    @Test
    void aRefusedArraySaysWhyInsteadOfAPlot(FxRobot robot) {
        dev.vitrine.testutil.Corpus.require();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StandardReaders.previewers().open(Corpus.file("files/npy/object_dtype.npy")))
                .hasMessageContaining("Python objects");
    }

    /** An .npz of little-endian arrays as numpy.savez writes it (stored members, format 1.0 headers). */
    static java.nio.file.Path npz(java.nio.file.Path dir, String name, Object... keyDescrShapeData) throws java.io.IOException {
        java.nio.file.Path f = dir.resolve(name);
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(f))) {
            for (int k = 0; k < keyDescrShapeData.length; k += 4) {
                String descr = (String) keyDescrShapeData[k + 1];
                String shape = (String) keyDescrShapeData[k + 2];
                double[] data = (double[]) keyDescrShapeData[k + 3];
                String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
                int pad = 64 - (10 + dict.length() + 1) % 64;
                String header = dict + " ".repeat(pad % 64) + "\n";
                int size = Integer.parseInt(descr.substring(2));
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + data.length * size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
                b.putShort((short) header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (double d : data) {
                    switch (descr) {
                        case "<f4" -> b.putFloat((float) d);
                        case "<f8" -> b.putDouble(d);
                        case "<i8" -> b.putLong((long) d);
                        case "|u1" -> b.put((byte) d);
                        default -> throw new IllegalArgumentException(descr);
                    }
                }
                z.putNextEntry(new java.util.zip.ZipEntry(keyDescrShapeData[k] + ".npy"));
                z.write(b.array());
                z.closeEntry();
            }
        }
        return f;
    }

    private ArrayViewer showFile(java.nio.file.Path file) throws Exception {
        content = StandardReaders.previewers().open(file);
        Async async = new Async(bg, Platform::runLater);
        Node[] viewer = new Node[1];
        WaitForAsyncUtils.asyncFx(() -> {
            viewer[0] = dev.vitrine.ui.preview.standard.StandardViewers.create().create(content, async);
            root.getChildren().setAll(viewer[0]);
        }).get();
        ArrayViewer v = (ArrayViewer) viewer[0];
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> v.viewModel().stateProperty().get() == LoadState.READY
                && (v.viewModel().sliceProperty().get() != null || v.viewModel().imageProperty().get() != null));
        WaitForAsyncUtils.waitForFxEvents();
        return v;
    }

    private static double[] ramp(int n, double lo, double hi) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = lo + (hi - lo) * i / Math.max(1, n - 1);
        return d;
    }

    private static boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(Node::isVisible).orElse(false);
    }

    @Test
    void controlsThatDoNothingForTheViewAreHidden(FxRobot robot) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vitrine-arrays");
        ArrayViewer line = showFile(npz(dir, "line.npz", "loss", "<f4", "(50,)", ramp(50, 0, 1)));
        assertThat(line.viewModel().plotProperty().get()).isEqualTo(ArrayViewModel.Plot.LINE);
        assertThat(shown(robot, "#colormap")).isFalse();
        assertThat(shown(robot, "#plot-fit")).isFalse();
        assertThat(shown(robot, "#plot-kind")).isFalse(); // a line is all a 1-D array makes
        assertThat(robot.lookup("#index-axis-0").tryQuery()).isEmpty();
        content.close();

        ArrayViewer rgb = showFile(npz(dir, "rgb.npz", "img", "|u1", "(8, 8, 3)", ramp(192, 0, 255)));
        assertThat(rgb.viewModel().plotProperty().get()).isEqualTo(ArrayViewModel.Plot.IMAGE);
        assertThat(shown(robot, "#colormap")).isFalse(); // an RGB image has its own colours
        assertThat(shown(robot, "#plot-kind")).isTrue();
        robot.interact(() -> rgb.viewModel().setPlot(ArrayViewModel.Plot.HEATMAP));
        assertThat(shown(robot, "#colormap")).isTrue();
        assertThat(shown(robot, "#plot-fit")).isTrue();
    }

    @Test
    void axesHaveTicksAndNoLabelIsCutInANarrowPane(FxRobot robot) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vitrine-arrays");
        ArrayViewer v = showFile(npz(dir, "wide.npz", "w", "<f8", "(40, 300)", ramp(12000, -123456.789, 98765.4321)));
        robot.interact(() -> v.setMaxSize(460, 360));
        for (boolean fill : new boolean[] {true, false}) {
            robot.interact(() -> v.viewModel().fillProperty().set(fill));
            WaitForAsyncUtils.waitForFxEvents();
            var labels = v.plot().labels();
            double w = v.plot().canvas().getWidth();
            assertThat(w).isLessThan(470);
            assertThat(labels).isNotEmpty();
            assertThat(labels).allSatisfy(l -> assertThat(l.shifted()).as("label %s had to be moved inside the canvas", l.text()).isFalse());
            // column ticks along the bottom (at least three), values right of them on the colour bar
            // the column ticks: the largest row of labels sharing one line
            var rows = labels.stream().collect(java.util.stream.Collectors.groupingBy(PlotCanvas.TextBox::y));
            var columns = rows.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
            assertThat(columns).hasSizeGreaterThanOrEqualTo(3);
            double axisRight = columns.stream().mapToDouble(l -> l.x() + l.w()).max().orElseThrow();
            var bar = labels.stream().filter(l -> l.x() > axisRight).map(PlotCanvas.TextBox::text).toList();
            assertThat(bar).as("colour bar values").hasSizeGreaterThanOrEqualTo(2).contains("-100000");
            // no two labels overlap
            for (var a : labels) for (var b : labels) {
                if (a == b) continue;
                boolean apart = a.x() + a.w() <= b.x() + 0.5 || b.x() + b.w() <= a.x() + 0.5 || a.y() + a.h() <= b.y() + 0.5 || b.y() + b.h() <= a.y() + 0.5;
                assertThat(apart).as("%s overlaps %s", a, b).isTrue();
            }
        }
    }

    @Test
    void anNpzOfWeightsOffersTheCheckpointView(FxRobot robot) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vitrine-arrays");
        ArrayViewer data = showFile(npz(dir, "data.npz", "x", "<f8", "(4,)", ramp(4, 0, 1), "y", "<f8", "(2, 2)", ramp(4, 0, 1)));
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#view-checkpoint").tryQuery()).isEmpty(); // x and y are data, not layers
        content.close();

        ArrayViewer model = showFile(npz(dir, "tinynet_weights.npz",
                "conv1.weight", "<f4", "(4, 3)", ramp(12, -1, 1),
                "conv1.bias", "<f4", "(4,)", ramp(4, 0, 0.5),
                "bn1.num_batches_tracked", "<i8", "()", new double[] {30}));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#view-checkpoint").tryQuery().isPresent());
        robot.clickOn("#view-checkpoint");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(n -> n instanceof dev.vitrine.ui.compare.CompareView).tryQuery().isPresent());
        dev.vitrine.ui.compare.CompareView cv = robot.lookup(n -> n instanceof dev.vitrine.ui.compare.CompareView).query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> cv.viewModel().tensors().size() == 3);
        assertThat(cv.viewModel().tensors()).extracting(t -> t.name()).contains("conv1.weight", "conv1.bias", "bn1.num_batches_tracked");
        // and back to the arrays
        robot.clickOn("Arrays");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#array-picker").queryAs(ComboBox.class).isVisible()).isTrue();
        assertThat(model.viewModel().arrayNames()).hasSize(3);
    }
}
