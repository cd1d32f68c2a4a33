package dev.vitrine.ui.transfers;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.transfer.TransferJob;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.ui.cache.CacheView;
import dev.vitrine.ui.cache.CacheViewModel;
import dev.vitrine.ui.common.Async;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
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

/** The two panels render with real ViewModels: a finished download row offers "open folder", the cache lists its entry. */
@ExtendWith(ApplicationExtension.class)
class StoragePanelsFxTest {

    static Path dir;
    static Transfers transfers = new Transfers(2);
    static ArtifactCache cache;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("vitrine-panels");
        cache = new ArtifactCache(dir, 100, 0, StorageDrivers.unconfigured());
        Files.createDirectories(cache.folder());
        Files.writeString(cache.folder().resolve("abc.table.csv"), "a,b\n");
        Async async = new Async(r -> new Thread(r).start(), Platform::runLater);
        TransfersView tv = new TransfersView(new TransfersViewModel(transfers, async, p -> { }));
        CacheView cv = new CacheView(new CacheViewModel(cache, async, p -> { }));
        stage.setScene(new Scene(new VBox(tv, cv), 900, 700));
        stage.show();
    }

    @AfterAll
    static void close() {
        transfers.close();
        cache.close();
    }

    @Test
    void panelsShowJobsAndEntries(FxRobot robot) throws Exception {
        TransferJob job = transfers.submit("table.csv", TransferJob.Direction.DOWNLOAD, "http://h/table.csv", (p, c) -> {
            p.progress(4, 4);
            return cache.folder().resolve("abc.table.csv");
        });
        job.completion().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Node open = robot.lookup(n -> n instanceof Button b && "Open containing folder".equals(b.getAccessibleText()) && b.isVisible()).query();
        assertThat(open).isNotNull();
        assertThat(robot.lookup(".label").queryAll()).anyMatch(n -> "Done · 4 B".equals(((javafx.scene.control.Label) n).getText()));
        for (int i = 0; i < 100 && ((TableView<?>) robot.lookup(".table-view").query()).getItems().isEmpty(); i++) {
            Thread.sleep(20);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(((TableView<?>) robot.lookup(".table-view").query()).getItems()).hasSize(1);
        if (Boolean.getBoolean("vitrine.screenshots")) {
            var img = robot.capture(robot.lookup(".transfers-view").query().getScene().getRoot()).getImage();
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png", Path.of("target/storage-panels.png").toFile());
        }
    }
}
