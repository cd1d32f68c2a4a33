package dev.vitrine.ui.compare;

import dev.vitrine.compare.Diffs;
import dev.vitrine.compare.ModelDiff;
import dev.vitrine.compare.TableDiff;
import dev.vitrine.compare.TensorDiff;
import dev.vitrine.compare.TextDiff;
import dev.vitrine.preview.array.Histogram;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.Slice2D;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.ui.preview.array.Colormap;
import dev.vitrine.ui.preview.array.PlotCanvas;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.function.Function;

/**
 * Two models, checkpoints, arrays, images, tables or texts side by side, bound one way to a
 * {@link CompareViewModel}: metadata with differences highlighted and the design diff, a sortable
 * tensor table, per-group totals and the histogram of the selected tensor (A blue, B orange)
 * (Ctrl+Shift+S sorts by change); array statistics with the |A−B| heatmap; images side by side,
 * as a swipe or as a difference image ({@link ImageComparePane}); a table's columns A vs B.
 */
public final class CompareView extends StatusPane {
    static final PseudoClass DIFFERS = PseudoClass.getPseudoClass("differs");
    private final CompareViewModel vm;
    private final PlotCanvas hist = new PlotCanvas();

    public CompareView(CompareViewModel vm) {
        super("mdi2c-compare-horizontal");
        this.vm = vm;
        getStyleClass().add("compare-view");
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());
        vm.kindProperty().addListener((o, a, b) -> rebuild());
        vm.histogramsProperty().addListener((o, a, b) -> paintHistogram(b));
        vm.imageDiffProperty().addListener((o, a, b) -> { if (vm.kindProperty().get() == Diffs.Kind.IMAGE) rebuild(); });
        vm.arrayDifferenceProperty().addListener((o, a, b) -> paintHeatmap(b));
        rebuild();
        sceneProperty().addListener((o, a, s) -> {
            if (s != null) s.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), vm::sortByChange);
        });
    }

    public CompareViewModel viewModel() {
        return vm;
    }

    private void rebuild() {
        Diffs.Kind k = vm.kindProperty().get();
        Label headline = new Label();
        headline.textProperty().bind(vm.headlineProperty());
        headline.getStyleClass().add("title-4");
        headline.setId("compare-headline");
        headline.setWrapText(true);
        headline.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        headline.setPadding(new Insets(6, 8, 6, 8));
        Node center;
        if (k == Diffs.Kind.ARRAY) {
            center = arrayPane();
        } else if (k == Diffs.Kind.IMAGE) {
            center = vm.imageDiffProperty().get() == null ? new Label() : new ImageComparePane(vm.imageDiffProperty().get());
        } else if (k == Diffs.Kind.TABLE) {
            center = tablePane();
        } else if (k == Diffs.Kind.TEXT) {
            center = diffList(vm.textRows(), "text-diff");
        } else if (k == Diffs.Kind.FILE) {
            center = metaTable(vm.metadata(), "file-diff-table");
        } else {
            center = checkpointPane();
        }
        setContent(new BorderPane(center, headline, null, null, null));
    }

    private Node checkpointPane() {
        javafx.collections.transformation.SortedList<TensorDiff> sorted = new javafx.collections.transformation.SortedList<>(vm.tensors());
        TableView<TensorDiff> table = new TableView<>(sorted);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setId("tensor-table");
        table.getColumns().add(col("tensor", TensorDiff::name, 220));
        table.getColumns().add(col("status", t -> t.status().wire(), 80));
        table.getColumns().add(col("shape A", t -> shape(t.shapeA()), 100));
        table.getColumns().add(col("shape B", t -> shape(t.shapeB()), 100));
        table.getColumns().add(col("dtype", t -> t.dtypeA() == null ? t.dtypeB() : t.dtypeB() == null || t.dtypeA().equals(t.dtypeB()) ? t.dtypeA() : t.dtypeA() + " → " + t.dtypeB(), 90));
        table.getColumns().add(numCol("L2 A", TensorDiff::l2A));
        table.getColumns().add(numCol("L2 B", TensorDiff::l2B));
        table.getColumns().add(numCol("L2 A−B", TensorDiff::l2Diff));
        TableColumn<TensorDiff, Double> rel = numCol("rel. change", TensorDiff::relChange);
        table.getColumns().add(rel);
        table.getColumns().add(numCol("cosine", TensorDiff::cosine));
        table.getColumns().add(numCol("max |A−B|", TensorDiff::maxAbsDiff));
        // one checkpoint on its own (a model's preview): no B side to show
        for (TableColumn<TensorDiff, ?> c : table.getColumns()) {
            String t = c.getText();
            if (t.equals("status") || t.endsWith(" B") || t.contains("A−B") || t.equals("rel. change") || t.equals("cosine")) {
                c.visibleProperty().bind(vm.singleProperty().not());
            }
            if (t.equals("shape A") || t.equals("L2 A")) c.textProperty().bind(vm.singleProperty().map(one -> one ? t.substring(0, t.length() - 2) : t));
        }
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(TensorDiff t, boolean empty) {
                super.updateItem(t, empty);
                pseudoClassStateChanged(DIFFERS, !empty && t != null && t.status() != TensorDiff.Status.SAME);
                setStyle(!empty && t != null && t.status() != TensorDiff.Status.SAME && t.status() != TensorDiff.Status.CHANGED
                        ? "-fx-font-weight: bold;" : "");
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null) vm.selectTensor(b.name()); });
        Button sort = new Button("Sort by change", new FontIcon("mdi2s-sort-descending"));
        sort.setId("sort-by-change");
        sort.setTooltip(new Tooltip("Largest relative change first (Ctrl+Shift+S)"));
        sort.setOnAction(e -> {
            table.getSortOrder().clear();
            vm.sortByChange();
        });

        TableView<ModelDiff.GroupTotal> groups = new TableView<>(vm.groups());
        groups.setId("group-table");
        groups.getColumns().add(gcol("group", ModelDiff.GroupTotal::group));
        groups.getColumns().add(gcol("tensors", g -> String.valueOf(g.tensors())));
        groups.getColumns().add(gcol("changed", g -> String.valueOf(g.changed())));
        groups.getColumns().add(gcol("L2 A−B", g -> CompareViewModel.num(g.l2Diff())));
        groups.getColumns().add(gcol("rel. change", g -> CompareViewModel.num(g.relChange())));

        Label histTitle = new Label();
        histTitle.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String n = vm.selectedTensorProperty().get();
            return n == null ? "" : "Values of " + n + (vm.singleProperty().get() ? "" : "  (A blue, B orange)");
        }, vm.selectedTensorProperty(), vm.singleProperty()));
        histTitle.setPadding(new Insets(4, 8, 0, 8));
        VBox histBox = new VBox(histTitle, hist);
        javafx.scene.layout.VBox.setVgrow(hist, javafx.scene.layout.Priority.ALWAYS);
        groups.setPlaceholder(new Label("Per-layer totals appear when two checkpoints are compared"));
        SplitPane bottom = new SplitPane(histBox, groups);
        bottom.setDividerPositions(0.6);
        sort.visibleProperty().bind(vm.singleProperty().not());
        sort.managedProperty().bind(sort.visibleProperty());
        vm.singleProperty().addListener((o, was, one) -> {
            if (one) bottom.getItems().remove(groups);
        });
        if (vm.singleProperty().get()) bottom.getItems().remove(groups);

        BorderPane tablePane = new BorderPane(table, new HBox(8, sort), null, null, null);
        SplitPane main = new SplitPane(tablePane, bottom);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.6);
        if (vm.metadata().isEmpty() && vm.designDiff().isEmpty()) return main;
        TabPane tabs = new TabPane(new Tab("Tensors", main), new Tab("Metadata", metaTable(vm.metadata(), "metadata-table")),
                new Tab("Design", diffList(vm.designDiff(), "design-diff")));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    private final PlotCanvas heat = new PlotCanvas();

    /** The array statistics A vs B and, when the shapes match, the |A−B| heatmap of the first plane. */
    private Node arrayPane() {
        Node table = metaTable(vm.arrayRows(), "array-diff-table");
        Label title = new Label("|A−B| of the first 2-D slice (magma: black = 0, bright = the largest difference)");
        title.setPadding(new Insets(4, 8, 0, 8));
        heat.setId("array-diff-heatmap");
        VBox box = new VBox(title, heat);
        VBox.setVgrow(heat, javafx.scene.layout.Priority.ALWAYS);
        box.visibleProperty().bind(vm.arrayDifferenceProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        paintHeatmap(vm.arrayDifferenceProperty().get());
        SplitPane split = new SplitPane(table, box);
        split.setDividerPositions(0.45);
        return split;
    }

    private void paintHeatmap(Slice2D s) {
        if (s == null) {
            heat.paint(null);
            return;
        }
        double max = 0;
        for (double v : s.values()) if (Double.isFinite(v) && v > max) max = v;
        double hi = max == 0 ? 1 : max;
        heat.paint(g -> PlotCanvas.heatmap(g, s, Colormap.MAGMA, 0, hi));
    }

    private Node tablePane() {
        TableView<TableDiff.Column> t = new TableView<>(vm.tableColumns());
        t.setId("table-diff-table");
        t.getColumns().add(tcol("column", TableDiff.Column::name, 160));
        t.getColumns().add(tcol("status", c -> c.status().wire(), 80));
        t.getColumns().add(tcol("type A", TableDiff.Column::typeA, 100));
        t.getColumns().add(tcol("type B", TableDiff.Column::typeB, 100));
        t.getColumns().add(tcol("nulls A", c -> c.statsA() == null ? null : String.format("%,d", c.statsA().nulls()), 70));
        t.getColumns().add(tcol("nulls B", c -> c.statsB() == null ? null : String.format("%,d", c.statsB().nulls()), 70));
        t.getColumns().add(tcol("distinct A", c -> c.statsA() == null ? null : String.format("%,d", c.statsA().distinct()), 80));
        t.getColumns().add(tcol("distinct B", c -> c.statsB() == null ? null : String.format("%,d", c.statsB().distinct()), 80));
        t.getColumns().add(tcol("min A", c -> c.statsA() == null ? null : c.statsA().min(), 90));
        t.getColumns().add(tcol("min B", c -> c.statsB() == null ? null : c.statsB().min(), 90));
        t.getColumns().add(tcol("max A", c -> c.statsA() == null ? null : c.statsA().max(), 90));
        t.getColumns().add(tcol("max B", c -> c.statsB() == null ? null : c.statsB().max(), 90));
        t.getColumns().add(tcol("mean A", c -> c.statsA() == null ? null : CompareViewModel.num(c.statsA().mean()), 90));
        t.getColumns().add(tcol("mean B", c -> c.statsB() == null ? null : CompareViewModel.num(c.statsB().mean()), 90));
        t.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(TableDiff.Column c, boolean empty) {
                super.updateItem(c, empty);
                boolean d = !empty && c != null && c.status() != TableDiff.Status.SAME;
                pseudoClassStateChanged(DIFFERS, d);
                setStyle(!d ? "" : c.status() == TableDiff.Status.CHANGED ? "-fx-background-color: rgba(249,115,22,0.18);"
                        : "-fx-background-color: rgba(249,115,22,0.18); -fx-font-weight: bold;");
            }
        });
        return t;
    }

    private static TableColumn<TableDiff.Column, String> tcol(String title, Function<TableDiff.Column, String> f, double width) {
        TableColumn<TableDiff.Column, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(f.apply(x.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void paintHistogram(Histogram[] h) {
        hist.paint(h == null ? null : g -> PlotCanvas.histograms(g, h[0], h[1]));
    }

    private static Node metaTable(javafx.collections.ObservableList<CompareViewModel.MetaRow> rows, String id) {
        TableView<CompareViewModel.MetaRow> t = new TableView<>(rows);
        t.setId(id);
        TableColumn<CompareViewModel.MetaRow, String> f = new TableColumn<>("field");
        f.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().field()));
        TableColumn<CompareViewModel.MetaRow, String> a = new TableColumn<>("A");
        a.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().a()));
        a.setPrefWidth(280);
        TableColumn<CompareViewModel.MetaRow, String> b = new TableColumn<>("B");
        b.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().b()));
        b.setPrefWidth(280);
        t.getColumns().add(f);
        t.getColumns().add(a);
        t.getColumns().add(b);
        t.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(CompareViewModel.MetaRow r, boolean empty) {
                super.updateItem(r, empty);
                boolean d = !empty && r != null && r.differs();
                pseudoClassStateChanged(DIFFERS, d);
                setStyle(d ? "-fx-background-color: rgba(249,115,22,0.18);" : "");
            }
        });
        return t;
    }

    private static Node diffList(javafx.collections.ObservableList<TextDiff.Row> rows, String id) {
        ListView<TextDiff.Row> l = new ListView<>(rows);
        l.setId(id);
        l.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(TextDiff.Row r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setText(null);
                    setStyle("");
                    return;
                }
                String left = r.textA() == null ? "" : r.textA(), right = r.textB() == null ? "" : r.textB();
                switch (r.kind()) {
                    case EQUAL: setText("  " + left); setStyle(""); break;
                    case DELETED: setText("− " + left); setStyle("-fx-background-color: rgba(239,68,68,0.18);"); break;
                    case INSERTED: setText("+ " + right); setStyle("-fx-background-color: rgba(34,197,94,0.18);"); break;
                    default: setText("− " + left + "\n+ " + right); setStyle("-fx-background-color: rgba(249,115,22,0.18);");
                }
                setStyle(getStyle() + "-fx-font-family: monospace;");
            }
        });
        return l;
    }

    private static TableColumn<TensorDiff, String> col(String title, Function<TensorDiff, String> f, double width) {
        TableColumn<TensorDiff, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(f.apply(x.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<TensorDiff, Double> numCol(String title, Function<TensorDiff, Double> f) {
        TableColumn<TensorDiff, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        c.setCellFactory(x -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Double d, boolean empty) {
                super.updateItem(d, empty);
                setText(empty ? null : CompareViewModel.num(d));
                setTooltip(empty || d == null ? null : new Tooltip(String.valueOf(d)));
            }
        });
        c.getStyleClass().add("numeric");
        c.setComparator(java.util.Comparator.nullsFirst(Double::compare));
        // wide enough for "-3.10146e-05" whole: numbers are never cut to "…"
        c.setPrefWidth(104);
        c.setMinWidth(96);
        return c;
    }

    private static TableColumn<ModelDiff.GroupTotal, String> gcol(String title, Function<ModelDiff.GroupTotal, String> f) {
        TableColumn<ModelDiff.GroupTotal, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(f.apply(x.getValue())));
        if (!title.equals("group")) {
            c.getStyleClass().add("numeric");
            // room for the header's own text beside the sort arrow: "changed", "rel. change"
            c.setMinWidth(title.startsWith("L2") || title.startsWith("rel") ? 112 : 84);
        }
        return c;
    }

    private static String shape(long[] s) {
        return s == null ? "–" : NdArray.shapeText(s);
    }
}
