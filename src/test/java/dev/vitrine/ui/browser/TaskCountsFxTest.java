package dev.vitrine.ui.browser;

import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FxAsync;
import dev.vitrine.testutil.Transcripts;
import dev.vitrine.workspace.server.ServerWorkspace;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The project tree's count and the task list's footer say the same, counted once by the server
 * (the recorded world: vision holds a dataset task in a hidden sub-project, which the list shows);
 * "200+" becomes the real total when the server can count it, with filters too.
 */
@ExtendWith(ApplicationExtension.class)
class TaskCountsFxTest {

    private Stage stage;
    private FakeClearmlServer fake;
    private ServerWorkspace ws;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop() {
        if (ws != null) ws.close();
        if (fake != null) fake.close();
    }

    @Test
    void treeAndFooterAgreeAndThe200PlusBecomesTheTotal(FxRobot robot) throws Exception {
        assumeTrue(Transcripts.available(), "transcripts not present");
        fake = FakeClearmlServer.start(Transcripts.world());
        ws = new ServerWorkspace(ClearmlClient.builder(fake.config()).build(), "fake");
        BrowserViewModel vm = new BrowserViewModel(FxAsync.create());
        NavigatorView[] view = new NavigatorView[1];
        robot.interact(() -> {
            view[0] = new NavigatorView(vm);
            stage.setScene(new Scene(view[0], 700, 700));
            stage.show();
            vm.addWorkspace(ws);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.trees().isEmpty());

        select(robot, vm, "vision");
        Label footer = robot.lookup("#taskCount").queryAs(Label.class);
        assertThat(vm.tasks()).hasSize(10);
        assertThat(treeText(robot, "vision")).isEqualTo("vision  (10)");
        assertThat(footer.getText()).isEqualTo("10 tasks");

        select(robot, vm, "paging-2000");
        assertThat(treeText(robot, "paging-2000")).isEqualTo("paging-2000  (2000)");
        assertThat(footer.getText()).isEqualTo("200 of 2000 tasks");

        // filtered: the server counts with the same filter (completed or failed: 200 + 40)
        robot.interact(() -> vm.filter(List.of("completed", "failed"), List.of()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.tasks().size() == 200 && vm.tasksTotalProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(footer.getText()).isEqualTo("200 of 240 tasks");

        // a text search cannot be counted by the server: the footer says so
        robot.interact(() -> {
            vm.filter(List.of(), List.of());
            vm.search("run-");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.tasks().size() == 200);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(footer.getText()).isEqualTo("200+ tasks");
    }

    private static void select(FxRobot robot, BrowserViewModel vm, String project) throws Exception {
        NavNode node = find(vm.trees().get(0), project);
        robot.interact(() -> vm.select(node));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.tasks().isEmpty() && !vm.loadingMoreProperty().get()
                && vm.tasksTotalProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static NavNode find(ProjectTree t, String name) {
        if (t.node().project() != null && t.node().project().name().equals(name)) return t.node();
        for (ProjectTree c : t.children()) {
            NavNode n = find(c, name);
            if (n != null) return n;
        }
        return null;
    }

    private static String treeText(FxRobot robot, String label) {
        return robot.lookup("#projectTree .tree-cell").queryAllAs(TreeCell.class).stream()
                .map(c -> c.getText()).filter(t -> t != null && t.startsWith(label + " ")).findFirst().orElse(null);
    }
}
