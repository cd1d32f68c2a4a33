package dev.vitrine.ui.connect;

import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.clearml.ClearmlException;
import dev.vitrine.clearml.ServerInfo;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.ConfigException;
import dev.vitrine.config.Credentials;
import dev.vitrine.config.CredentialsPaste;
import dev.vitrine.config.Profile;
import dev.vitrine.config.Profiles;
import dev.vitrine.config.ServerSettings;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.Workspace;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Connect dialog: paste the web app's credentials block or type the fields, test the
 * connection (off the FX thread, saying precisely what is wrong), save it as a profile, connect.
 *
 * <p>Editable fields are plain properties bound two-way by the view; state, message and result
 * are read-only. Background work goes through the injected {@link Async}; a newer request
 * supersedes an older one.
 */
public final class ConnectViewModel {

    /** How the message should look. */
    public enum MessageKind { NONE, INFO, SUCCESS, ERROR }

    // ---- inputs ----
    private final StringProperty pasteText = new SimpleStringProperty("");
    private final StringProperty apiServer = new SimpleStringProperty("");
    private final StringProperty webServer = new SimpleStringProperty("");
    private final StringProperty filesServer = new SimpleStringProperty("");
    private final StringProperty accessKey = new SimpleStringProperty("");
    private final StringProperty secretKey = new SimpleStringProperty("");
    private final BooleanProperty verifyCertificate = new SimpleBooleanProperty(true);
    private final StringProperty profileName = new SimpleStringProperty(Profiles.DEFAULT);
    private final BooleanProperty replaceExisting = new SimpleBooleanProperty(false);

    // ---- state ----
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<MessageKind> messageKind = new ReadOnlyObjectWrapper<>(MessageKind.NONE);
    private final ReadOnlyObjectWrapper<ServerInfo> serverInfo = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Profile> savedProfile = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Workspace> connected = new SimpleObjectProperty<>();

    private final Async async;
    private final Profiles profiles;
    private final Function<ClearmlConfig, ClearmlClient> clients;
    private final Function<ClearmlConfig, Workspace> opener;
    private Async.Handle running;
    /** The paste text last read into the fields, so editing a field afterwards is not undone. */
    private String lastRead;

    /**
     * @param clients builds a client for a config (the app: {@code ClearmlClient.builder(c).build()})
     * @param opener  opens the workspace once connected (the app: {@code Services::openServer})
     */
    public ConnectViewModel(Async async, Profiles profiles, Function<ClearmlConfig, ClearmlClient> clients,
                            Function<ClearmlConfig, Workspace> opener) {
        this.async = async;
        this.profiles = profiles;
        this.clients = clients;
        this.opener = opener;
        if (profiles.loader().activeConfigFile().isPresent()) profileName.set("");
    }

    // ---- intents ----

    /** Fills the fields from the pasted block, or explains what is wrong with it. */
    public boolean applyPaste() {
        try {
            ServerSettings s = CredentialsPaste.parse(pasteText.get());
            apiServer.set(s.apiServer());
            webServer.set(nz(s.webServer()));
            filesServer.set(nz(s.filesServer()));
            accessKey.set(s.credentials().accessKey());
            secretKey.set(s.credentials().secretKey());
            verifyCertificate.set(s.verifyCertificate());
            show(MessageKind.INFO, "Credentials read for " + s.apiServer() + ". Test the connection or save it.");
            return true;
        } catch (ConfigException e) {
            show(MessageKind.ERROR, e.getMessage());
            return false;
        }
    }

    /**
     * The paste box changed: a whole credentials block is read at once (as pasting it should be
     * enough); an unfinished one waits quietly, and only a closed block that still cannot be read
     * says what is wrong.
     */
    public void pasteChanged() {
        String text = pasteText.get();
        if (text == null || text.isBlank() || text.equals(lastRead)) return;
        try {
            CredentialsPaste.parse(text);
        } catch (ConfigException e) {
            if (closedBlock(text)) show(MessageKind.ERROR, e.getMessage());
            return;
        }
        lastRead = text;
        applyPaste();
    }

    /**
     * Text pasted into one of the fields: when it is a credentials block, it goes to the paste box
     * and is read there (true); otherwise the field takes it as usual (false).
     */
    public boolean offerPaste(String text) {
        try {
            CredentialsPaste.parse(text);
        } catch (ConfigException e) {
            return false;
        }
        pasteText.set(text);
        if (!text.equals(lastRead)) {
            lastRead = text;
            applyPaste();
        }
        return true;
    }

    /** Braces that open and close again, at least once: the user means the block to be complete. */
    private static boolean closedBlock(String text) {
        int depth = 0;
        boolean closed = false;
        for (char c : text.toCharArray()) {
            if (c == '{') depth++;
            else if (c == '}') {
                depth--;
                closed = true;
            }
        }
        return closed && depth == 0;
    }

