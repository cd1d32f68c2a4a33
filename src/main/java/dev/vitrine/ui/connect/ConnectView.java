package dev.vitrine.ui.connect;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Connect dialog's content: a paste box for the web app's credentials block, the typed
 * fields, and Test / Save / Connect / Cancel. Shortcuts: Alt+T test, Ctrl+S save, Ctrl+Enter connect
 * (Ctrl+T stays the theme toggle, as in every window). A credentials block pasted anywhere, in the
 * paste box or in one of the fields, is read at once.
 */
public final class ConnectView extends VBox {

    private Runnable onCancel = () -> {};

    public ConnectView(ConnectViewModel vm) {
        setSpacing(12);
        setPadding(new Insets(16));
        setPrefWidth(560);
        getStyleClass().add("connect-view");

        Label intro = new Label("Paste the block from the web app (Settings > Workspace > Create new credentials), or type the fields.");
        intro.setWrapText(true);

        TextArea paste = new TextArea();
        paste.setPromptText("api {\n  web_server: https://app.clear.ml\n  api_server: https://api.clear.ml\n  files_server: https://files.clear.ml\n  credentials {\n    \"access_key\" = \"...\"\n    \"secret_key\" = \"...\"\n  }\n}");
        paste.setPrefRowCount(7);
        paste.setId("connectPaste");
        paste.textProperty().bindBidirectional(vm.pasteTextProperty());
        paste.setAccessibleText("Credentials block");
        Button read = new Button("Read pasted block", new FontIcon("mdi2c-clipboard-text-outline"));
        read.setOnAction(e -> vm.applyPaste());
        // read as soon as it is whole, without a button; half-typed text is not scolded
        paste.textProperty().addListener((o, a, b) -> vm.pasteChanged());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        TextField api = field(vm, vm.apiServerProperty(), "http://localhost:8008 or https://api.example.com");
        api.setId("connectApiServer");
        TextField web = field(vm, vm.webServerProperty(), "derived from the API server when empty");
        TextField files = field(vm, vm.filesServerProperty(), "derived from the API server when empty");
        TextField key = field(vm, vm.accessKeyProperty(), "access key");
        key.setId("connectAccessKey");
        PasswordField secret = new PasswordField() {
            @Override
            public void paste() {
                if (!pasteBlock(vm)) super.paste();
            }
        };
        secret.textProperty().bindBidirectional(vm.secretKeyProperty());
        secret.setPromptText("secret key");
        CheckBox verify = new CheckBox("Verify the server's TLS certificate");
        verify.selectedProperty().bindBidirectional(vm.verifyCertificateProperty());
        verify.setTooltip(new Tooltip("Turn off only for a server with a self-signed certificate (api.verify_certificate: false)"));
        int r = 0;
        grid.addRow(r++, new Label("API server"), api);
        grid.addRow(r++, new Label("Web app"), web);
        grid.addRow(r++, new Label("File server"), files);
        grid.addRow(r++, new Label("Access key"), key);
        grid.addRow(r++, new Label("Secret key"), secret);
        grid.add(verify, 1, r++);
        for (var n : new javafx.scene.Node[] {api, web, files, key, secret}) GridPane.setHgrow(n, Priority.ALWAYS);

        TextField profile = field(vm, vm.profileNameProperty(), "profile name (\"default\" = ~/clearml.conf)");
        CheckBox replace = new CheckBox("Replace an existing profile (the old file is kept as .bak)");
        replace.selectedProperty().bindBidirectional(vm.replaceExistingProperty());
        grid.addRow(r++, new Label("Save as"), profile);
        grid.add(replace, 1, r);

        Label message = new Label();
        message.setId("connectMessage");
        // the whole message, on as many lines as it needs ("…check both keys" must not be cut)
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.textProperty().bind(vm.messageProperty());
        message.setAccessibleText("Connection status");
        vm.messageKindProperty().addListener((o, a, k) -> {
            message.getStyleClass().removeAll("success", "danger", "accent");
            if (k == ConnectViewModel.MessageKind.SUCCESS) message.getStyleClass().add("success");
            else if (k == ConnectViewModel.MessageKind.ERROR) message.getStyleClass().add("danger");
            else if (k == ConnectViewModel.MessageKind.INFO) message.getStyleClass().add("accent");
        });
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(vm.busyProperty());
        spinner.managedProperty().bind(vm.busyProperty());

        Button test = new Button("_Test connection", new FontIcon("mdi2l-lan-connect"));
        test.setMnemonicParsing(true);
        test.setOnAction(e -> vm.testConnection());
        Button save = new Button("Save", new FontIcon("mdi2c-content-save-outline"));
        save.setOnAction(e -> vm.save());
        Button connect = new Button("Connect", new FontIcon("mdi2l-login"));
        connect.setDefaultButton(true);
        connect.setId("connectButton");
        connect.setOnAction(e -> vm.connect());
        Button stop = new Button("Stop");
        stop.setOnAction(e -> vm.cancel());
        stop.visibleProperty().bind(vm.busyProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("connectCancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> onCancel.run());
        test.disableProperty().bind(vm.busyProperty());
        connect.disableProperty().bind(vm.busyProperty());
        save.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.profileNameProperty().get() == null
                || vm.profileNameProperty().get().isBlank(), vm.profileNameProperty()));

        HBox status = new HBox(8, spinner, message);
        javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, test, save, stop, spacer, connect, cancel);
        getChildren().addAll(intro, paste, read, grid, status, buttons);

        sceneProperty().addListener((o, a, scene) -> {
            if (scene == null) return;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), vm::save);
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), vm::connect);
        });
    }

    /** What Cancel (and closing) does: the window closes, which stops a running check. */
    public void setOnCancel(Runnable onCancel) {
        this.onCancel = onCancel == null ? () -> {} : onCancel;
    }

    /** A credentials block pasted into a one-line field goes to the paste box (a field would drop its line breaks). */
    private static boolean pasteBlock(ConnectViewModel vm) {
        String text = javafx.scene.input.Clipboard.getSystemClipboard().getString();
        return text != null && text.contains("\n") && vm.offerPaste(text);
    }

    private static TextField field(ConnectViewModel vm, javafx.beans.property.StringProperty p, String prompt) {
        TextField f = new TextField() {
            @Override
            public void paste() {
                if (!pasteBlock(vm)) super.paste();
            }
        };
        f.textProperty().bindBidirectional(p);
        f.setPromptText(prompt);
        f.setAccessibleText(prompt);
        return f;
    }
}
