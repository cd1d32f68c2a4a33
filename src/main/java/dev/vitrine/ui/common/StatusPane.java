package dev.vitrine.ui.common;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Shows its content when {@link LoadState#READY}, otherwise a designed placeholder: an icon and a
 * message for EMPTY, a progress indicator for LOADING (indeterminate while progress is negative),
 * an error icon with the message for ERROR. Bind its properties one way from a ViewModel.
 */
public class StatusPane extends StackPane {

    private final ObjectProperty<LoadState> state = new SimpleObjectProperty<>(this, "state", LoadState.EMPTY);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", -1);
    private final ObjectProperty<Node> content = new SimpleObjectProperty<>(this, "content");
    private final String emptyIcon;

    private final VBox placeholder = new VBox(10);
    private final Label icon = new Label();
    private final Label text = new Label();
    private final ProgressIndicator spinner = new ProgressIndicator();

    public StatusPane(String emptyIconLiteral) {
        this.emptyIcon = emptyIconLiteral;
        getStyleClass().add("status-pane");
        placeholder.setAlignment(Pos.CENTER);
        placeholder.getStyleClass().add("placeholder");
        text.setWrapText(true);
        text.getStyleClass().add("placeholder-text");
        text.setMaxWidth(420);
        text.textProperty().bind(message);
        spinner.progressProperty().bind(progress);
        spinner.setMaxSize(48, 48);
        placeholder.getChildren().addAll(icon, spinner, text);
        state.addListener((o, a, b) -> refresh());
        content.addListener((o, a, b) -> refresh());
        refresh();
    }

    private void refresh() {
        LoadState s = state.get();
        Node c = content.get();
        if (s == LoadState.READY && c != null) {
            getChildren().setAll(c);
            return;
        }
        spinner.setVisible(s == LoadState.LOADING);
        spinner.setManaged(s == LoadState.LOADING);
        icon.setVisible(s != LoadState.LOADING);
        icon.setManaged(s != LoadState.LOADING);
        FontIcon fi = new FontIcon(s == LoadState.ERROR ? "mdi2a-alert-circle-outline" : emptyIcon);
        fi.setIconSize(40);
        fi.getStyleClass().add(s == LoadState.ERROR ? "placeholder-error-icon" : "placeholder-icon");
        icon.setGraphic(fi);
        placeholder.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"), s == LoadState.ERROR);
        getChildren().setAll(placeholder);
    }

    public ObjectProperty<LoadState> stateProperty() {
        return state;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public ObjectProperty<Node> contentProperty() {
        return content;
    }

    public void setContent(Node node) {
        content.set(node);
    }
}
