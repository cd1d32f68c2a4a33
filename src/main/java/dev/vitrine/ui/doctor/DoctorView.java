package dev.vitrine.ui.doctor;

import dev.vitrine.doctor.Check;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Check setup panel: two buttons, a summary and one row per check (cause, fix and config key when it failed). */
public final class DoctorView extends BorderPane {

    public DoctorView(DoctorViewModel vm) {
        getStyleClass().add("doctor-view");
        Button check = new Button("Check");
        check.setOnAction(e -> vm.check(false));
        check.disableProperty().bind(vm.runningProperty());
        Button probe = new Button("Check and probe");
        probe.setOnAction(e -> vm.check(true));
        probe.disableProperty().bind(vm.runningProperty());
        probe.setAccessibleText("Check and write a small object to each storage");
        Label summary = new Label();
        summary.textProperty().bind(vm.summaryProperty());
        HBox bar = new HBox(8, check, probe, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        setTop(bar);
        ListView<Check> list = new ListView<>(vm.rows());
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Check c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label head = new Label((c.ok() ? "✔ " : "✘ ") + c.kind() + "  " + c.target());
                head.setStyle("-fx-font-weight: bold;" + (c.ok() ? "" : " -fx-text-fill: -color-danger-fg;"));
                Label msg = new Label(c.message());
                msg.setWrapText(true);
                VBox box = new VBox(2, head, msg);
                if (c.fix() != null) {
                    Label fix = new Label("Fix: " + c.fix());
                    fix.setWrapText(true);
                    box.getChildren().add(fix);
                }
                Label src = new Label("from " + c.source());
                src.getStyleClass().add("placeholder-text");
                box.getChildren().add(src);
                box.setMaxWidth(Double.MAX_VALUE);
                setGraphic(box);
                setText(null);
            }
        });
        Label empty = new Label("Press Check to test clearml.conf, the server, its files server and every storage entry.");
        empty.getStyleClass().add("placeholder-text");
        list.setPlaceholder(empty);
        setCenter(list);
    }
}
