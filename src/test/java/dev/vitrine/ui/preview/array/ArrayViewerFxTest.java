package dev.vitrine.ui.preview.array;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The array viewer in a real (headless) window: picking an npz member, slicing, the values tab. */
@ExtendWith(ApplicationExtension.class)
class ArrayViewerFxTest {
    private final ExecutorService bg = Executors.newFixedThreadPool(2);
    private final StackPane root = new StackPane();
    private PreviewContent content;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(root, 1000, 700));
        stage.show();
    }

    @AfterEach
    void tearDown() {
        bg.shutdownNow();
        if (content != null) content.close();
    }

    private ArrayViewer show(String file) throws Exception {
        content = StandardReaders.previewers().open(Corpus.file(file));
        Async async = new Async(bg, Platform::runLater);
        Node[] viewer = new Node[1];
        WaitForAsyncUtils.asyncFx(() -> {
            viewer[0] = dev.vitrine.ui.preview.standard.StandardViewers.create().create(content, async);
            root.getChildren().setAll(viewer[0]);
        }).get();
        ArrayViewer v = (ArrayViewer) viewer[0];
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> v.viewModel().stateProperty().get() == LoadState.READY && v.viewModel().sliceProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return v;
    }

    @Test
    void anNpzMemberIsPickedSlicedAndPaged(FxRobot robot) throws Exception {
        ArrayViewer v = show("files/npy/multi_compressed.npz");
        assertThat(robot.lookup("#summary-shape").queryAs(Label.class).getText()).isEqualTo("(3, 2, 2)");
        Spinner<?> axis0 = robot.lookup("#index-axis-0").queryAs(Spinner.class);
        robot.clickOn(axis0.lookup(".increment-arrow-button"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.viewModel().fixedProperty().get()[0] == 1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.viewModel().sliceProperty().get().get(0, 0) == v.viewModel().array().getDouble(1, 0, 0));

        ComboBox<?> picker = robot.lookup("#array-picker").queryAs(ComboBox.class);
        assertThat(picker.isVisible()).isTrue();
        robot.clickOn(picker).clickOn("y");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "y".equals(v.viewModel().selectedProperty().get())
                && v.viewModel().stateProperty().get() == LoadState.READY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#summary-shape").queryAs(Label.class).getText()).isEqualTo("(2, 5)");

        robot.clickOn("Values");
        TableView<?> values = robot.lookup("#array-values").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> values.getItems().size() == 10);
        assertThat(robot.lookup("3.").tryQuery()).isPresent(); // y[0,0] = 3.0 as numpy prints it
    }

    @Test
    void aRefusedArraySaysWhyInsteadOfAPlot(FxRobot robot) {
        dev.vitrine.testutil.Corpus.require();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StandardReaders.previewers().open(Corpus.file("files/npy/object_dtype.npy")))
                .hasMessageContaining("Python objects");
    }
}
