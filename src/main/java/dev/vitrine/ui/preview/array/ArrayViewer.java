package dev.vitrine.ui.preview.array;

import dev.vitrine.preview.array.ArrayStats;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.Slice2D;
import dev.vitrine.ui.common.StatusPane;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shows one .npy or .npz: an array picker (npz), the summary, a plot (line, heatmap with colormap and
 * colorbar, or RGB image) with N-D slicing controls, a histogram and a paged values table.
 * Bound one way to an {@link ArrayViewModel}; no I/O here.
 */
public final class ArrayViewer extends StatusPane {
    private final ArrayViewModel vm;
    private final PlotCanvas plotCanvas = new PlotCanvas();
    private final PlotCanvas histCanvas = new PlotCanvas();
    private final FlowPane summary = new FlowPane(14, 4);
    private final FlowPane sliceControls = new FlowPane(8, 4);
    private final TableView<ArrayViewModel.ValueRow> table = new TableView<>();

    public ArrayViewer(ArrayViewModel vm) {
        super("mdi2m-matrix");
        this.vm = vm;
        getStyleClass().add("array-viewer");
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());

        ComboBox<String> picker = new ComboBox<>(vm.arrayNames());
        picker.setId("array-picker");
        picker.setAccessibleText("Array");
        picker.setTooltip(new Tooltip("Array in this .npz"));
        picker.getSelectionModel().select(vm.selectedProperty().get());
        picker.valueProperty().addListener((o, a, b) -> { if (b != null && !b.equals(vm.selectedProperty().get())) vm.selectArray(b); });
        picker.setVisible(vm.isNpz());
        picker.setManaged(vm.isNpz());

