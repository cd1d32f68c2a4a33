package dev.vitrine.ui.doctor;

import dev.vitrine.config.ConfigLoader;
import dev.vitrine.doctor.DownloadDiagnosis;
import dev.vitrine.doctor.SetupDoctor;
import dev.vitrine.importer.ImportException;
import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.transfer.TransferJob;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.importer.ImportView;
import dev.vitrine.ui.importer.ImportViewModel;
import dev.vitrine.ui.importer.SessionImports;
import dev.vitrine.ui.transfers.TransfersView;
import dev.vitrine.ui.transfers.TransfersViewModel;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Import dialog (progress, cancel, result), the Check setup window (results listed, a failure
 * shown with its fix) against the API and fileserver fakes, and a failed transfer's diagnosis with
 * its way to Check setup, as the user sees them.
 */
@ExtendWith(ApplicationExtension.class)
class SetupFlowsFxTest {

    static Path home;
    static FakeClearmlServer api;
    static FileServerFake files;
    static Transfers transfers = new Transfers(2);
    static final CountDownLatch release = new CountDownLatch(1);
    static final AtomicBoolean cancelled = new AtomicBoolean();
    static final AtomicBoolean checkSetupOpened = new AtomicBoolean();
    static ImportViewModel importer;
    static DoctorViewModel doctor;

    /** An import that shows a file in progress, then waits until released or cancelled. */
    static final class Imports implements SessionImports {
        @Override
        public String earlierImport(Workspace server, Path session) {
            return null;
        }

        @Override
        public ImportResult importSession(Workspace server, Path session, boolean again, ImportListener listener, Cancellation cancel) {
            listener.step("Uploading artifacts");
            listener.file(2, 5, "weights.pt", 40, 100);
            try {
                while (!release.await(20, TimeUnit.MILLISECONDS)) {
                    if (cancel.isCancelled()) {
                        cancelled.set(true);
                        throw new ImportException.Cancelled("Import cancelled; nothing was left on the server", true);
                    }
                }
            } catch (InterruptedException e) {
                throw new ImportException.Cancelled("Import cancelled; nothing was left on the server", true);
            }
            return new ImportResult("t42", "train", "P", List.of(), 5, 12);
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory("vitrine-setup-flows");
        api = FakeClearmlServer.start(new FakeWorld());
        files = FileServerFake.checkingTokens(home.resolve("files"), t -> false); // refuses every token
        Files.writeString(home.resolve("clearml.conf"), "api {\n  api_server: \"" + api.url() + "\"\n  web_server: \"" + api.url() + "\"\n"
                + "  files_server: \"" + files.url() + "\"\n  credentials { access_key: \"" + FakeClearmlServer.ACCESS_KEY
                + "\", secret_key: \"" + FakeClearmlServer.SECRET_KEY + "\" }\n}\n");
        Async async = new Async(r -> new Thread(r).start(), Platform::runLater);
        importer = new ImportViewModel(async, new Imports());
        doctor = new DoctorViewModel(async, () -> new SetupDoctor(new ConfigLoader(Map.of(), home)));
        DownloadDiagnosis diagnosis = (uri, scope, failure) -> Optional.of(
                new DownloadDiagnosis.Explanation("sdk.aws.s3.credentials[1]", "wrong secret (SignatureDoesNotMatch)", "check secret in sdk.aws.s3.credentials[1]"));
        TransfersView transfersView = new TransfersView(new TransfersViewModel(transfers, async, p -> { }, diagnosis), () -> checkSetupOpened.set(true));
        ImportView importView = new ImportView(importer, () -> { });
        importView.setId("importView");
        DoctorView doctorView = new DoctorView(doctor);
        doctorView.setPrefSize(600, 500);
        transfersView.setPrefSize(500, 300);
        stage.setScene(new Scene(new HBox(new javafx.scene.layout.VBox(importView, transfersView), doctorView), 1300, 800));
        stage.show();
    }

