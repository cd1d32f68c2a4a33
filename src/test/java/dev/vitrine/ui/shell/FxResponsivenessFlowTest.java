package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.testutil.FxWatchdog;
import dev.vitrine.testutil.ListWorkspace;
import dev.vitrine.transfer.TransferJob;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.transfers.TransfersView;
import dev.vitrine.ui.transfers.TransfersViewModel;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The FX thread never blocks over 100 ms (#12 responsiveness) while 100k tasks scroll, a task with
 * 10,000 artifacts is shown and scrolled, and 1,000 transfers are queued: each scenario runs under
 * {@link FxWatchdog}, which fails with the FX thread's stack when it finds a stall in our code.
 */
@ExtendWith(ApplicationExtension.class)
class FxResponsivenessFlowTest {

    @TempDir
    static Path tmp;

    private final ExecutorService background = Executors.newCachedThreadPool();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    /** 100k generated tasks; one of them has 10,000 artifacts. */
    static final class BigWorkspace implements dev.vitrine.workspace.Workspace {
        final ListWorkspace inner = new ListWorkspace(100_000);

        @Override
        public String displayName() {
            return inner.displayName();
        }

        @Override
        public Kind kind() {
            return inner.kind();
        }

        @Override
        public List<dev.vitrine.workspace.Project> projects() {
            return inner.projects();
        }

        @Override
        public dev.vitrine.workspace.Page<Task> tasks(dev.vitrine.workspace.TaskQuery q) {
            return inner.tasks(q);
        }

        @Override
        public dev.vitrine.workspace.Page<dev.vitrine.workspace.ModelRef> models(dev.vitrine.workspace.ModelQuery q) {
            return inner.models(q);
        }

        @Override
        public dev.vitrine.workspace.ModelRef model(String id) {
            return inner.model(id);
        }

        @Override
        public TaskDetails task(String taskId) {
            TaskDetails d = inner.task(taskId);
            List<Artifact> arts = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String key = String.format("artifact-%05d.csv", i);
                arts.add(new Artifact(key, "pandas", ArtifactMode.OUTPUT, "https://files.example/" + key, "0".repeat(64), 1000L + i,
                        Instant.ofEpochSecond(1_800_000_000L), "preview " + i, "text/csv", null, List.of(),
                        new Location.Remote("https://files.example/" + key)));
            }
            return new TaskDetails(d.task(), arts, List.of(), List.of());
        }
    }

    private VitrineApp.Wiring window(FxRobot robot) {
        VitrineApp.Wiring[] w = new VitrineApp.Wiring[1];
        robot.interact(() -> {
            w[0] = VitrineApp.wire(Services.create(tmp.resolve("cache")), new Async(background, Platform::runLater), dir -> {});
            Scene scene = new Scene(w[0].window(), 1300, 800);
            Theme.apply(scene, false);
            stage.setScene(scene);
            stage.show();
        });
        return w[0];
    }

    @Test
    void hundredThousandTasksScrollAndTenThousandArtifactsShowWithoutBlocking(FxRobot robot) throws Exception {
        VitrineApp.Wiring w = window(robot);
        robot.interact(() -> w.vm().addWorkspace(new BigWorkspace()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#taskTable").tryQuery().isPresent()
                && !robot.lookup("#taskTable").queryTableView().getItems().isEmpty());
        TableView<Task> tasks = robot.lookup("#taskTable").queryTableView();
        try (FxWatchdog dog = FxWatchdog.start()) {
            // top to bottom: each jump to the last row asks for the next page, as a user's scrolling does
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int shown = 0;
            while (tasks.getItems().size() < 100_000 && System.nanoTime() < deadline) {
                if (tasks.getItems().size() > shown) {
                    shown = tasks.getItems().size();
                    robot.interact(() -> tasks.scrollTo(tasks.getItems().size() - 1));
                }
                Thread.sleep(10);
            }
            assertThat(tasks.getItems()).hasSize(100_000);

            robot.interact(() -> tasks.getSelectionModel().select(tasks.getItems().size() - 1));
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#artifactTable").tryQuery().isPresent()
                    && robot.lookup("#artifactTable").queryTableView().getItems().size() == 10_000);
            TableView<Artifact> artifacts = robot.lookup("#artifactTable").queryTableView();
            for (int row = 0; row < 10_000; row += 500) {
                int r = row;
                robot.interact(() -> artifacts.scrollTo(r));
            }
            robot.interact(() -> artifacts.getSelectionModel().select(9_999));
            WaitForAsyncUtils.waitForFxEvents();
            dog.assertNotBlocked();
            assertThat(dog.beats()).isGreaterThan(10);
        }
    }

    @Test
    void aThousandQueuedTransfersDoNotBlock(FxRobot robot) throws Exception {
        try (Transfers transfers = new Transfers(4, background)) {
            TransfersViewModel vm = new TransfersViewModel(transfers, new Async(background, Platform::runLater), dir -> {});
            robot.interact(() -> {
                stage.setScene(new Scene(new TransfersView(vm), 900, 600));
                stage.show();
            });
            // the window's first rows (cells made, CSS applied, code compiled) come before the thousand, as for a user
            List<TransferJob> first = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                first.add(transfers.submit("warm-" + i, TransferJob.Direction.DOWNLOAD, "https://files.example/w" + i, (progress, cancel) -> tmp.resolve("w.bin")));
            }
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> first.stream().allMatch(j -> j.state() == TransferJob.State.DONE));
            robot.interact(transfers::clearDone);
            WaitForAsyncUtils.waitForFxEvents();
            try (FxWatchdog dog = FxWatchdog.start()) {
                List<TransferJob> jobs = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    jobs.add(transfers.submit("file-" + i + ".bin", TransferJob.Direction.DOWNLOAD, "https://files.example/" + i, (progress, cancel) -> {
                        for (int step = 1; step <= 10; step++) {
                            progress.progress(step * 100L, 1000L);
                            Thread.sleep(2);
                        }
                        return tmp.resolve("done.bin");
                    }));
                }
                WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> jobs.stream().allMatch(j -> j.state() != TransferJob.State.QUEUED && j.state() != TransferJob.State.RUNNING));
                WaitForAsyncUtils.waitForFxEvents();
                dog.assertNotBlocked();
                assertThat(dog.beats()).isGreaterThan(10);
            }
        }
    }

    @Test
    void theWatchdogFailsOnASleepInOurCodeWithItsStack(FxRobot robot) throws Exception {
        try (FxWatchdog dog = FxWatchdog.start()) {
            Thread.sleep(100);
            robot.interact(FxResponsivenessFlowTest::blockTheFxThread);
            Thread.sleep(100);
            assertThatThrownBy(dog::assertNotBlocked)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("BLOCKED stall")
                    .hasMessageContaining("blockTheFxThread");
        }
    }

    private static void blockTheFxThread() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
