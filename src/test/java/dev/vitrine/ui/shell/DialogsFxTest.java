package dev.vitrine.ui.shell;

import dev.vitrine.app.Services;
import dev.vitrine.app.VitrineApp;
import dev.vitrine.testutil.ListWorkspace;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.upload.UploadViewModel;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dialog as the best desktop tools have it: it does not block the window behind nor the
 * theme toggle (Ctrl+T still switches the theme while it is open), Esc and Ctrl+W close it, it has
 * a Cancel, its messages read whole, and Connect reads a pasted credentials block at once.
 */
@ExtendWith(ApplicationExtension.class)
class DialogsFxTest {

    @TempDir
    static Path tmp;
    private Services services;
    private VitrineApp.Wiring wiring;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        services = Services.create(tmp.resolve("cache"));
        wiring = VitrineApp.wire(services, new Async(Executors.newCachedThreadPool(), Platform::runLater), d -> {});
        scene = new Scene(wiring.window(), 1200, 800);
        Theme.apply(scene, false);
        wiring.vm().darkProperty().addListener((o, a, dark) -> Theme.apply(scene, dark));
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void connectLeavesTheThemeToggleHasCancelClosesOnEscAndCtrlWAndShowsItsWholeMessage(FxRobot robot) throws Exception {
        Stage first = openConnect(robot);
        Stage connect = first;
        assertThat(connect.getModality()).isEqualTo(Modality.NONE);
        assertThat(connect.getOwner()).isSameAs(stage);

        // Ctrl+T in the dialog switches the theme, as in the main window
        boolean before = wiring.vm().darkProperty().get();
        robot.press(KeyCode.CONTROL).type(KeyCode.T).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wiring.vm().darkProperty().get()).isNotEqualTo(before);
        robot.press(KeyCode.CONTROL).type(KeyCode.T).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wiring.vm().darkProperty().get()).isEqualTo(before);

        // a long message wraps instead of losing its end
        robot.interact(() -> ((Button) first.getScene().lookup("#connectButton")).fire());
        Label message = (Label) connect.getScene().lookup("#connectMessage");
        assertThat(message.getText()).startsWith("Missing API server, access key, secret key");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Truncations.in(connect.getScene().getRoot(), Set.of(), n -> false)).isEmpty();
        assertThat(Truncations.shownText(message)).isEqualTo(message.getText());

        // a credentials block pasted into the API server field fills every field at once
        String block = "api {\n  web_server: https://app.example.com\n  api_server: https://api.example.com\n"
                + "  files_server: https://files.example.com\n  credentials {\n    \"access_key\" = \"AK123\"\n    \"secret_key\" = \"SK456\"\n  }\n}\n";
        TextField api = (TextField) connect.getScene().lookup("#connectApiServer");
        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(block);
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            api.requestFocus();
            api.paste();
        });
        assertThat(api.getText()).isEqualTo("https://api.example.com");
        assertThat(((TextField) connect.getScene().lookup("#connectAccessKey")).getText()).isEqualTo("AK123");

        // Esc, Ctrl+W and Cancel close it
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(connect.isShowing()).isFalse();
        connect = openConnect(robot);
        robot.press(KeyCode.CONTROL).type(KeyCode.W).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(connect.isShowing()).isFalse();
        connect = openConnect(robot);
        Button cancel = (Button) connect.getScene().lookup("#connectCancel");
        assertThat(cancel.getText()).isEqualTo("Cancel");
        robot.interact(cancel::fire);
        assertThat(connect.isShowing()).isFalse();
    }

    @Test
    void theShortcutSheetAndTheUploadDialogLeaveTheThemeToggleAndCloseOnEsc(FxRobot robot) throws Exception {
        robot.clickOn(scene.lookup("#statusSource"));
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> newWindow("Keyboard shortcuts") != null);
        Stage sheet = newWindow("Keyboard shortcuts");
        assertThat(sheet.getModality()).isEqualTo(Modality.NONE);
        toggleTwiceIn(robot, sheet);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(sheet.isShowing()).isFalse();

        Path file = Files.writeString(tmp.resolve("notes.txt"), "hello");
        ListWorkspace ws = new ListWorkspace(1);
        var task = ws.tasks(dev.vitrine.workspace.TaskQuery.all()).items().get(0);
        Stage[] upload = new Stage[1];
        robot.interact(() -> upload[0] = UploadDialogs.show(stage, new UploadViewModel(Async.direct(), services.uploader(), services.transfers(),
                ws, task, List.of(), List.of(file)), wiring.vm()));
        assertThat(upload[0].getModality()).isEqualTo(Modality.NONE);
        robot.interact(() -> upload[0].requestFocus());
        toggleTwiceIn(robot, upload[0]);
        robot.press(KeyCode.CONTROL).type(KeyCode.W).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(upload[0].isShowing()).isFalse();
    }

    private void toggleTwiceIn(FxRobot robot, Stage window) {
        robot.targetWindow(window);
        boolean before = wiring.vm().darkProperty().get();
        robot.press(KeyCode.CONTROL).type(KeyCode.T).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wiring.vm().darkProperty().get()).as("Ctrl+T in " + window.getTitle()).isNotEqualTo(before);
        assertThat(window.isShowing()).isTrue();
        robot.press(KeyCode.CONTROL).type(KeyCode.T).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Stage openConnect(FxRobot robot) throws Exception {
        robot.clickOn(scene.lookup("#statusSource"));
        robot.press(KeyCode.CONTROL).type(KeyCode.K).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> newWindow("Connect to a ClearML server") != null);
        Stage s = newWindow("Connect to a ClearML server");
        robot.interact(s::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        return s;
    }

    private static Stage newWindow(String title) {
        for (Window w : Window.getWindows()) {
            if (w instanceof Stage s && s.isShowing() && title.equals(s.getTitle())) return s;
        }
        return null;
    }
}
