package dev.vitrine.preview;

import java.util.ArrayList;
import java.util.List;

/** Every reader Vitrine ships, in one list the composition root hands to {@link Previewers}. */
public final class StandardReaders {
    private StandardReaders() {}

    public static List<PreviewReader> all() {
        List<PreviewReader> readers = new ArrayList<>();
        // Each reader family adds itself here.
        readers.add(new dev.vitrine.preview.table.TableReader());
        readers.add(new dev.vitrine.preview.image.ImageReaderPlugin());
        return readers;
    }

    public static Previewers previewers() {
        return new Previewers(all());
    }
}
