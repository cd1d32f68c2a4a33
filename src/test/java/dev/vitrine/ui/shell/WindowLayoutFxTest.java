package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.StoredFile;
import dev.vitrine.workspace.Task;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo in the real window at the smallest size it allows (900x600) and at 1600x1000, light and
 * dark: a preview of each kind and the compare window, with no key column or label cut short; the
 * panes get their widths back after the window was made small. With
 * {@code -Dvitrine.screenshots=DIR} it also writes the README's screenshots into DIR
 * ({@code -Dvitrine.screenshots.all=true}: every size, theme and kind).
 */
@ExtendWith(ApplicationExtension.class)
class WindowLayoutFxTest {

    /** Columns whose values must show whole: statuses, types, sizes, short ids (names may be cut in the middle, with a tooltip). */
    private static final Set<String> KEY_COLUMNS = Set.of("Status", "Type", "User", "Last update", "ID", "Mode", "Size", "Role", "Framework");
    /** What each preview kind is in the demo's training task. */
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("table", "customers");
        KINDS.put("image", "roc_curve");
        KINDS.put("array", "val_embeddings");
        KINDS.put("json", "metrics");
        KINDS.put("text", "run_notes");
        KINDS.put("pickle", "preprocessing");
        KINDS.put("archive", "reports");
        KINDS.put("checkpoint", "model:churn_mlp_e12");
    }

    /** The README's pictures: kind, size, theme → file name. */
    private static final Map<String, String> README_SHOTS = Map.of(
            "table-1600x1000-light", "screenshot-demo.png",
            "image-1600x1000-dark", "screenshot-dark-image.png",
            "array-1600x1000-light", "screenshot-array.png",
            "compare-1600x1000-light", "screenshot-compare.png",
            "checkpoint-900x600-dark", "screenshot-small-dark.png");

    @TempDir
    static Path tmp;
    private VitrineApp.Wiring wiring;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        wiring = VitrineApp.wire(Services.create(tmp.resolve("cache")), new Async(Executors.newCachedThreadPool(), Platform::runLater), d -> {});
        scene = new Scene(wiring.window(), 1600, 1000);
        Theme.apply(scene, false);
        wiring.vm().darkProperty().addListener((o, a, dark) -> Theme.apply(scene, dark));
        stage.setScene(scene);
        MainWindow.keepUsable(stage);
        stage.show();
    }

    @Test
    void everyPreviewAndTheCompareWindowReadWholeAtBothSizesInBothThemes(FxRobot robot) throws Exception {
        openTrainingTask(robot);
        List<String> problems = new ArrayList<>();
        for (boolean dark : new boolean[] {false, true}) {
            robot.interact(() -> wiring.vm().darkProperty().set(dark));
            for (int[] size : new int[][] {{900, 600}, {1600, 1000}}) {
                resize(robot, size[0], size[1]);
                for (var kind : KINDS.entrySet()) {
                    show(robot, kind.getValue());
                    String shot = kind.getKey() + "-" + size[0] + "x" + size[1] + "-" + (dark ? "dark" : "light");
                    problems.addAll(prefixed(shot, Truncations.in(scene.getRoot(), KEY_COLUMNS, WindowLayoutFxTest::mayCut)));
                    screenshot(robot, scene, shot);
                }
                problems.addAll(compareWindow(robot, size, dark));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void panesGetTheirWidthsBackAfterTheWindowWasSmall(FxRobot robot) throws Exception {
        openTrainingTask(robot);
        resize(robot, 1600, 1000);
        MainWindow w = wiring.window();
        SplitPane main = w.mainSplit();
        double nav = w.navigator().getWidth();
        double detail = ((javafx.scene.layout.Region) main.getItems().get(2)).getWidth();
        TableView<Task> tasks = w.navigator().table();
        List<String> columns = visibleColumns(tasks);
        Map<String, Double> widths = widths(tasks);

        resize(robot, 900, 600);
        // every pane still works at the smallest size: the centre keeps most of the room, the sides are usable
        assertThat(w.navigator().getWidth()).isGreaterThanOrEqualTo(180);
        assertThat(main.getWidth() - w.navigator().getWidth() - ((javafx.scene.layout.Region) main.getItems().get(2)).getWidth())
                .isGreaterThanOrEqualTo(0.45 * main.getWidth());
        showModels(robot);
        assertThat(fullyShownRows(robot.lookup("#modelTable").queryTableView())).as("model rows shown whole at 900x600").isGreaterThanOrEqualTo(2);

        resize(robot, 1600, 1000);
        assertThat(w.navigator().getWidth()).as("navigator width after growing back").isCloseTo(nav, org.assertj.core.data.Offset.offset(2.0));
        assertThat(((javafx.scene.layout.Region) main.getItems().get(2)).getWidth()).as("details width after growing back")
                .isCloseTo(detail, org.assertj.core.data.Offset.offset(2.0));
        assertThat(visibleColumns(tasks)).isEqualTo(columns);
        assertThat(widths(tasks)).isEqualTo(widths);

        // a width the user gives a side pane is the one it comes back to
        robot.interact(() -> main.setDividerPosition(0, 300.0 / main.getWidth()));
        w.sideWidths().userMoved();
        WaitForAsyncUtils.waitForFxEvents();
        double chosen = w.navigator().getWidth();
        resize(robot, 900, 600);
        resize(robot, 1600, 1000);
        assertThat(w.navigator().getWidth()).isCloseTo(chosen, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void theWindowCannotBeMadeSmallerThanItsPanesNeed() {
        assertThat(stage.getMinWidth()).isEqualTo(MainWindow.MIN_WIDTH);
        assertThat(stage.getMinHeight()).isEqualTo(MainWindow.MIN_HEIGHT);
        assertThat(MainWindow.MIN_WIDTH).isLessThanOrEqualTo(900);
        assertThat(MainWindow.MIN_HEIGHT).isLessThanOrEqualTo(600);
    }

    // ---- helpers ----

    private void openTrainingTask(FxRobot robot) throws Exception {
        robot.interact(() -> wiring.vm().openDemo());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> wiring.vm().browser().tasks().size() == 3);
        Task train = wiring.vm().browser().tasks().stream().filter(t -> t.name().equals("train churn model")).findFirst().orElseThrow();
        robot.interact(() -> wiring.vm().browser().selectTask(train));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> wiring.vm().task().artifacts().size() == 9);
    }

    private void resize(FxRobot robot, double w, double h) {
        robot.interact(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
        });
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void show(FxRobot robot, String what) throws Exception {
        StoredFile item;
        if (what.startsWith("model:")) {
            String name = what.substring("model:".length());
            item = wiring.vm().task().models().stream().filter(m -> name.equals(m.name())).findFirst().orElseThrow();
        } else {
            item = wiring.vm().task().artifacts().stream().filter(a -> a.key().equals(what)).findFirst().orElseThrow();
        }
        robot.interact(() -> wiring.vm().task().select(item));
        var preview = wiring.vm().preview();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> preview.stateProperty().get() == LoadState.READY
                || preview.stateProperty().get() == LoadState.ERROR);
        assertThat(preview.stateProperty().get()).as(what + ": " + preview.messageProperty().get()).isEqualTo(LoadState.READY);
        // viewers finish their own loading (table pages, image decode) in the background
        Thread.sleep(700);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void showModels(FxRobot robot) throws Exception {
        show(robot, "model:churn_mlp_e12");
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> compareWindow(FxRobot robot, int[] size, boolean dark) throws Exception {
        List<ModelRef> models = wiring.vm().task().models();
        ModelRef a = models.stream().filter(m -> "churn_mlp_e6".equals(m.name())).findFirst().orElseThrow();
        ModelRef b = models.stream().filter(m -> "churn_mlp_e12".equals(m.name())).findFirst().orElseThrow();
        Stage[] compare = new Stage[1];
        robot.interact(() -> {
            var cvm = wiring.vm().compare(a, b);
            compare[0] = ChildWindows.create(stage, scene, "Compare", new dev.vitrine.ui.compare.CompareView(cvm), size[0], size[1]);
            compare[0].setOnHidden(e -> cvm.dispose());
            compare[0].show();
        });
        Scene s = compare[0].getScene();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.from(s.getRoot()).lookup(".table-row-cell").tryQuery().isPresent());
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();
        String shot = "compare-" + size[0] + "x" + size[1] + "-" + (dark ? "dark" : "light");
        List<String> problems = prefixed(shot, Truncations.in(s.getRoot(), Set.of("Change", "Elements", "Shape", "dtype", "Mean |Δ|", "Max |Δ|"),
                WindowLayoutFxTest::mayCut));
        screenshot(robot, s, shot);
        robot.interact(() -> compare[0].close());
        return problems;
    }

    /** Text cut on purpose: the status bar's long messages end in an ellipsis, names lose their middle and show whole on hover. */
    private static boolean mayCut(Node n) {
        return n.getStyleClass().contains("status-bar");
    }

    private static List<String> prefixed(String shot, List<String> found) {
        return found.stream().map(p -> shot + ": " + p).toList();
    }

    private static List<String> visibleColumns(TableView<?> t) {
        return t.getVisibleLeafColumns().stream().map(TableColumn::getText).toList();
    }

    private static Map<String, Double> widths(TableView<?> t) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (TableColumn<?, ?> c : t.getVisibleLeafColumns()) out.put(c.getText(), c.getWidth());
        return out;
    }

    /** Rows with an item whose whole height is inside the table's visible area. */
    private static int fullyShownRows(TableView<?> t) {
        javafx.geometry.Bounds table = t.localToScene(t.getLayoutBounds());
        int n = 0;
        for (Node row : t.lookupAll(".table-row-cell")) {
            if (!(row instanceof TableRow<?> r) || r.getItem() == null || !r.isVisible()) continue;
            javafx.geometry.Bounds b = r.localToScene(r.getLayoutBounds());
            if (b.getMinY() >= table.getMinY() && b.getMaxY() <= table.getMaxY() + 0.5) n++;
        }
        return n;
    }

    private static void screenshot(FxRobot robot, Scene s, String name) throws Exception {
        String dir = System.getProperty("vitrine.screenshots");
        if (dir == null || dir.isBlank()) return;
        String file = README_SHOTS.get(name);
        if (file == null && !Boolean.getBoolean("vitrine.screenshots.all")) return;
        if (file == null) file = "window-" + name + ".png";
        Path out = Path.of(dir).resolve(file);
        Files.createDirectories(out.getParent());
        javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> img[0] = s.snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", out.toFile());
    }
}
