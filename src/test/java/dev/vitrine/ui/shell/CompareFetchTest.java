package dev.vitrine.ui.shell;

import dev.vitrine.app.WindowWorkspaces;
import dev.vitrine.compare.Diffs;
import dev.vitrine.preview.Previewers;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.SessionFiles;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.transfer.Downloads;
import dev.vitrine.transfer.TransferJob;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.UploadPlanner;
import dev.vitrine.ui.artifacts.TaskViewModel;
import dev.vitrine.ui.browser.BrowserViewModel;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.compare.CompareViewModel;
import dev.vitrine.ui.preview.PreviewViewModel;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparing two remote artifacts: both are fetched as jobs of the Transfers panel, and closing the window cancels them. */
class CompareFetchTest {

    @TempDir Path tmp;
    FileServerFake fs;
    ArtifactCache cache;
    Transfers transfers;
    MainViewModel main;

    @BeforeEach
    void start() throws Exception {
        fs = new FileServerFake(tmp.resolve("srv"), null);
        fs.put("p/a/notes.txt", "alpha\nbeta\ngamma\n".getBytes(StandardCharsets.UTF_8));
        fs.put("p/b/notes.txt", "alpha\nBETA\ngamma\ndelta\n".getBytes(StandardCharsets.UTF_8));
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0,
                new StorageDrivers(HttpDriver.create(() -> null, List.of()), new S3Driver(S3Settings.empty()), new LocalDriver(), List.of()));
        transfers = new Transfers(3);
        Async async = Async.direct();
        TaskViewModel task = new TaskViewModel(async);
        PreviewViewModel preview = new PreviewViewModel(async, new SessionFiles(tmp.resolve("s")), new Previewers(List.of()));
        main = new MainViewModel(async, new WindowWorkspaces(() -> null), new BrowserViewModel(async), task, preview,
                new ArtifactUploader(new UploadPlanner(tmp.resolve("up")), List.of()), cache,
                new Downloads(transfers, () -> cache, cache), transfers);
    }

    @AfterEach
    void stop() {
        transfers.close();
        cache.close();
        fs.close();
    }

    private Artifact remote(String key, String path) {
        String uri = fs.url() + "/" + path;
        return new Artifact(key, "custom", ArtifactMode.OUTPUT, uri, null, null, null, null, null, null, null, new Location.Remote(uri));
    }

    @Test
    void bothFilesAreFetchedAsTransfersThenCompared() throws Exception {
        CompareViewModel cvm = main.compare(remote("notes A", "p/a/notes.txt"), remote("notes B", "p/b/notes.txt"));
        waitFor(() -> cvm.stateProperty().get() == LoadState.READY || cvm.stateProperty().get() == LoadState.ERROR);
        assertThat(cvm.stateProperty().get()).as(cvm.messageProperty().get()).isEqualTo(LoadState.READY);
        assertThat(cvm.kindProperty().get()).isEqualTo(Diffs.Kind.TEXT);
        assertThat(cvm.textRows()).isNotEmpty();
        assertThat(transfers.jobs()).hasSize(2).allMatch(j -> j.state() == TransferJob.State.DONE)
                .allMatch(j -> j.direction() == TransferJob.Direction.DOWNLOAD);
    }

    @Test
    void closingTheWindowCancelsTheFetchesAndComparesNothing() throws Exception {
        fs.slow(200); // per chunk: the fetch is still running when the window closes
        fs.put("p/a/big.txt", "x\n".repeat(200_000).getBytes(StandardCharsets.UTF_8));
        fs.put("p/b/big.txt", "y\n".repeat(200_000).getBytes(StandardCharsets.UTF_8));
        CompareViewModel cvm = main.compare(remote("big A", "p/a/big.txt"), remote("big B", "p/b/big.txt"));
        assertThat(cvm.stateProperty().get()).isEqualTo(LoadState.LOADING);
        waitFor(() -> transfers.jobs().stream().anyMatch(j -> j.state() == TransferJob.State.RUNNING));
        cvm.dispose();
        waitFor(() -> transfers.jobs().stream().allMatch(j -> j.state().finished()));
        assertThat(transfers.jobs()).allMatch(j -> j.state() == TransferJob.State.CANCELLED);
        Thread.sleep(200);
        assertThat(cvm.stateProperty().get()).isNotEqualTo(LoadState.READY);
        assertThat(cvm.kindProperty().get()).isNull();
    }

    @Test
    void aFailedFetchIsShownAtOnceAndTheOtherOneCancelled() throws Exception {
        fs.slow(200); // the other file would take minutes
        fs.put("p/a/big.txt", "x\n".repeat(400_000).getBytes(StandardCharsets.UTF_8));
        CompareViewModel cvm = main.compare(remote("big A", "p/a/big.txt"), remote("gone", "p/none/missing.txt"));
        waitFor(() -> cvm.stateProperty().get() == LoadState.ERROR || cvm.stateProperty().get() == LoadState.READY);
        assertThat(cvm.stateProperty().get()).isEqualTo(LoadState.ERROR);
        assertThat(cvm.messageProperty().get()).startsWith("Could not fetch the files to compare").contains("missing.txt");
        waitFor(() -> transfers.jobs().stream().allMatch(j -> j.state().finished()));
        assertThat(transfers.jobs()).anyMatch(j -> j.state() == TransferJob.State.CANCELLED);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < until) Thread.sleep(20);
        assertThat(condition.getAsBoolean()).as("condition within 15 s").isTrue();
    }
}
