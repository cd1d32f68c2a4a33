package dev.vitrine.ui.series;

import dev.vitrine.compare.series.CheckpointSeries;
import dev.vitrine.compare.series.SnapshotSource;
import dev.vitrine.compare.series.TensorSeries;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.io.File;

/**
 * The series compare window's content: the snapshots in order on the left (drop files to add, move,
 * remove), the drift map in the middle, curves of the selected tensor's L2 norm and relative change
 * below; Compare / Cancel with progress while the snapshots stream.
 */
public final class SeriesView extends BorderPane {

    private final SeriesViewModel vm;
    final DriftMap map;

    final ListView<SnapshotSource> list = new ListView<>();
    private final LineChart<Number, Number> normChart = chart("L2 norm");
    private final LineChart<Number, Number> changeChart = chart("relative change");

    public SeriesView(SeriesViewModel vm) {
        this.vm = vm;
        getStyleClass().add("series-view");
        map = new DriftMap(vm);
        map.setId("drift-map");

        list.setId("series-snapshots");
        list.setItems(vm.snapshots());
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SnapshotSource s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : "[" + getIndex() + "] " + s.label());
            }
        });
        list.setPlaceholder(new Label("Drop checkpoints here,\nin the order to compare"));
        list.setOnKeyPressed(e -> {
            int i = list.getSelectionModel().getSelectedIndex();
            if (e.getCode() == KeyCode.DELETE) vm.remove(i);
            else if (e.isAltDown() && e.getCode() == KeyCode.UP) { vm.move(i, -1); list.getSelectionModel().select(i - 1); }
            else if (e.isAltDown() && e.getCode() == KeyCode.DOWN) { vm.move(i, +1); list.getSelectionModel().select(i + 1); }
        });
        Button up = new Button("Up");
        up.setOnAction(e -> { int i = list.getSelectionModel().getSelectedIndex(); vm.move(i, -1); list.getSelectionModel().select(Math.max(0, i - 1)); });
        Button down = new Button("Down");
        down.setOnAction(e -> { int i = list.getSelectionModel().getSelectedIndex(); vm.move(i, 1); list.getSelectionModel().select(i + 1); });
        Button remove = new Button("Remove");
        remove.setOnAction(e -> vm.remove(list.getSelectionModel().getSelectedIndex()));
        HBox listButtons = new HBox(4, up, down, remove);
        VBox left = new VBox(6, new Label("Snapshots, in order"), list, listButtons);
        left.setPadding(new Insets(6));
        VBox.setVgrow(list, Priority.ALWAYS);

        Button compare = new Button("Compare");
        compare.setId("series-compare");
        compare.setDefaultButton(true);
        compare.setOnAction(e -> vm.compute());
        compare.disableProperty().bind(vm.stateProperty().isEqualTo(LoadState.LOADING));
        Button cancel = new Button("Cancel");
        cancel.setId("series-cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.stateProperty().isNotEqualTo(LoadState.LOADING));
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.stateProperty().isEqualTo(LoadState.LOADING));
        ChoiceBox<SeriesViewModel.Reference> ref = new ChoiceBox<>();
        ref.getItems().setAll(SeriesViewModel.Reference.values());
        ref.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(SeriesViewModel.Reference r) { return r == SeriesViewModel.Reference.PREVIOUS ? "change from previous" : "change from first"; }
            @Override public SeriesViewModel.Reference fromString(String s) { return null; }
        });
        ref.valueProperty().bindBidirectional(vm.referenceProperty());
        ChoiceBox<SeriesViewModel.Order> order = new ChoiceBox<>();
        order.getItems().setAll(SeriesViewModel.Order.values());
        order.valueProperty().bindBidirectional(vm.orderProperty());
        CheckBox group = new CheckBox("group by layer");
        group.selectedProperty().bindBidirectional(vm.groupByLayerProperty());
        Label status = new Label();
        status.textProperty().bind(vm.messageProperty());
        ToolBar bar = new ToolBar(compare, cancel, progress, new Label("Colour:"), ref, new Label("Sort:"), order, group, status);
        setTop(bar);

        StatusPane center = new StatusPane("mdi2c-compare-horizontal");
        center.stateProperty().bind(vm.stateProperty());
        center.messageProperty().bind(vm.messageProperty());
        center.progressProperty().bind(vm.progressProperty());
        Label legend = new Label("white: unchanged · yellow → red: relative change 1e-6 → 100% (log) · light grey: no reference · dark grey: tensor absent."
                + " Click a row for its curves; double-click a cell to compare the two snapshots.");
        legend.setWrapText(true);
        BorderPane mapPane = new BorderPane(map);
        mapPane.setBottom(legend);
        center.setContent(mapPane);

        HBox charts = new HBox(normChart, changeChart);
        HBox.setHgrow(normChart, Priority.ALWAYS);
        HBox.setHgrow(changeChart, Priority.ALWAYS);
        charts.setPrefHeight(220);
        SplitPane main = new SplitPane(center, charts);
        main.setOrientation(javafx.geometry.Orientation.VERTICAL);
        main.setDividerPositions(0.72);
        SplitPane split = new SplitPane(left, main);
        split.setDividerPositions(0.22);
        setCenter(split);

        vm.selectedProperty().addListener((o, a, t) -> curves(t));
        vm.referenceProperty().addListener((o, a, b) -> curves(vm.selectedProperty().get()));

        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && !vm.isRunning()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) vm.addFiles(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    public SeriesViewModel viewModel() {
        return vm;
    }

    private void curves(TensorSeries t) {
        normChart.getData().clear();
        changeChart.getData().clear();
        if (t == null) return;
        normChart.setTitle("L2 norm · " + t.name());
        changeChart.setTitle((vm.referenceProperty().get() == SeriesViewModel.Reference.PREVIOUS ? "change from previous · " : "change from first · ") + t.name());
        XYChart.Series<Number, Number> norm = new XYChart.Series<>();
        XYChart.Series<Number, Number> change = new XYChart.Series<>();
        for (int i = 0; i < t.snapshots(); i++) {
            if (t.l2(i) != null) norm.getData().add(new XYChart.Data<>(i, t.l2(i)));
            Double c = vm.cell(t, i);
            if (c != null && Double.isFinite(c)) change.getData().add(new XYChart.Data<>(i, c));
        }
        normChart.getData().add(norm);
        changeChart.getData().add(change);
    }

    private static LineChart<Number, Number> chart(String y) {
        NumberAxis xa = new NumberAxis();
        xa.setLabel("snapshot");
        xa.setTickUnit(1);
        xa.setMinorTickVisible(false);
        NumberAxis ya = new NumberAxis();
        ya.setLabel(y);
        ya.setForceZeroInRange(false);
        LineChart<Number, Number> c = new LineChart<>(xa, ya);
        c.setLegendVisible(false);
        c.setAnimated(false);
        c.setCreateSymbols(true);
        return c;
    }

    /** For tests: the computed series, or null. */
    CheckpointSeries result() {
        return vm.resultProperty().get();
    }
}
