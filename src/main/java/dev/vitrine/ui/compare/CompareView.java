package dev.vitrine.ui.compare;

import dev.vitrine.compare.Diffs;
import dev.vitrine.compare.ModelDiff;
import dev.vitrine.compare.TensorDiff;
import dev.vitrine.compare.TextDiff;
import dev.vitrine.preview.array.Histogram;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.ui.common.StatusPane;
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
 * Two models, checkpoints, arrays or texts side by side, bound one way to a {@link CompareViewModel}:
 * metadata with differences highlighted and the design diff, a sortable tensor table, per-group
 * totals and the histogram of the selected tensor (A blue, B orange). Ctrl+Shift+S sorts by change.
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
        headline.setPadding(new Insets(6, 8, 6, 8));
        Node center;
        if (k == Diffs.Kind.ARRAY) {
            center = metaTable(vm.arrayRows(), "array-diff-table");
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
        histTitle.textProperty().bind(vm.selectedTensorProperty().map(n -> n == null ? "" : "Values of " + n + "  (A blue, B orange)"));
        histTitle.setPadding(new Insets(4, 8, 0, 8));
        VBox histBox = new VBox(histTitle, hist);
        javafx.scene.layout.VBox.setVgrow(hist, javafx.scene.layout.Priority.ALWAYS);
        SplitPane bottom = new SplitPane(histBox, groups);
        bottom.setDividerPositions(0.6);

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
            }
        });
        c.setComparator(java.util.Comparator.nullsFirst(Double::compare));
        c.setPrefWidth(95);
        return c;
    }

    private static TableColumn<ModelDiff.GroupTotal, String> gcol(String title, Function<ModelDiff.GroupTotal, String> f) {
        TableColumn<ModelDiff.GroupTotal, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyStringWrapper(f.apply(x.getValue())));
        return c;
    }

    private static String shape(long[] s) {
        return s == null ? "–" : NdArray.shapeText(s);
    }
}
