package dev.vitrine.ui.preview.table;

import dev.vitrine.preview.table.ColumnInfo;
import dev.vitrine.preview.table.ColumnStats;
import dev.vitrine.preview.table.TableContent;
import dev.vitrine.preview.table.WhereProblem;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.StatusPane;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableListBase;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A virtualised table over a {@link TableContent}: the row list is a window of row numbers, each
 * cell asks the ViewModel, which fetches pages from DuckDB as they scroll into view. A search box,
 * a WHERE box, header-click sorting (in DuckDB), a column statistics side panel, copy and export.
 */
public final class TableViewer extends StatusPane {

    private final TableViewModel vm;
    private final TableView<Long> table = new TableView<>();
    private final RowWindow rows = new RowWindow();
    private final VBox statsPanel = new VBox(6);
    /** The column names the completion offers; replaced whole (it is read off the FX thread). */
    private volatile List<String> columnNames = List.of();
    /** The WHERE text the shown problem points into. */
    private String problemText;
    /** How long typing must pause before the search runs. */
    static final Duration SEARCH_DEBOUNCE = Duration.millis(250);

    public TableViewer(TableContent content, Async async) {
        super("mdi2t-table");
        this.vm = new TableViewModel(content, async);
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());
        setContent(build());
        vm.columns().addListener((javafx.collections.ListChangeListener<ColumnInfo>) c -> rebuildColumns());
        vm.rowCountProperty().addListener((o, a, b) -> rows.resize(b.longValue()));
        vm.rowsChangedProperty().addListener((o, a, b) -> table.refresh());
        vm.statsProperty().addListener((o, a, b) -> showStats(b));
        rebuildColumns();
        rows.resize(vm.rowCountProperty().get());
    }

    public TableViewModel viewModel() {
        return vm;
    }

    private BorderPane build() {
        TextField search = new TextField();
        search.setPromptText("Search");
        search.setTooltip(new javafx.scene.control.Tooltip("Search all columns as you type"));
        search.setId("table-search");
        // filters as you type, once typing pauses; a newer search cancels the count of an older one
        PauseTransition typing = new PauseTransition(SEARCH_DEBOUNCE);
        typing.setOnFinished(e -> vm.search(search.getText()));
        search.textProperty().addListener((o, a, b) -> typing.playFromStart());
        search.setOnAction(e -> {
            typing.stop();
            vm.search(search.getText());
        });
        TextField where = new TextField();
        where.setPromptText("SQL WHERE, e.g. score > 0.5 AND label = 'cat' (Enter)");
        where.setId("table-where");
        where.setOnAction(e -> vm.filter(where.getText()));
        where.setTooltip(new Tooltip("A SQL condition over the columns, run by DuckDB; column names complete as you type"));
        HBox.setHgrow(where, Priority.ALWAYS);
        new ColumnCompletion(where, () -> columnNames);
        vm.columns().addListener((javafx.collections.ListChangeListener<ColumnInfo>) c -> columnNames = vm.columnNames());
        columnNames = vm.columnNames();
        VBox problem = new VBox(2);
        problem.setId("where-problem");
        problem.setPadding(new Insets(0, 6, 4, 6));
        problem.setVisible(false);
        problem.setManaged(false);
        vm.whereProblemProperty().addListener((o, a, b) -> showProblem(problem, where, b));
        // an edited expression is no longer the one the problem points into
        where.textProperty().addListener((o, a, b) -> {
            if (problem.isVisible() && !b.equals(problemText)) showProblem(problem, where, null);
        });
        Button export = new Button(null, new FontIcon("mdi2f-file-export-outline"));
        export.setAccessibleText("Export the current view to CSV");
        export.setTooltip(new Tooltip("Export the current view to CSV (Ctrl+E)"));
        export.setOnAction(e -> export());
        Label status = new Label();
        status.setId("table-status");
        status.textProperty().bind(vm.statusProperty());
        Label error = new Label();
        error.setId("table-error");
        error.getStyleClass().add("danger");
        error.textProperty().bind(vm.filterErrorProperty());
        error.setWrapText(true);
        HBox bar = new HBox(8, new FontIcon("mdi2m-magnify"), search, where, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        Label notice = new Label();
        notice.setId("table-notice");
        notice.textProperty().bind(vm.noticeProperty());
        HBox foot = new HBox(12, status, notice, error);
        foot.setPadding(new Insets(4, 6, 4, 6));

        table.setItems(rows);
        table.getSelectionModel().setCellSelectionEnabled(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setSortPolicy(t -> {
            if (t.getSortOrder().isEmpty()) vm.sort(null, false);
            else {
                TableColumn<Long, ?> c = t.getSortOrder().get(0);
                vm.sort((String) c.getUserData(), c.getSortType() == TableColumn.SortType.DESCENDING);
            }
            return true;
        });
        table.getSelectionModel().getSelectedCells().addListener((javafx.collections.ListChangeListener<TablePosition>) c -> {
            var cells = table.getSelectionModel().getSelectedCells();
            if (!cells.isEmpty() && cells.get(cells.size() - 1).getTableColumn() != null) {
                vm.showStats((String) cells.get(cells.size() - 1).getTableColumn().getUserData());
            }
        });
        MenuItem copy = new MenuItem("Copy");
        copy.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN));
        copy.setOnAction(e -> copySelection());
        table.setContextMenu(new ContextMenu(copy));
        table.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN).match(e)) copySelection();
            if (new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN).match(e)) export();
        });

        statsPanel.setPadding(new Insets(8));
        statsPanel.setMinWidth(220);
        Label hint = new Label("Select a cell to see its column's statistics");
        hint.setWrapText(true);
        statsPanel.getChildren().setAll(hint);
        SplitPane split = new SplitPane(table, statsPanel);
        split.setDividerPositions(0.75);
        SplitPane.setResizableWithParent(statsPanel, false);

        BorderPane root = new BorderPane(split);
        root.setTop(new VBox(bar, problem));
        root.setBottom(foot);
        return root;
    }

    /**
     * A refused WHERE said in plain words under the bar: the expression with the part at fault
     * underlined, and the nearest column names as links that put the name in its place.
     */
    private void showProblem(VBox box, TextField where, WhereProblem p) {
        where.pseudoClassStateChanged(DANGER, p != null);
        box.setVisible(p != null);
        box.setManaged(p != null);
        box.getChildren().clear();
        problemText = p == null ? null : where.getText();
        if (p == null) return;
        String text = where.getText();
        if (p.hasSpan() && p.end() <= text.length()) {
            Text before = new Text(text.substring(0, p.start()));
            Text bad = new Text(text.substring(p.start(), p.end()));
            bad.setUnderline(true);
            bad.getStyleClass().add("where-bad");
            bad.setId("where-bad");
            Text after = new Text(text.substring(p.end()));
            for (Text t : new Text[] {before, bad, after}) t.getStyleClass().add("where-text");
            TextFlow flow = new TextFlow(before, bad, after);
            flow.setId("where-flow");
            box.getChildren().add(flow);
        }
        Label message = new Label(capitalise(p.message()));
        message.setWrapText(true);
        message.getStyleClass().add("danger");
        message.setId("where-message");
        box.getChildren().add(message);
        if (!p.suggestions().isEmpty() && p.hasSpan()) {
            HBox links = new HBox(6, new Label("Use:"));
            links.setAlignment(Pos.CENTER_LEFT);
            for (String s : p.suggestions()) {
                Hyperlink l = new Hyperlink(s);
                l.getStyleClass().add("where-suggestion");
                l.setOnAction(e -> {
                    String name = s.matches("[A-Za-z_][A-Za-z0-9_]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
                    where.replaceText(p.start(), p.end(), name);
                    vm.filter(where.getText());
                });
                links.getChildren().add(l);
            }
            box.getChildren().add(links);
        }
    }

    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void rebuildColumns() {
        List<TableColumn<Long, String>> cols = new ArrayList<>();
        String index = vm.indexColumnProperty().get();
        for (int i = 0; i < vm.columns().size(); i++) {
            ColumnInfo info = vm.columns().get(i);
            final int col = i;
            boolean isIndex = index != null && i < vm.indexCount();
            String title = vm.displayName(info.name());
            TableColumn<Long, String> c = new TableColumn<>();
            // the header's label carries the full name as a tooltip: a long name is cut, never lost
            Label header = new Label(title);
            header.setTooltip(new Tooltip(info.type().equals("…") ? title : title + " · " + info.type()));
            c.setGraphic(header);
            c.setUserData(info.name());
            // the cell's value is the exact text (copied as is); the cell shows it formatted
            c.setCellValueFactory(cd -> {
                String v = vm.cell(cd.getValue(), col);
                return new ReadOnlyObjectWrapper<>(v == null ? "…" : v);
            });
            c.setCellFactory(tc -> new ValueCell(info.numeric() && !isIndex, CellText.isFloating(info.type())));
            c.setSortable(vm.loadedProperty().get());
            c.setPrefWidth(Math.max(70, Math.min(240, title.length() * 9 + 30)));
            if (isIndex) c.getStyleClass().add("index-column");
            cols.add(c);
        }
        table.getColumns().setAll(cols);
    }

    private void showStats(ColumnStats s) {
        if (s == null) return;
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(3);
        String[][] rowsText = {
                {"Type", s.type()}, {"Rows", String.format("%,d", s.rows())}, {"Nulls", String.format("%,d", s.nulls())},
                {"Distinct", String.format("%,d", s.distinct())}, {"Min", s.min()}, {"Max", s.max()},
                {"Mean", s.mean() == null ? null : dev.vitrine.ui.common.Format.figure(s.mean())}, {"Sum", s.sum()}};
        int r = 0;
        for (String[] kv : rowsText) {
            if (kv[1] == null) continue;
            Label v = new Label(kv[1]);
            v.setWrapText(true);
            g.addRow(r++, new Label(kv[0]), v);
        }
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setPrefHeight(200);
        chart.setBarGap(0);
        chart.setCategoryGap(1);
        x.setTickLabelsVisible(s.histogram().size() <= 10);
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        TreeMap<Integer, Integer> seen = new TreeMap<>();
        for (ColumnStats.Bin b : s.histogram()) {
            String label = b.label();
            int n = seen.merge(label.hashCode(), 1, Integer::sum);
            series.getData().add(new XYChart.Data<>(n > 1 ? label + " (" + n + ")" : label, b.count()));
        }
        chart.getData().add(series);
        Label title = new Label(vm.displayName(s.column()));
        title.getStyleClass().add("title-4");
        statsPanel.getChildren().setAll(title, g, chart);
        statsPanel.setId("table-stats");
    }

    private void copySelection() {
        var cells = new ArrayList<>(table.getSelectionModel().getSelectedCells());
        if (cells.isEmpty()) return;
        cells.sort((a, b) -> a.getRow() != b.getRow() ? Integer.compare(a.getRow(), b.getRow()) : Integer.compare(a.getColumn(), b.getColumn()));
        StringBuilder sb = new StringBuilder();
        int lastRow = cells.get(0).getRow();
        boolean first = true;
        for (TablePosition<?, ?> p : cells) {
            if (p.getRow() != lastRow) {
                sb.append('\n');
                lastRow = p.getRow();
                first = true;
            }
            if (!first) sb.append('\t');
            Object v = p.getTableColumn().getCellData(p.getRow());
            sb.append(v == null ? "" : v);
            first = false;
        }
        ClipboardContent cc = new ClipboardContent();
        cc.putString(sb.toString());
        Clipboard.getSystemClipboard().setContent(cc);
    }

    private void export() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the current view to CSV");
        fc.setInitialFileName("export.csv");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File f = getScene() == null ? null : fc.showSaveDialog(getScene().getWindow());
        if (f != null) vm.exportTo(f.toPath());
    }

    /** A cell showing its value formatted (numbers right-aligned, floats to a common precision), the exact value in a tooltip. */
    private static final class ValueCell extends javafx.scene.control.TableCell<Long, String> {
        private final boolean numeric;
        private final boolean floating;

        ValueCell(boolean numeric, boolean floating) {
            this.numeric = numeric;
            this.floating = floating;
            if (numeric) getStyleClass().add("numeric-cell");
        }

        @Override
        protected void updateItem(String v, boolean empty) {
            super.updateItem(v, empty);
            if (empty || v == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String shown = floating ? CellText.floating(v) : v;
            setText(shown);
            setAlignment(numeric ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
            // the exact value where the cell shows less of it (rounded or cut); never a tooltip per short value
            setTooltip(!shown.equals(v) || v.length() > 24 ? new Tooltip(v) : null);
        }
    }

    /** Row numbers 0..n-1 as a list that holds nothing: the table virtualises over it. */
    private static final class RowWindow extends ObservableListBase<Long> {
        private int size;

        void resize(long n) {
            int newSize = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, n));
            beginChange();
            int old = size;
            if (old > 0) nextRemove(0, new java.util.AbstractList<Long>() {
                @Override
                public Long get(int i) {
                    return (long) i;
                }

                @Override
                public int size() {
                    return old;
                }
            });
            size = newSize;
            if (newSize > 0) nextAdd(0, newSize);
            endChange();
        }

        @Override
        public Long get(int index) {
            return (long) index;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
