package dev.vitrine.workspace;

/** An artifact's {@code mode}: absent on the wire means {@link #OUTPUT} (ARTIFACTS.md 1.1). */
public enum ArtifactMode {
    INPUT, OUTPUT;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ArtifactMode fromWire(String s) {
        return "input".equalsIgnoreCase(s) ? INPUT : OUTPUT;
    }
}
