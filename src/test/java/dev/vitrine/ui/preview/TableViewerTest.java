package dev.vitrine.ui.preview;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.preview.table.TableContent;
import dev.vitrine.testutil.FxAsync;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.preview.table.TableViewer;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The table viewer on a real file: first rows, counts, search, WHERE filter, a column's statistics. */
@ExtendWith(ApplicationExtension.class)
class TableViewerTest {

    private PreviewContent content;
    private TableViewer table;

    static Path fixture() throws IOException {
        Path dir = Files.createTempDirectory("vitrine-table-ui");
        StringBuilder sb = new StringBuilder(",city,temp,label\n");
        String[] cities = {"Oslo", "Lima", "Pune", "Kyiv"};
        for (int i = 0; i < 1000; i++) sb.append(i).append(',').append(cities[i % 4]).append(',').append(i % 37 - 5).append(",item ").append(i).append('\n');
        Path f = dir.resolve("frame.csv");
        Files.writeString(f, sb);
        return f;
    }

    @Start
    void start(Stage stage) throws Exception {
        content = StandardReaders.previewers().open(fixture());
        table = (TableViewer) dev.vitrine.ui.preview.standard.StandardViewers.create().create(content, FxAsync.create());
        stage.setScene(new Scene(table, 1000, 600));
        stage.show();
    }

    @AfterEach
    void close() {
        content.close();
    }

    private void waitUntil(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Types into a field the quick way (set the text, then a real Enter key). */
    private static void enter(FxRobot robot, String id, String text) {
        javafx.scene.control.TextField f = robot.lookup(id).queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> f.setText(text));
        robot.clickOn(f).type(KeyCode.ENTER);
    }

    static Label header(javafx.scene.control.TableColumn<?, ?> c) {
        return (Label) c.getGraphic();
    }

    @Test
    void searchFiltersAsYouTypeWithoutEnter(FxRobot robot) throws Exception {
        waitUntil(() -> table.viewModel().loadedProperty().get());
        Label status = robot.lookup("#table-status").queryAs(Label.class);
        waitUntil(() -> status.getText().startsWith("1,000 rows"));
        robot.clickOn("#table-search").write("kyiv");
        // no Enter: the search runs once typing pauses
        waitUntil(() -> status.getText().startsWith("250 rows"));
        robot.eraseText(4);
        waitUntil(() -> status.getText().startsWith("1,000 rows"));
    }

    @Test
    void theIndexKeepsItsNameInTheStatistics(FxRobot robot) throws Exception {
        waitUntil(() -> table.viewModel().loadedProperty().get());
        String indexColumn = table.viewModel().columns().get(0).name();
        robot.interact(() -> table.viewModel().showStats(indexColumn));
        waitUntil(() -> robot.lookup("#table-stats").tryQuery().isPresent());
        assertThat(robot.lookup("#table-stats .title-4").queryAs(Label.class).getText()).isEqualTo("index");
    }

    @Test
    void showsRowsSearchesFiltersAndSummarises(FxRobot robot) throws Exception {
        assertThat(content).isInstanceOf(TableContent.class);
        waitUntil(() -> table.viewModel().loadedProperty().get());
        Label status = robot.lookup("#table-status").queryAs(Label.class);
        waitUntil(() -> status.getText().startsWith("1,000 rows"));
        assertThat(status.getText()).contains("3 columns");
        TableView<?> tv = robot.lookup(".table-view").queryAs(TableView.class);
        assertThat(header(tv.getColumns().get(0)).getText()).isEqualTo("index");
        assertThat(header(tv.getColumns().get(1)).getTooltip().getText()).isEqualTo("city · VARCHAR");
        waitUntil(() -> robot.lookup(".table-cell").queryAll().stream().anyMatch(n -> "Oslo".equals(((javafx.scene.control.Labeled) n).getText())));

        enter(robot, "#table-search", "lima");
        waitUntil(() -> status.getText().startsWith("250 rows"));

        enter(robot, "#table-where", "temp > 20");
        waitUntil(() -> status.getText().contains("of 1,000"));
        long filtered = table.viewModel().rowCountProperty().get();
        assertThat(filtered).isBetween(1L, 249L);

        enter(robot, "#table-where", "nonsense >");
        Label error = robot.lookup("#table-error").queryAs(Label.class);
        try {
            waitUntil(() -> !error.getText().isEmpty());
        } catch (Exception e) {
            throw new AssertionError("where=" + robot.lookup("#table-where").queryAs(javafx.scene.control.TextField.class).getText()
                    + " status=" + status.getText() + " err=" + table.viewModel().filterErrorProperty().get());
        }

        table.viewModel().showStats("temp");
        waitUntil(() -> table.viewModel().statsProperty().get() != null);
        assertThat(table.viewModel().statsProperty().get().histogram()).isNotEmpty();
        assertThat(table.stateProperty().get()).isEqualTo(LoadState.READY);
    }

