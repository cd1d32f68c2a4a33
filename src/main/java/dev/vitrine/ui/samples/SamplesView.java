package dev.vitrine.ui.samples;

import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.artifacts.Formats;
import dev.vitrine.ui.common.StatusPane;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The Debug samples tab: a virtualised grid of tiles (only the tiles on screen exist, so thousands
 * of variants cost nothing), each the latest sample of a metric/variant with its iteration and
 * time; a filter narrows them. A tile opens the viewer in place of the grid.
 */
public final class SamplesView extends StatusPane {

    private final SamplesViewModel vm;
    private final GridView<Sample> grid = new GridView<>();
    private final BorderPane root = new BorderPane();
    private final BorderPane gridPane = new BorderPane();
    private final Consumer<String> openUri;
    private SampleViewerView viewer;

    public SamplesView(SamplesViewModel vm, Consumer<String> openUri) {
        super("mdi2i-image-multiple-outline");
        this.vm = vm;
        this.openUri = openUri;
        setId("samplesView");
        stateProperty().bind(vm.stateProperty());
        messageProperty().bind(vm.messageProperty());

        TextField filter = new TextField();
        filter.setId("samplesFilter");
        filter.setPromptText("Filter metric / variant");
        FilteredList<Sample> shown = new FilteredList<>(vm.tiles());
        filter.textProperty().addListener((o, a, t) -> {
            String f = t == null ? "" : t.strip().toLowerCase(Locale.ROOT);
            shown.setPredicate(f.isEmpty() ? null : s -> (s.metric() + " / " + s.variant()).toLowerCase(Locale.ROOT).contains(f));
        });
        Label count = new Label();
        count.textProperty().bind(Bindings.size(shown).asString("%d samples"));
        count.getStyleClass().add("text-muted");
        Button refresh = new Button(null, new FontIcon("mdi2r-refresh"));
        refresh.setTooltip(new Tooltip("Read the task's samples again"));
        refresh.setOnAction(e -> vm.refresh());
        javafx.scene.control.ToggleButton pin = new javafx.scene.control.ToggleButton("Pin to compare", new FontIcon("mdi2p-pin-outline"));
        pin.setId("samplesPin");
        pin.setTooltip(new Tooltip("Keep this task's samples beside those of the next task you open, synced by iteration"
                + " (or select several tasks in the list with Ctrl or Shift)"));
        pin.setOnAction(e -> {
            if (pin.isSelected()) vm.pin();
            else vm.unpin();
        });
        Label pinned = new Label();
        pinned.getStyleClass().add("text-muted");
        pinned.textProperty().bind(Bindings.createStringBinding(() -> vm.pinnedProperty().get() == null ? ""
                : "compared with " + vm.pinnedProperty().get().label(), vm.pinnedProperty()));
        Label selectedNote = new Label();
        selectedNote.setId("samplesSelected");
        selectedNote.getStyleClass().add("text-muted");
        selectedNote.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedTasks().size() < 2 ? ""
                : vm.selectedTasks().size() + " tasks selected: opened samples are compared", vm.selectedTasks()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, filter, count, grow, selectedNote, pinned, pin, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));

        grid.setId("samplesGrid");
        grid.setItems(shown);
        grid.setCellWidth(SampleImages.THUMB + 16);
        grid.setCellHeight(SampleImages.THUMB + 52);
        grid.setHorizontalCellSpacing(6);
        grid.setVerticalCellSpacing(6);
        grid.setCellFactory(g -> new Tile());
        // a refreshed tile changes in place: redraw only what is on screen
        vm.fresh().addListener((SetChangeListener<Object>) c -> refreshCells());
        vm.tiles().addListener((ListChangeListener<Sample>) c -> {
            if (viewer == null) return;
            while (c.next()) if (c.wasReplaced() || c.wasAdded()) viewer.vm().refresh();
        });
        gridPane.setTop(bar);
        gridPane.setCenter(grid);
        root.setCenter(gridPane);
        setContent(root);
    }

    private void refreshCells() {
        // GridView has no refresh(): re-set the cell factory to redraw the visible cells
        grid.setCellFactory(g -> new Tile());
    }

    /** Opens a sample in the viewer, in place of the grid. */
    public void open(Sample s) {
        if (s.kind() != MediaKind.IMAGE && s.kind() != MediaKind.AUDIO && s.kind() != MediaKind.VIDEO
                && s.kind() != MediaKind.HTML && s.kind() != MediaKind.FILE) return;
        SampleViewerViewModel v = vm.open(s);
        viewer = new SampleViewerView(v, vm, openUri, this::back);
        root.setCenter(viewer);
        viewer.requestFocus();
    }

    /** Back to the grid. */
    public void back() {
        if (viewer != null) vm.closed(viewer.vm());
        viewer = null;
        root.setCenter(gridPane);
    }

    public SampleViewerView viewer() {
        return viewer;
    }

    public GridView<Sample> grid() {
        return grid;
    }

    private final class Tile extends GridCell<Sample> {
        private final ImageView image = new ImageView();
        private final Label placeholder = new Label();
        private final Label title = new Label();
        private final Label sub = new Label();
        private final Label badge = new Label("new");
        private final VBox box;
        private Async.Handle pending;

        Tile() {
            getStyleClass().add("sample-tile");
            image.setFitWidth(SampleImages.THUMB);
            image.setFitHeight(SampleImages.THUMB);
            image.setPreserveRatio(true);
            badge.getStyleClass().addAll("accent", "text-small");
            badge.setStyle("-fx-background-color: -color-accent-emphasis; -fx-text-fill: -color-fg-emphasis; -fx-padding: 0 4 0 4;");
            StackPane pic = new StackPane(placeholder, image, badge);
            StackPane.setAlignment(badge, Pos.TOP_RIGHT);
            pic.setMinSize(SampleImages.THUMB, SampleImages.THUMB);
            pic.setPrefSize(SampleImages.THUMB, SampleImages.THUMB);
            title.getStyleClass().add("text-bold");
            sub.getStyleClass().add("text-muted");
            placeholder.setWrapText(true);
            placeholder.setMaxWidth(SampleImages.THUMB - 8);
            box = new VBox(2, pic, title, sub);
            box.setPadding(new Insets(4));
            setOnMouseClicked(e -> {
                if (getItem() != null) open(getItem());
            });
            setGraphic(box);
        }

        @Override
        protected void updateItem(Sample s, boolean empty) {
            super.updateItem(s, empty);
            if (pending != null) pending.cancel();
            pending = null;
            image.setImage(null);
            if (empty || s == null) {
                setGraphic(null);
                return;
            }
            setGraphic(box);
            title.setText(s.metric() + " / " + s.variant());
            title.setTooltip(new Tooltip(s.metric() + " / " + s.variant() + "\n" + s.url()));
            sub.setText("iter " + s.iteration() + " · " + Formats.time(s.timestamp()));
            badge.setVisible(vm.fresh().contains(s.key()));
            placeholder.setGraphic(new FontIcon(icon(s.kind())));
            placeholder.setText(s.kind() == MediaKind.IMAGE ? "" : s.fileName());
            pending = vm.thumbnail(s, t -> {
                if (getItem() != s) return;
                image.setImage(t.image());
                if (t.problem() != null) {
                    placeholder.setGraphic(new FontIcon("mdi2i-image-broken-variant"));
                    placeholder.setText(t.problem());
                }
            });
        }
    }

    static String icon(MediaKind k) {
        return switch (k) {
            case IMAGE -> "mdi2i-image-outline";
            case AUDIO -> "mdi2m-music-note";
            case VIDEO -> "mdi2f-filmstrip";
            case HTML -> "mdi2l-language-html5";
            case FILE -> "mdi2f-file-outline";
        };
    }
}
