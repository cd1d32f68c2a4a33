package dev.vitrine.preview;

/** No reader knows this file; the viewer falls back to the artifact's stored preview text. */
public class UnsupportedFormatException extends PreviewException {
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
