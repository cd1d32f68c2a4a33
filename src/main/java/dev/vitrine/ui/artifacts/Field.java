package dev.vitrine.ui.artifacts;

/** One labelled value of the detail pane; {@code mono} for hashes, uris and paths. */
public record Field(String label, String value, boolean mono) {
    public static Field of(String label, Object value) {
        return new Field(label, value == null ? "unknown" : value.toString(), false);
    }

    public static Field mono(String label, Object value) {
        return new Field(label, value == null ? "unknown" : value.toString(), true);
    }
}