        summary.setId("array-summary");
        vm.summary().addListener((ListChangeListener<Map.Entry<String, String>>) c -> rebuildSummary());
        HBox top = new HBox(12, picker, summary);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 8, 6, 8));
        HBox.setHgrow(summary, Priority.ALWAYS);

        ComboBox<ArrayViewModel.Plot> plotKind = new ComboBox<>(vm.plotKinds());
        plotKind.setValue(vm.plotProperty().get());
        plotKind.setId("plot-kind");
        plotKind.setAccessibleText("Plot kind");
        plotKind.valueProperty().addListener((o, a, b) -> { if (b != null && b != vm.plotProperty().get()) vm.setPlot(b); });
        vm.plotProperty().addListener((o, a, b) -> plotKind.setValue(b));
        ComboBox<Colormap> cmap = new ComboBox<>();
        cmap.getItems().setAll(Colormap.values());
        cmap.setId("colormap");
        cmap.setAccessibleText("Colormap");
        cmap.valueProperty().bindBidirectional(vm.colormapProperty());
        ToggleButton fit = new ToggleButton(null, new FontIcon("mdi2f-fit-to-page-outline"));
        fit.setId("plot-fit");
        fit.setAccessibleText("Fit the pane");
        fit.setTooltip(new Tooltip("Fit the pane: cells stretch to fill it (off: square cells)"));
        fit.selectedProperty().bindBidirectional(vm.fillProperty());
        Label plotLabel = fixed("Plot"), cmapLabel = fixed("Colormap");
        // wraps instead of cutting labels to "…" when the pane is narrow (a 4-D array has many axes)
        FlowPane controls = new FlowPane(8, 4, plotLabel, plotKind, cmapLabel, cmap, fit, sliceControls);
        // only what changes the current view is shown: no colormap for an RGB image or a line,
        // no plot choice when there is one kind, no fit for a line
        Runnable relevant = () -> {
            ArrayViewModel.Plot p = vm.plotProperty().get();
            show(p == ArrayViewModel.Plot.HEATMAP, cmapLabel, cmap, fit);
            show(vm.plotKinds().size() > 1, plotLabel, plotKind);
        };
        vm.plotProperty().addListener((o, a, b) -> relevant.run());
        vm.plotKinds().addListener((ListChangeListener<ArrayViewModel.Plot>) c -> relevant.run());
        relevant.run();
        controls.getChildren().forEach(n -> { if (n instanceof Label l) l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); });
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(4, 8, 4, 8));
        VBox plotBox = new VBox(controls, plotCanvas);
        VBox.setVgrow(plotCanvas, Priority.ALWAYS);

        buildTable();
        Button prev = iconButton("mdi2c-chevron-left", "Previous page", vm::previousPage);
        Button next = iconButton("mdi2c-chevron-right", "Next page", vm::nextPage);
        Label pageText = new Label();
        pageText.textProperty().bind(vm.pageTextProperty());
        HBox pager = new HBox(6, prev, pageText, next);
        pager.setAlignment(Pos.CENTER_LEFT);
        pager.setPadding(new Insets(4, 8, 4, 8));
        BorderPane valuesPane = new BorderPane(table, null, null, pager, null);
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.PAGE_DOWN && e.isControlDown()) vm.nextPage();
            if (e.getCode() == KeyCode.PAGE_UP && e.isControlDown()) vm.previousPage();
        });

        TabPane tabs = new TabPane(new Tab("Plot", plotBox), new Tab("Histogram", histCanvas), new Tab("Values", valuesPane));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("array-tabs");
        setContent(new BorderPane(tabs, top, null, null, null));

        vm.sliceProperty().addListener((o, a, b) -> repaint());
        vm.imageProperty().addListener((o, a, b) -> repaint());
        vm.colormapProperty().addListener((o, a, b) -> repaint());
        vm.fillProperty().addListener((o, a, b) -> repaint());
        vm.plotProperty().addListener((o, a, b) -> { rebuildSliceControls(); repaint(); });
        vm.shapeProperty().addListener((o, a, b) -> rebuildSliceControls());
        vm.rowAxisProperty().addListener((o, a, b) -> rebuildSliceControls());
        vm.colAxisProperty().addListener((o, a, b) -> rebuildSliceControls());
        vm.histogramProperty().addListener((o, a, b) -> histCanvas.paint(g -> PlotCanvas.histograms(g, b, null)));
        vm.valueColumns().addListener((ListChangeListener<String>) c -> buildTable());
        rebuildSummary();
        rebuildSliceControls();
        repaint();
        if (vm.histogramProperty().get() != null) histCanvas.paint(g -> PlotCanvas.histograms(g, vm.histogramProperty().get(), null));
    }

    public ArrayViewModel viewModel() {
        return vm;
    }

    private static Button iconButton(String icon, String text, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setAccessibleText(text);
        b.setTooltip(new Tooltip(text));
        b.setOnAction(e -> action.run());
        return b;
    }

    private void rebuildSummary() {
        summary.getChildren().clear();
        for (Map.Entry<String, String> e : vm.summary()) {
            Label k = new Label(e.getKey());
            k.getStyleClass().add("text-muted");
            Label v = new Label(e.getValue());
            v.setId("summary-" + e.getKey().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", ""));
            summary.getChildren().add(new HBox(4, k, v));
        }
    }

    private void buildTable() {
        table.getColumns().clear();
        TableColumn<ArrayViewModel.ValueRow, String> idx = new TableColumn<>("index");
        idx.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().index()));
        idx.setSortable(false);
        table.getColumns().add(idx);
        List<String> cols = new ArrayList<>(vm.valueColumns());
        for (int i = 0; i < cols.size(); i++) {
            int k = i;
            TableColumn<ArrayViewModel.ValueRow, String> col = new TableColumn<>(cols.get(i));
            col.setCellValueFactory(c -> new ReadOnlyStringWrapper(k < c.getValue().cells().size() ? c.getValue().cells().get(k) : ""));
            col.setSortable(false);
            col.setPrefWidth(140);
            table.getColumns().add(col);
        }
        table.setItems(vm.values());
        table.setId("array-values");
    }

    private void rebuildSliceControls() {
        sliceControls.getChildren().clear();
        NdArray a = vm.array();
        long[] shape = vm.shapeProperty().get();
        int n = shape.length;
        if (a == null || n < 2 || vm.fixedProperty().get().length != n || vm.plotProperty().get() == ArrayViewModel.Plot.IMAGE) return;
        boolean line = vm.plotProperty().get() == ArrayViewModel.Plot.LINE;
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < n; i++) axes.add(i);
        ComboBox<Integer> rowAxis = new ComboBox<>();
        rowAxis.getItems().setAll(axes);
        rowAxis.setValue(vm.rowAxisProperty().get());
        rowAxis.setAccessibleText("Row axis");
        rowAxis.setId("row-axis");
        ComboBox<Integer> colAxis = new ComboBox<>();
        colAxis.getItems().setAll(axes);
        colAxis.setValue(vm.colAxisProperty().get());
        colAxis.setAccessibleText("Column axis");
        colAxis.setId("col-axis");
        rowAxis.valueProperty().addListener((o, x, y) -> { if (y != null) vm.setAxes(y, colAxis.getValue()); });
        colAxis.valueProperty().addListener((o, x, y) -> { if (y != null) vm.setAxes(rowAxis.getValue(), y); });
        if (!line) sliceControls.getChildren().addAll(fixed("rows: axis"), rowAxis);
        sliceControls.getChildren().addAll(fixed(line ? "along axis" : "cols: axis"), colAxis);
        for (int k = 0; k < n; k++) {
            if (k == vm.colAxisProperty().get() || (!line && k == vm.rowAxisProperty().get())) continue;
            int axis = k;
            Spinner<Integer> sp = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, (int) Math.min(Integer.MAX_VALUE, Math.max(0, shape[k] - 1)),
                    (int) vm.fixedProperty().get()[k]));
            sp.setEditable(true);
            sp.setPrefWidth(90);
            sp.setId("index-axis-" + k);
            sp.setAccessibleText("Index on axis " + k);
            sp.valueProperty().addListener((o, x, y) -> { if (y != null) vm.setIndex(axis, y); });
            sliceControls.getChildren().addAll(fixed("axis " + k + " ="), sp);
        }
        sliceControls.setAlignment(Pos.CENTER_LEFT);
    }

    private void repaint() {
        ArrayViewModel.Plot p = vm.plotProperty().get();
        if (p == ArrayViewModel.Plot.IMAGE && vm.imageProperty().get() != null) {
            int[] px = vm.imageProperty().get();
            plotCanvas.paint(g -> PlotCanvas.image(g, px));
            return;
        }
        Slice2D s = vm.sliceProperty().get();
        if (s == null || p == ArrayViewModel.Plot.TABLE) {
            plotCanvas.paint(g -> {
                g.setFill(PlotCanvas.AXIS);
                g.fillText(p == ArrayViewModel.Plot.TABLE ? "See the Values tab" : "Nothing to plot", 20, 30);
            });
            return;
        }
        if (p == ArrayViewModel.Plot.LINE) {
            plotCanvas.paint(g -> PlotCanvas.line(g, s));
        } else {
            ArrayStats st = vm.array() == null ? null : vm.array().summary();
            double lo = st == null || st.min() == null ? 0 : st.min(), hi = st == null || st.max() == null ? 1 : st.max();
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
                lo = Double.POSITIVE_INFINITY;
                hi = Double.NEGATIVE_INFINITY;
                for (double v : s.values()) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            }
            double l = lo, h = hi;
            Colormap cm = vm.colormapProperty().get();
            boolean fill = vm.fillProperty().get();
            plotCanvas.paint(g -> PlotCanvas.heatmap(g, s, cm, l, h, fill));
        }
    }

    private static void show(boolean shown, javafx.scene.Node... nodes) {
        for (javafx.scene.Node n : nodes) {
            n.setVisible(shown);
            n.setManaged(shown);
        }
    }

    /** The plot area, for checking what it draws. */
    public PlotCanvas plot() {
        return plotCanvas;
    }

    /**
     * Offers another view of the same file next to the arrays (an .npz of weights as a checkpoint):
     * a switch appears above; the other view is built the first time it is chosen.
     */
    public void offerView(String title, String tooltip, java.util.function.Supplier<javafx.scene.Node> view) {
        javafx.scene.Node arrays = contentProperty().get();
        ToggleButton asArrays = new ToggleButton("Arrays");
        ToggleButton asOther = new ToggleButton(title);
        asOther.setId("view-" + title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", ""));
        asOther.setTooltip(new Tooltip(tooltip));
        asArrays.setSelected(true);
        org.controlsfx.control.SegmentedButton views = new org.controlsfx.control.SegmentedButton(asArrays, asOther);
        views.setId("array-views");
        javafx.scene.Node[] other = new javafx.scene.Node[1];
        BorderPane shell = new BorderPane(arrays);
        HBox bar = new HBox(views);
        bar.setPadding(new Insets(6, 8, 0, 8));
        shell.setTop(bar);
        views.getToggleGroup().selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one view is always shown
                return;
            }
            if (b == asOther && other[0] == null) other[0] = view.get();
            shell.setCenter(b == asOther ? other[0] : arrays);
        });
        setContent(shell);
    }

    /** A label that keeps its text whole (the flow wraps instead). */
    private static Label fixed(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
