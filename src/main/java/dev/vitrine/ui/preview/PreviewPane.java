package dev.vitrine.ui.preview;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * Shows the selected artifact's content with the viewer registered for its kind; while loading
 * or on failure, a designed placeholder, and the stored preview text when no reader can show it.
 */
public final class PreviewPane extends StatusPane {

    private final PreviewViewModel vm;
    private final Viewers viewers;
    private final Async async;
    private final BorderPane host = new BorderPane();
    private final TextArea fallback = new TextArea();
    private final javafx.scene.layout.HBox staleBanner;
    private Runnable checkSetup = () -> { };

    public PreviewPane(PreviewViewModel vm, Viewers viewers, Async async) {
        super("mdi2e-eye-outline");
        this.vm = vm;
        this.viewers = viewers;
        this.async = async;
        setId("previewPane");
        messageProperty().bind(vm.messageProperty());
        progressProperty().bind(vm.progressProperty());
        Label staleText = new Label("This artifact changed while the task runs.");
        Button reload = new Button("Reload");
        reload.setId("reloadPreview");
        reload.setOnAction(e -> vm.reload());
        staleBanner = new javafx.scene.layout.HBox(8, staleText, reload);
        staleBanner.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        staleBanner.setPadding(new Insets(4, 8, 4, 8));
        staleBanner.getStyleClass().add("stale-banner");
        staleBanner.visibleProperty().bind(vm.staleProperty());
        staleBanner.managedProperty().bind(vm.staleProperty());
        fallback.setEditable(false);
        fallback.getStyleClass().add("mono");
        setContent(host);
        vm.stateProperty().addListener((o, a, s) -> update());
        vm.contentProperty().addListener((o, a, c) -> update());
        vm.fallbackTextProperty().addListener((o, a, c) -> update());
        vm.diagnosisProperty().addListener((o, a, c) -> update());
        update();
    }

    /** What "Check setup…" next to a failed download's diagnosis opens (Help › Check setup). */
    public void setOnCheckSetup(Runnable checkSetup) {
        this.checkSetup = checkSetup;
    }

    private void update() {
        LoadState s = vm.stateProperty().get();
        PreviewContent c = vm.contentProperty().get();
        if (s == LoadState.READY && c != null) {
            Node viewer = viewers.create(c, async);
            host.setTop(staleBanner);
            host.setCenter(viewer != null ? viewer : summary(c));
            stateProperty().set(LoadState.READY);
        } else if (s == LoadState.ERROR && vm.diagnosisProperty().get() != null) {
            host.setTop(null);
            host.setCenter(diagnosis(vm.diagnosisProperty().get()));
            stateProperty().set(LoadState.READY);
        } else if (s == LoadState.ERROR && (!vm.fallbackTextProperty().get().isEmpty() || vm.canOpenOutsideProperty().get())) {
            Label why = new Label();
            why.textProperty().bind(vm.messageProperty());
            why.setWrapText(true);
            why.getStyleClass().add("preview-note");
            VBox top = new VBox(6, why);
            top.setPadding(new Insets(6));
            if (vm.canOpenOutsideProperty().get()) {
                Button open = new Button("Open it anyway");
                open.setOnAction(e -> vm.openOutsideExplicitly());
                top.getChildren().add(open);
            }
            host.setTop(top);
            fallback.setText(vm.fallbackTextProperty().get());
            host.setCenter(vm.fallbackTextProperty().get().isEmpty() ? null : fallback);
            stateProperty().set(LoadState.READY);
        } else {
            host.setTop(null);
            host.setCenter(null);
            stateProperty().set(s);
        }
    }

    /**
     * A download that failed, with the setup doctor's diagnosis of the storage entry that served it
     * and a way to the full check.
     */
    private Node diagnosis(dev.vitrine.doctor.DownloadDiagnosis.Explanation why) {
        org.kordamp.ikonli.javafx.FontIcon icon = new org.kordamp.ikonli.javafx.FontIcon("mdi2a-alert-circle-outline");
        icon.setIconSize(40);
        icon.getStyleClass().add("placeholder-error-icon");
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        message.getStyleClass().add("placeholder-text");
        Label entry = new Label("Served by " + why.entry() + ": " + why.cause());
        entry.setId("downloadDiagnosis");
        entry.setWrapText(true);
        Label fix = new Label("Fix: " + why.fix());
        fix.setWrapText(true);
        Button check = new Button("Check setup…");
        check.setId("diagnosisCheckSetup");
        check.setOnAction(e -> checkSetup.run());
        Button retry = new Button("Retry");
        retry.setOnAction(e -> vm.reload());
        javafx.scene.layout.HBox buttons = new javafx.scene.layout.HBox(8, check, retry);
        buttons.setAlignment(javafx.geometry.Pos.CENTER);
        VBox box = new VBox(10, icon, message, entry, fix, buttons);
        box.setAlignment(javafx.geometry.Pos.CENTER);
        box.setMaxWidth(520);
        box.setPadding(new Insets(16));
        box.getStyleClass().add("placeholder");
        javafx.scene.layout.StackPane center = new javafx.scene.layout.StackPane(box);
        return center;
    }

    /** Until a kind has a viewer, show what its reader knows (the CLI's inspect document). */
    private Node summary(PreviewContent c) {
        TextArea t = new TextArea("Loading summary…");
        t.setEditable(false);
        t.getStyleClass().add("mono");
        async.run(() -> dev.vitrine.ui.common.JsonText.pretty(c.inspect(20)), t::setText, e -> t.setText(e.getMessage()));
        return t;
    }
}
