package dev.vitrine.preview;

/**
 * Reads one family of formats. {@link Previewers} asks every reader for a score and opens the file
 * with the best; a reader must decide from the {@link Sniff} alone, without reading more.
 */
public interface PreviewReader {

    /** How well this reader fits: 0 = cannot read; magic-byte matches should score above name matches. */
    int score(Sniff sniff);

    /**
     * Opens the file lazily: no reader loads a whole large file into the heap.
     *
     * @throws PreviewException with a message for the user when the file is corrupt or refused
     */
    PreviewContent open(Sniff sniff) throws PreviewException;
}
