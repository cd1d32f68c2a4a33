package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Task;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The status bar drops a message about a task once another task is on screen; messages about the window stay. */
@ExtendWith(ApplicationExtension.class)
class StatusBarFxTest {

    @TempDir
    static Path tmp;
    private VitrineApp.Wiring wiring;

    @Start
    void start(Stage stage) {
        wiring = VitrineApp.wire(Services.create(tmp.resolve("cache")), new Async(Executors.newCachedThreadPool(), Platform::runLater), d -> {});
        Scene scene = new Scene(wiring.window(), 1200, 800);
        Theme.apply(scene, false);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aMessageAboutATaskGoesWhenAnotherTaskIsShown(FxRobot robot) throws Exception {
        Path a = new SessionBuilder("a".repeat(32), "prepare data", "P", "data_processing").writeTo(tmp);
        Path b = new SessionBuilder("b".repeat(32), "train model", "P", "training")
                .artifact("notes", "string", "text/plain", "notes.txt", "hello").writeTo(tmp);
        robot.interact(() -> wiring.vm().openSessions(List.of(a, b)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> wiring.vm().browser().tasks().size() == 2);
        Label status = robot.lookup("#statusText").queryAs(Label.class);
        assertThat(status.getText()).isEqualTo("Opened 2 sessions");

        Task first = wiring.vm().browser().tasks().get(0);
        Task second = wiring.vm().browser().tasks().get(1);
        robot.interact(() -> {
            wiring.vm().browser().selectTask(first);
            wiring.vm().report("Select an artifact or a model to save");
        });
        assertThat(status.getText()).isEqualTo("Select an artifact or a model to save");
        robot.interact(() -> wiring.vm().browser().selectTask(second));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).as("a message about the task no longer shown").isEmpty();

        // the pin holds across tasks, and so does its message
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !wiring.vm().task().artifacts().isEmpty());
        robot.interact(() -> wiring.vm().pin(wiring.vm().task().artifacts().get(0)));
        robot.interact(() -> wiring.vm().browser().selectTask(first));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).startsWith("Pinned notes");
    }
}