    /** Checks reachability, that it is ClearML, and the keys, in the background. */
    public void testConnection() {
        ServerSettings s = settingsOrExplain();
        if (s == null) return;
        runCheck(s, false);
    }

    /** Tests, then opens the workspace ({@link #connectedProperty()}) when everything works. */
    public void connect() {
        ServerSettings s = settingsOrExplain();
        if (s == null) return;
        runCheck(s, true);
    }

    /** Writes the settings as a clearml.conf-compatible profile (0600); never replaces one silently. */
    public void save() {
        ServerSettings s = settingsOrExplain();
        if (s == null) return;
        String name = profileName.get() == null ? "" : profileName.get().strip();
        if (name.isEmpty()) {
            show(MessageKind.ERROR, "Give the profile a name (\"default\" writes " + profiles.loader().writeTarget() + ")");
            return;
        }
        try {
            Profile p = profiles.save(name, s, replaceExisting.get());
            savedProfile.set(p);
            show(MessageKind.SUCCESS, "Saved profile '" + name + "' to " + p.file() + " (readable by you only)");
        } catch (ConfigException e) {
            show(MessageKind.ERROR, e.getMessage());
        }
    }

    /** Stops a running check (the dialog was closed or the fields changed). */
    public void cancel() {
        if (running != null) running.cancel();
        running = null;
        busy.set(false);
    }

    private void runCheck(ServerSettings s, boolean open) {
        cancel();
        ClearmlConfig config;
        try {
            config = ClearmlConfig.of(profileName.get() == null || profileName.get().isBlank() ? "connect" : profileName.get().strip(), s);
        } catch (ConfigException e) {
            show(MessageKind.ERROR, e.getMessage());
            return;
        }
        busy.set(true);
        show(MessageKind.INFO, "Connecting to " + config.apiServer() + "…");
        running = async.run(() -> {
            try (ClearmlClient c = clients.apply(config)) {
                ServerInfo info = c.checkConnection();
                Workspace ws = open ? opener.apply(config) : null;
                return new Object[] {info, ws};
            }
        }, result -> {
            busy.set(false);
            ServerInfo info = (ServerInfo) result[0];
            serverInfo.set(info);
            show(MessageKind.SUCCESS, "Connected to ClearML server " + nz(info.serverVersion()) + " (API " + nz(info.apiVersion()) + ")"
                    + (info.userName() == null ? "" : " as " + info.userName()));
            if (result[1] != null) connected.set((Workspace) result[1]);
        }, error -> {
            busy.set(false);
            serverInfo.set(null);
            show(MessageKind.ERROR, describe(error));
        });
    }

    static String describe(Throwable error) {
        if (error instanceof ClearmlException || error instanceof ConfigException) return error.getMessage();
        String m = error.getMessage();
        return "Could not connect: " + (m == null ? error.getClass().getSimpleName() : m);
    }

    /** The typed fields as settings, or null after explaining what is missing. */
    private ServerSettings settingsOrExplain() {
        List<String> missing = new ArrayList<>();
        String api = apiServer.get() == null ? "" : apiServer.get().strip();
        if (api.isEmpty()) missing.add("API server");
        if (blank(accessKey.get())) missing.add("access key");
        if (blank(secretKey.get())) missing.add("secret key");
        if (!missing.isEmpty()) {
            show(MessageKind.ERROR, "Missing " + String.join(", ", missing) + ": paste the credentials block or type them");
            return null;
        }
        if (!api.matches("(?i)https?://[^\\s/]+.*")) {
            show(MessageKind.ERROR, "The API server must be an http:// or https:// address, e.g. http://localhost:8008");
            return null;
        }
        return new ServerSettings(api, blankToNull(webServer.get()), blankToNull(filesServer.get()),
                new Credentials(accessKey.get().strip(), secretKey.get().strip()), verifyCertificate.get());
    }

    private void show(MessageKind kind, String text) {
        messageKind.set(kind);
        message.set(text);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    // ---- properties ----

    public StringProperty pasteTextProperty() { return pasteText; }
    public StringProperty apiServerProperty() { return apiServer; }
    public StringProperty webServerProperty() { return webServer; }
    public StringProperty filesServerProperty() { return filesServer; }
    public StringProperty accessKeyProperty() { return accessKey; }
    public StringProperty secretKeyProperty() { return secretKey; }
    public BooleanProperty verifyCertificateProperty() { return verifyCertificate; }
    public StringProperty profileNameProperty() { return profileName; }
    public BooleanProperty replaceExistingProperty() { return replaceExisting; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<MessageKind> messageKindProperty() { return messageKind.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ServerInfo> serverInfoProperty() { return serverInfo.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Profile> savedProfileProperty() { return savedProfile.getReadOnlyProperty(); }

    /** The workspace after a successful {@link #connect()}; the main window switches to it. */
    public ReadOnlyObjectProperty<Workspace> connectedProperty() {
        return connected;
    }
}
