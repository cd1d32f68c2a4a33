package dev.vitrine.ui.common;

import dev.vitrine.workspace.Artifact;
import org.kordamp.ikonli.javafx.FontIcon;

/** Icon literals (Material Design 2) used across the app, and the icon for an artifact's kind. */
public final class Icons {
    public static final String DEMO = "mdi2t-test-tube";
    public static final String OFFLINE = "mdi2f-folder-zip-outline";
    public static final String SERVER = "mdi2s-server-network";
    public static final String PROJECT = "mdi2f-folder-outline";
    public static final String MODEL = "mdi2b-brain";
    public static final String TABLE = "mdi2t-table";
    public static final String IMAGE = "mdi2i-image-outline";
    public static final String JSON = "mdi2c-code-json";
    public static final String TEXT = "mdi2f-file-document-outline";
    public static final String ARCHIVE = "mdi2a-archive-outline";
    public static final String ARRAY = "mdi2g-grid";
    public static final String PICKLE = "mdi2l-language-python";
    public static final String FILE = "mdi2f-file-outline";
    public static final String LINK = "mdi2l-link-variant";
    public static final String SEARCH = "mdi2m-magnify";
    public static final String REFRESH = "mdi2r-refresh";
    public static final String COPY = "mdi2c-content-copy";
    public static final String OPEN_FOLDER = "mdi2f-folder-open-outline";
    public static final String DARK = "mdi2w-weather-night";
    public static final String LIGHT = "mdi2w-white-balance-sunny";
    public static final String PREVIEW = "mdi2e-eye-outline";
    public static final String INFO = "mdi2i-information-outline";

    private Icons() {}

    public static FontIcon icon(String literal) {
        return new FontIcon(literal);
    }

    public static FontIcon icon(String literal, int size) {
        FontIcon i = new FontIcon(literal);
        i.setIconSize(size);
        return i;
    }

    public static String forArtifact(Artifact a) {
        String type = a.type() == null ? "" : a.type();
        return switch (type) {
            case "pandas", "data-audit-table" -> TABLE;
            case "numpy" -> ARRAY;
            case "image" -> IMAGE;
            case "dict", "JSON" -> JSON;
            case "string" -> TEXT;
            case "pickle" -> PICKLE;
            case "archive" -> ARCHIVE;
            default -> a.uri() != null && a.uri().contains("://") && !a.uri().startsWith("file://") && a.contentSize() == null ? LINK : FILE;
        };
    }
}
