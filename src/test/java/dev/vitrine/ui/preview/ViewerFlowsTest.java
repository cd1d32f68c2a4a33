package dev.vitrine.ui.preview;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.preview.archive.ArchiveEntry;
import dev.vitrine.testutil.FxAsync;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.preview.archive.ArchiveViewer;
import dev.vitrine.ui.preview.image.ImageViewer;
import dev.vitrine.ui.preview.table.TableViewer;
import dev.vitrine.ui.preview.text.TextViewer;
import dev.vitrine.ui.preview.text.TreeViewer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** One flow per viewer kind (image, text, tree, archive), on files made here, in a real headless window. */
@ExtendWith(ApplicationExtension.class)
class ViewerFlowsTest {

    private final StackPane host = new StackPane();
    private final Async async = FxAsync.create();
    private final List<PreviewContent> opened = new ArrayList<>();
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("vitrine-viewers");
        stage.setScene(new Scene(host, 900, 600));
        stage.show();
    }

    @AfterEach
    void close() {
        opened.forEach(PreviewContent::close);
    }

    private <T extends Node> T show(Path file, Class<T> type, FxRobot robot) throws Exception {
        PreviewContent c = StandardReaders.previewers().open(file);
        opened.add(c);
        Node[] v = new Node[1];
        robot.interact(() -> {
            v[0] = dev.vitrine.ui.preview.standard.StandardViewers.create().create(c, async);
            host.getChildren().setAll(v[0]);
        });
        assertThat(v[0]).isInstanceOf(type);
        return type.cast(v[0]);
    }

    private static void waitUntil(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void imageZoomsAndInspectsPixels(FxRobot robot) throws Exception {
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) for (int x = 0; x < 300; x++) img.setRGB(x, y, (x << 16) | (y << 8) | 7);
        Path f = dir.resolve("gradient.png");
        ImageIO.write(img, "png", f.toFile());
        ImageViewer v = show(f, ImageViewer.class, robot);
        waitUntil(() -> v.viewModel().overviewProperty().get() != null);
        Label zoom = robot.lookup("#image-zoom").queryAs(Label.class);
        robot.interact(() -> v.viewModel().actualSize());
        assertThat(zoom.getText()).isEqualTo("100%");
        robot.interact(v.viewModel()::zoomIn);
        assertThat(zoom.getText()).isEqualTo("125%");
        robot.interact(() -> v.viewModel().hover(10, 20));
        Label pixel = robot.lookup("#image-pixel").queryAs(Label.class);
        waitUntil(() -> !pixel.getText().isEmpty());
        assertThat(pixel.getText()).isEqualTo("x 10, y 20: (10, 20, 7)");
        assertThat(v.stateProperty().get()).isEqualTo(LoadState.READY);
    }

    @Test
    void aBigImageShowsSubsampledThenSharpWhenZoomed(FxRobot robot) throws Exception {
        BufferedImage img = new BufferedImage(4100, 1000, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 1000; y++) for (int x = 0; x < 4100; x++) img.setRGB(x, y, ((x / 16) & 0xff) << 16);
        Path f = dir.resolve("wide.png");
        ImageIO.write(img, "png", f.toFile());
        ImageViewer v = show(f, ImageViewer.class, robot);
        waitUntil(() -> v.viewModel().overviewProperty().get() != null);
        assertThat(v.viewModel().overviewProperty().get().getWidth()).isLessThanOrEqualTo(2048);
        // (whether a detail region is already decoded before zooming depends on the first layout pass: not asserted)
        robot.interact(() -> v.viewModel().actualSize());
        waitUntil(() -> v.viewModel().detailProperty().get() != null);
        var d = v.viewModel().detailProperty().get();
        assertThat(d.image().getWidth()).isEqualTo(d.w());
    }

    @Test
    void textSearchFindsLines(FxRobot robot) throws Exception {
        Path f = dir.resolve("run.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 500; i++) sb.append("step ").append(i).append(i % 100 == 0 ? " checkpoint saved" : " loss 0.1").append('\n');
        Files.writeString(f, sb);
        TextViewer v = show(f, TextViewer.class, robot);
        waitUntil(() -> v.viewModel().textProperty().get().startsWith("step 1"));
        robot.clickOn("#text-search").write("checkpoint").type(KeyCode.ENTER);
        Label status = robot.lookup("#text-search-status").queryAs(Label.class);
        waitUntil(() -> status.getText().equals("5 matches"));
        ListView<?> hits = robot.lookup("#text-hits").queryAs(ListView.class);
        assertThat(hits.getItems()).hasSize(5);
        robot.interact(() -> hits.getSelectionModel().select(0));
        assertThat(robot.lookup("#text-area").queryAs(javafx.scene.control.TextArea.class).getSelectedText()).isEqualTo("checkpoint");
    }

    @Test
    void jsonShowsATree(FxRobot robot) throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"model\": {\"layers\": [64, 32]}, \"huge\": 17000000000000000003}");
        TreeViewer v = show(f, TreeViewer.class, robot);
        TreeItem<TreeViewer.Entry> root = v.tree().getRoot();
        assertThat(root.getChildren()).extracting(i -> i.getValue().toString())
                .containsExactly("model: {1}", "huge: 17000000000000000003  (int)");
        robot.interact(() -> root.getChildren().get(0).setExpanded(true));
        assertThat(root.getChildren().get(0).getChildren().get(0).getValue().toString()).isEqualTo("layers: [2]");
    }

    @Test
    void archiveOpensAnEntryInANestedViewer(FxRobot robot) throws Exception {
        Path zip = dir.resolve("assets.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("metrics.csv"));
            z.write("epoch,acc\n1,0.5\n2,0.7\n".getBytes());
            z.closeEntry();
            z.putNextEntry(new ZipEntry("../../escape.txt"));
            z.write("x".getBytes());
            z.closeEntry();
            byte[] stored = new byte[3 * 1024 * 1024];
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(stored);
            ZipEntry raw = new ZipEntry("weights.bin");
            raw.setMethod(ZipEntry.STORED);
            raw.setSize(stored.length);
            raw.setCompressedSize(stored.length);
            raw.setCrc(crc.getValue());
            z.putNextEntry(raw);
            z.write(stored);
            z.closeEntry();
        }
        ArchiveViewer v = show(zip, ArchiveViewer.class, robot);
        assertThat(v.entries().getItems()).extracting(ArchiveEntry::unsafe).containsExactly(false, true, false);
        // sizes read with units; the listing says what is compressed and what is not
        var sizeColumn = v.entries().getColumns().get(1);
        var storedColumn = v.entries().getColumns().get(2);
        assertThat(sizeColumn.getCellData(2)).isEqualTo("3.0 MB");
        assertThat(storedColumn.getCellData(2)).isEqualTo("not compressed");
        assertThat((String) storedColumn.getCellData(0)).startsWith("compressed to ").endsWith("%");
        robot.interact(() -> v.entries().getSelectionModel().select(1));
        assertThat(v.nested().stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(v.nested().messageProperty().get()).contains("would leave");
        robot.interact(() -> v.entries().getSelectionModel().select(0));
        waitUntil(() -> v.nested().stateProperty().get() == LoadState.READY);
        TableViewer inner = (TableViewer) v.nested().contentProperty().get();
        waitUntil(() -> inner.viewModel().loadedProperty().get() && inner.viewModel().rowCountProperty().get() == 2);
    }
}
