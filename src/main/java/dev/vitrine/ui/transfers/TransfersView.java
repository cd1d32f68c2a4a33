package dev.vitrine.ui.transfers;

import dev.vitrine.transfer.TransferJob;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Transfers panel: a list of jobs (newest first) with a progress bar, bytes/rate/ETA and
 * cancel, retry and open-folder buttons; a toolbar with the parallel limit and "Clear finished".
 * Keys on a selected row: Delete cancels (or removes a finished one), R retries, Enter opens the folder.
 */
public final class TransfersView extends BorderPane {

    private final TransfersViewModel vm;
    private final Runnable checkSetup;
    private final ListView<TransferRowViewModel> list = new ListView<>();

    public TransfersView(TransfersViewModel vm) {
        this(vm, () -> { });
    }

    /** @param checkSetup opens Help › Check setup, offered under a failed download's diagnosis */
    public TransfersView(TransfersViewModel vm, Runnable checkSetup) {
        this.vm = vm;
        this.checkSetup = checkSetup;
        getStyleClass().add("transfers-view");

        Label summary = new Label();
        summary.textProperty().bind(vm.summaryProperty());
        Spinner<Integer> limit = new Spinner<>(1, 16, vm.parallelLimitProperty().get());
        limit.setPrefWidth(80);
        limit.setEditable(true);
        limit.setTooltip(new Tooltip("Transfers running at once"));
        limit.setAccessibleText("Parallel transfers");
        limit.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.setParallelLimit(b);
        });
        Button clear = new Button("Clear finished", new FontIcon("mdi2n-notification-clear-all"));
        clear.setOnAction(e -> vm.clearDone());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, summary, spacer, new Label("At once:"), limit, clear);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        setTop(bar);

        list.setItems(vm.rows());
        list.setCellFactory(l -> new RowCell());
        Label empty = new Label("No transfers yet: downloads and uploads show up here.");
        empty.getStyleClass().add("placeholder-text");
        list.setPlaceholder(empty);
        list.setOnKeyPressed(e -> {
            TransferRowViewModel r = list.getSelectionModel().getSelectedItem();
            if (r == null) return;
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                if (r.cancellableProperty().get()) vm.cancel(r);
                else vm.remove(r);
            } else if (e.getCode() == KeyCode.R) {
                vm.retry(r);
            } else if (e.getCode() == KeyCode.ENTER) {
                vm.openFolder(r);
            }
        });
        setCenter(list);
        // keys act on the transfers from the start, not on the spinner
        list.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) list.requestFocus();
        });
    }

    private final class RowCell extends ListCell<TransferRowViewModel> {
        private final Label title = new Label();
        private final Label detail = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final Button cancel = iconButton("mdi2c-close-circle-outline", "Cancel transfer");
        private final Button retry = iconButton("mdi2r-refresh", "Retry transfer");
        private final Button open = iconButton("mdi2f-folder-open-outline", "Open containing folder");
        /** A failed download's diagnosis: the entry that served it, the cause and the fix, and the way to the full check. */
        private final Label diagnosis = new Label();
        private final javafx.scene.control.Hyperlink check = new javafx.scene.control.Hyperlink("Check setup…");
        private final HBox box;

        RowCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
            detail.getStyleClass().add("text-muted");
            detail.setWrapText(true);
            diagnosis.setWrapText(true);
            diagnosis.getStyleClass().add("transfer-diagnosis");
            check.getStyleClass().add("transfer-check-setup");
            check.setOnAction(e -> checkSetup.run());
            VBox text = new VBox(2, title, bar, detail, diagnosis, check);
            HBox.setHgrow(text, Priority.ALWAYS);
            box = new HBox(6, text, cancel, retry, open);
            box.setAlignment(Pos.CENTER_LEFT);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(TransferRowViewModel r, boolean empty) {
            super.updateItem(r, empty);
            title.textProperty().unbind();
            detail.textProperty().unbind();
            diagnosis.textProperty().unbind();
            bar.progressProperty().unbind();
            if (empty || r == null) {
                setGraphic(null);
                return;
            }
            title.textProperty().bind(r.titleProperty());
            detail.textProperty().bind(r.detailProperty());
            bar.progressProperty().bind(r.progressProperty());
            diagnosis.textProperty().bind(Bindings.createStringBinding(() -> r.diagnosisProperty().get() == null ? ""
                    : "Served by " + r.diagnosisProperty().get().entry() + ": " + r.diagnosisProperty().get().cause()
                    + "\nFix: " + r.diagnosisProperty().get().fix(), r.diagnosisProperty()));
            diagnosis.visibleProperty().bind(r.diagnosisProperty().isNotNull());
            diagnosis.managedProperty().bind(diagnosis.visibleProperty());
            check.visibleProperty().bind(r.diagnosisProperty().isNotNull());
            check.managedProperty().bind(check.visibleProperty());
            bar.visibleProperty().bind(Bindings.createBooleanBinding(() -> r.stateProperty().get() == TransferJob.State.RUNNING
                    || r.stateProperty().get() == TransferJob.State.QUEUED, r.stateProperty()));
            bar.managedProperty().bind(bar.visibleProperty());
            detail.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), r.stateProperty().get() == TransferJob.State.FAILED);
            cancel.visibleProperty().bind(r.cancellableProperty());
            cancel.managedProperty().bind(r.cancellableProperty());
            retry.visibleProperty().bind(r.retryableProperty());
            retry.managedProperty().bind(r.retryableProperty());
            open.visibleProperty().bind(r.openableProperty());
            open.managedProperty().bind(r.openableProperty());
            cancel.setOnAction(e -> vm.cancel(r));
            retry.setOnAction(e -> vm.retry(r));
            open.setOnAction(e -> vm.openFolder(r));
            setGraphic(box);
        }
    }

    static Button iconButton(String icon, String description) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll("button-icon", "flat");
        b.setAccessibleText(description);
        b.setTooltip(new Tooltip(description));
        return b;
    }
}