    @AfterAll
    static void stop() throws Exception {
        release.countDown();
        transfers.close();
        if (files != null) files.close();
        if (api != null) api.close();
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void importShowsProgressCancelsThenImportsAndShowsTheResult(FxRobot robot) throws Exception {
        Workspace server = new OfflineWorkspace("files.example", Workspace.Kind.SERVER, List.of());
        robot.interact(() -> importer.importSession(server, Path.of("session.zip")));
        waitFor(() -> importer.stateProperty().get() == ImportViewModel.State.RUNNING && importer.fileProperty().get().contains("weights.pt"));
        ProgressBar bar = robot.lookup("#importView .progress-bar").queryAs(ProgressBar.class);
        assertThat(bar.isVisible()).isTrue();
        assertThat(bar.getProgress()).isEqualTo(0.4);
        assertThat(robot.lookup("[2/5] weights.pt").tryQuery()).isPresent();

        robot.clickOn("Cancel");
        waitFor(() -> importer.stateProperty().get() == ImportViewModel.State.FAILED);
        assertThat(cancelled).isTrue();
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText() != null && l.getText().contains("nothing was left")).tryQuery()).isPresent();
        assertThat(robot.lookup("Close").queryAs(Button.class).isVisible()).isTrue();

        release.countDown();
        robot.interact(() -> importer.importSession(server, Path.of("session.zip")));
        waitFor(() -> importer.stateProperty().get() == ImportViewModel.State.DONE);
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText() != null
                && l.getText().startsWith("Imported into files.example as task t42")).tryQuery()).isPresent();
    }

    @Test
    void checkSetupListsEveryCheckAndShowsAFailureWithItsFix(FxRobot robot) throws Exception {
        robot.clickOn("Check");
        waitFor(() -> !doctor.runningProperty().get() && !doctor.rows().isEmpty());
        ListView<?> list = robot.lookup(".doctor-view .list-view").queryAs(ListView.class);
        assertThat(list.getItems()).hasSizeGreaterThanOrEqualTo(2);
        // the server passes; the files server refusing the token is one row with cause, fix and config key
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText() != null && l.getText().startsWith("✔ server")).tryQuery()).isPresent();
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText() != null && l.getText().startsWith("✘ fileserver")).tryQuery()).isPresent();
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText() != null && l.getText().contains("refused the API token")).tryQuery()).isPresent();
        assertThat(robot.lookup((Node n) -> n instanceof Label l && l.getText() != null && l.getText().startsWith("Fix: check that api.files_server")).tryQuery()).isPresent();
        assertThat(robot.lookup((Node n) -> n instanceof Label l && "from api.files_server".equals(l.getText())).tryQuery()).isPresent();
        assertThat(doctor.summaryProperty().get()).contains("checks failed").contains("profile default");
    }

    @Test
    void aFailedDownloadRowShowsItsDiagnosisAndOpensCheckSetup(FxRobot robot) throws Exception {
        TransferJob job = transfers.submit("weights.pt", TransferJob.Direction.DOWNLOAD, "s3://minio:9000/models/weights.pt", "server-a", (p, c) -> {
            throw new dev.vitrine.storage.StorageException(dev.vitrine.storage.StorageException.Kind.BAD_CREDENTIALS, "Wrong S3 credentials for s3://minio:9000/models");
        });
        waitFor(() -> job.state() == TransferJob.State.FAILED);
        waitFor(() -> robot.lookup(".transfer-diagnosis").tryQuery().map(Node::isVisible).orElse(false));
        Label why = robot.lookup(".transfer-diagnosis").queryAs(Label.class);
        assertThat(why.getText()).contains("Served by sdk.aws.s3.credentials[1]: wrong secret").contains("Fix: check secret in sdk.aws.s3.credentials[1]");
        robot.clickOn(robot.lookup(".transfer-check-setup").queryAs(Hyperlink.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(checkSetupOpened).isTrue();
    }
}
