package dev.vitrine.ui.transfers;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.ui.cache.CacheView;
import dev.vitrine.ui.cache.CacheViewModel;
import dev.vitrine.ui.common.Async;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The Transfers and Cache windows open with the keyboard on their list, and a size limit of 0 reads "no limit". */
@ExtendWith(ApplicationExtension.class)
class StorageWindowsFocusFxTest {

    static Transfers transfers = new Transfers(2);
    static ArtifactCache cache;
    private Stage transfersStage;
    private Stage cacheStage;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("vitrine-focus");
        cache = new ArtifactCache(dir, 100, 0, StorageDrivers.unconfigured());
        Files.createDirectories(cache.folder());
        Files.writeString(cache.folder().resolve("abc.table.csv"), "a,b\n");
        Async async = new Async(r -> new Thread(r).start(), Platform::runLater);
        transfersStage = stage;
        stage.setScene(new Scene(new TransfersView(new TransfersViewModel(transfers, async, p -> { })), 700, 400));
        stage.show();
        cacheStage = new Stage();
        cacheStage.setScene(new Scene(new CacheView(new CacheViewModel(cache, async, p -> { })), 900, 500));
        cacheStage.show();
    }

    @AfterAll
    static void close() {
        transfers.close();
        cache.close();
    }

    @Test
    void focusLandsOnTheListsAndZeroGigabytesReadsNoLimit(FxRobot robot) throws Exception {
        // the cache lists its entry in the background; the table takes the focus once it is shown
        WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS, () -> cacheStage.getScene().getFocusOwner() instanceof TableView);
        assertThat(transfersStage.getScene().getFocusOwner()).isInstanceOf(ListView.class);
        assertThat(cacheStage.getScene().getFocusOwner()).isInstanceOf(TableView.class);
        @SuppressWarnings("unchecked")
        Spinner<Integer> gigabytes = robot.from(cacheStage.getScene().getRoot()).lookup(".spinner").queryAllAs(Spinner.class).stream()
                .filter(s -> s.getAccessibleText().startsWith("Size limit")).findFirst().orElseThrow();
        assertThat(gigabytes.getEditor().getText()).isEqualTo("no limit");
        var converter = gigabytes.getValueFactory().getConverter();
        assertThat(converter.fromString("5 GB")).isEqualTo(5);
        assertThat(converter.fromString("no limit")).isZero();
        assertThat(converter.toString(5)).isEqualTo("5 GB");
    }
}
