package dev.vitrine.ui.shell;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.app.WindowWorkspaces;
import dev.vitrine.doctor.DownloadDiagnosis;
import dev.vitrine.doctor.SetupDoctor;
import dev.vitrine.preview.Previewers;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.testutil.S3ProxyServer;
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
import dev.vitrine.ui.transfers.TransferRowViewModel;
import dev.vitrine.ui.transfers.TransfersViewModel;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A download that fails offers the setup doctor's diagnosis where the user looked: the preview's
 * error state, the Transfers panel's failed row, Save as and a compare's fetch. The failure is real
 * (S3Proxy refusing a wrong secret of the second credentials entry); the diagnosis is the app's
 * ({@link SetupDoctor#explain} over the configuration that fetched it).
 */
class DownloadDiagnosisTest {

    @TempDir
    Path tmp;
    S3ProxyServer s3;
    ArtifactCache cache;
    Transfers transfers;
    MainViewModel main;
    PreviewViewModel preview;
    DownloadDiagnosis diagnosis;
    final AtomicReference<String> scopeAsked = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        s3 = new S3ProxyServer(tmp.resolve("s3"));
        s3.createBucket("models");
        s3.admin().putObject(b -> b.bucket("models").key("run/weights.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("w"));
        Config config = ConfigFactory.parseString("sdk.aws.s3.credentials: [\n"
                + " { host: \"" + s3.hostPort() + "\", bucket: \"other\", key: \"" + S3ProxyServer.KEY + "\", secret: \"" + S3ProxyServer.SECRET + "\", secure: false }\n"
                + " { host: \"" + s3.hostPort() + "\", bucket: \"models\", key: \"" + S3ProxyServer.KEY + "\", secret: \"not-the-secret-7\", secure: false }\n"
                + "]\n").withFallback(dev.vitrine.config.ConfigLoader.defaults());
        S3Driver driver = new S3Driver(S3Settings.from(config, Map.of()));
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0,
                new StorageDrivers(HttpDriver.create(() -> null, List.of()), driver, new LocalDriver(), List.of()));
        transfers = new Transfers(3);
        diagnosis = (uri, scope, failure) -> {
            scopeAsked.set(scope);
            return SetupDoctor.explain(uri, failure, config);
        };
        Async async = Async.direct();
        preview = new PreviewViewModel(async, cache, new Previewers(List.of()), transfers, () -> cache, diagnosis);
        main = new MainViewModel(async, new WindowWorkspaces(() -> null), new BrowserViewModel(async), new TaskViewModel(async), preview,
                new ArtifactUploader(new UploadPlanner(tmp.resolve("up")), List.of()), cache,
                new Downloads(transfers, () -> cache, cache), transfers, diagnosis);
    }

    @AfterEach
    void stop() throws Exception {
        transfers.close();
        cache.close();
        s3.close();
    }

    private Artifact weights(String key) {
        String uri = "s3://" + s3.hostPort() + "/models/run/weights.txt";
        return new Artifact(key, "custom", ArtifactMode.OUTPUT, uri, null, null, null, null, null, null, null, new Location.Remote(uri, "server-a"));
    }

    @Test
    void thePreviewsErrorNamesTheEntryTheCauseAndTheFix() throws Exception {
        preview.show(weights("weights"));
        waitFor(() -> preview.stateProperty().get() == LoadState.ERROR);
        DownloadDiagnosis.Explanation why = preview.diagnosisProperty().get();
        assertThat(why).isNotNull();
        assertThat(why.entry()).isEqualTo("sdk.aws.s3.credentials[1]");
        assertThat(why.cause()).startsWith("wrong secret");
        assertThat(why.fix()).contains("secret in sdk.aws.s3.credentials[1]");
        assertThat(why.line()).doesNotContain("not-the-secret-7");
        assertThat(scopeAsked.get()).as("the scope that fetched it picks the configuration").isEqualTo("server-a");
        // another selection clears it
        preview.show(null);
        assertThat(preview.diagnosisProperty().get()).isNull();
    }

    @Test
    void aFailedTransferRowCarriesTheDiagnosisAndSaveAsSaysIt() throws Exception {
        TransfersViewModel panel = new TransfersViewModel(transfers, Async.direct(), d -> { }, diagnosis);
        Path target = tmp.resolve("out/weights.txt");
        Files.createDirectories(target.getParent());
        main.saveAs(weights("weights"), target);
        waitFor(() -> main.statusProperty().get().startsWith("Could not save"));
        assertThat(main.statusProperty().get()).contains("served by sdk.aws.s3.credentials[1]: wrong secret").contains("Check setup")
                .doesNotContain("not-the-secret-7");
        assertThat(target).doesNotExist();
        TransferRowViewModel row = panel.rows().get(0);
        waitFor(() -> row.diagnosisProperty().get() != null);
        assertThat(row.stateProperty().get()).isEqualTo(TransferJob.State.FAILED);
        assertThat(row.diagnosisProperty().get().entry()).isEqualTo("sdk.aws.s3.credentials[1]");

        // a panel opened after the failure diagnoses it too
        TransfersViewModel later = new TransfersViewModel(transfers, Async.direct(), d -> { }, diagnosis);
        waitFor(() -> later.rows().get(0).diagnosisProperty().get() != null);
        assertThat(later.rows().get(0).diagnosisProperty().get().cause()).startsWith("wrong secret");
    }

    @Test
    void aCompareWhoseFetchFailsSaysWhichEntryAndWhy() throws Exception {
        CompareViewModel cvm = main.compare(weights("a"), weights("b"));
        waitFor(() -> cvm.stateProperty().get() == LoadState.ERROR);
        assertThat(cvm.messageProperty().get()).startsWith("Could not fetch the files to compare")
                .contains("served by sdk.aws.s3.credentials[1]: wrong secret");
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long until = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < until) Thread.sleep(20);
        assertThat(condition.getAsBoolean()).as("condition within 20 s").isTrue();
    }
}