    @Test
    void aRefusedWhereUnderlinesTheWrongNameAndOffersTheNearestColumns(FxRobot robot) throws Exception {
        waitUntil(() -> table.viewModel().loadedProperty().get());
        Label status = robot.lookup("#table-status").queryAs(Label.class);
        waitUntil(() -> status.getText().startsWith("1,000 rows"));
        javafx.scene.control.TextField where = robot.lookup("#table-where").queryAs(javafx.scene.control.TextField.class);

        enter(robot, "#table-where", "tmep > 20 AND city = 'Oslo'");
        waitUntil(() -> robot.lookup("#where-bad").tryQuery().isPresent());
        assertThat(robot.lookup("#where-bad").queryAs(javafx.scene.text.Text.class).getText()).isEqualTo("tmep");
        assertThat(robot.lookup("#where-bad").queryAs(javafx.scene.text.Text.class).isUnderline()).isTrue();
        assertThat(robot.lookup("#where-message").queryAs(Label.class).getText())
                .isEqualTo("There is no column named \"tmep\"; did you mean temp?");
        assertThat(where.getPseudoClassStates()).extracting(Object::toString).contains("danger");
        assertThat(robot.lookup("#table-error").queryAs(Label.class).getText()).startsWith("The filter was not applied: there is no column");
        robot.clickOn(robot.lookup(".where-suggestion").queryAs(javafx.scene.control.Hyperlink.class));
        waitUntil(() -> status.getText().contains("of 1,000"));
        assertThat(where.getText()).isEqualTo("temp > 20 AND city = 'Oslo'");
        assertThat(robot.lookup("#where-problem").queryAs(javafx.scene.Node.class).isVisible()).isFalse();
        assertThat(where.getPseudoClassStates()).extracting(Object::toString).doesNotContain("danger");

        // text in double quotes is a name to SQL: said so
        enter(robot, "#table-where", "city = \"Oslo\"");
        waitUntil(() -> robot.lookup("#where-bad").tryQuery().isPresent());
        assertThat(robot.lookup("#where-bad").queryAs(javafx.scene.text.Text.class).getText()).isEqualTo("\"Oslo\"");
        assertThat(robot.lookup("#where-message").queryAs(Label.class).getText()).contains("text goes in single quotes");

        // a syntax error points where the parser stopped; an unfinished one says so
        enter(robot, "#table-where", "temp > AND city = 'Oslo'");
        waitUntil(() -> robot.lookup("#where-bad").tryQuery().isPresent()
                && robot.lookup("#where-bad").queryAs(javafx.scene.text.Text.class).getText().equals("AND"));
        enter(robot, "#table-where", "temp > ");
        waitUntil(() -> robot.lookup("#where-message").tryQuery().isPresent()
                && robot.lookup("#where-message").queryAs(Label.class).getText().contains("incomplete at its end"));
    }

    @Test
    void columnNamesCompleteWhileTypingAWhere(FxRobot robot) throws Exception {
        waitUntil(() -> table.viewModel().loadedProperty().get());
        javafx.scene.control.TextField where = robot.lookup("#table-where").queryAs(javafx.scene.control.TextField.class);
        robot.clickOn(where).write("ci");
        waitUntil(() -> suggestion(robot, "city") != null);
        robot.clickOn(suggestion(robot, "city"));
        waitUntil(() -> where.getText().equals("city"));
        robot.write(" = 'te");
        // inside a 'string' nothing is offered
        WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
        assertThat(suggestion(robot, "temp")).isNull();
        robot.write("' AND te");
        waitUntil(() -> suggestion(robot, "temp") != null);
        robot.clickOn(suggestion(robot, "temp"));
        waitUntil(() -> where.getText().equals("city = 'te' AND temp"));
        // headers keep the full name and type in a tooltip, and can be resized
        TableView<?> tv = robot.lookup(".table-view").queryAs(TableView.class);
        assertThat(tv.getColumns()).allMatch(javafx.scene.control.TableColumn::isResizable);
        assertThat(header(tv.getColumns().get(2)).getTooltip().getText()).startsWith("temp · ");
    }

    /** The completion popup's entry showing {@code name}, or null. */
    private static javafx.scene.Node suggestion(FxRobot robot, String name) {
        return robot.lookup(".auto-complete-popup .list-cell").queryAll().stream()
                .filter(n -> n.isVisible() && name.equals(((javafx.scene.control.Labeled) n).getText())).findFirst().orElse(null);
    }
}
