package dev.vitrine.preview.standard;

import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.table.TableStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Every reader Vitrine ships, in one list the composition root hands to {@link Previewers}. In a
 * package of its own because it names them all (the checkpoint reader of {@code compare} too),
 * while each of them depends on {@code preview}: kept there, it would close a package cycle.
 */
public final class StandardReaders {
    private StandardReaders() {}

    public static List<PreviewReader> all() {
        return all(null);
    }

    /** @param loads where tables load (see {@link dev.vitrine.preview.table.TableReader}); null for the readers' own */
    public static List<PreviewReader> all(java.util.concurrent.Executor loads) {
        return all(loads, null);
    }

    /** @param tables where slow-to-load CSVs are kept for their next open (see {@link TableStore}); null for none */
    public static List<PreviewReader> all(java.util.concurrent.Executor loads, TableStore tables) {
        List<PreviewReader> readers = new ArrayList<>();
        readers.add(new dev.vitrine.preview.table.TableReader(true, loads, tables));
        readers.add(new dev.vitrine.preview.image.ImageReaderPlugin());
        readers.add(new dev.vitrine.preview.text.TextReader());
        readers.add(new dev.vitrine.preview.array.ArrayReader());
        readers.add(new dev.vitrine.preview.pickle.PickleReader());
        readers.add(new dev.vitrine.compare.CheckpointReader());
        // Entries of an archive open with every reader, this list included once it is complete.
        readers.add(new dev.vitrine.preview.archive.ArchiveReader(() -> new Previewers(readers)));
        return readers;
    }

    public static Previewers previewers() {
        return new Previewers(all());
    }

    public static Previewers previewers(java.util.concurrent.Executor loads) {
        return new Previewers(all(loads));
    }

    public static Previewers previewers(java.util.concurrent.Executor loads, TableStore tables) {
        return new Previewers(all(loads, tables));
    }
}
