package dev.vitrine.preview.archive;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.Sniff;

import java.util.function.Supplier;

/**
 * Zip archives (folder artifacts). Scores below the readers of zip-based formats (npz, torch
 * checkpoints) unless the name or artifact says archive. Entries open through the {@link Previewers}
 * the supplier gives (the full reader list, built after this reader).
 */
public final class ArchiveReader implements PreviewReader {

    private final Supplier<Previewers> previewers;
    private final long maxEntryBytes;

    public ArchiveReader(Supplier<Previewers> previewers) {
        this(previewers, ArchiveContent.DEFAULT_MAX_ENTRY_BYTES);
    }

    public ArchiveReader(Supplier<Previewers> previewers, long maxEntryBytes) {
        this.previewers = previewers;
        this.maxEntryBytes = maxEntryBytes;
    }

    @Override
    public int score(Sniff s) {
        if (!s.isZip()) return 0;
        if (s.hasExtension(".zip") || "archive".equals(s.artifactType()) || "application/zip".equals(s.contentType())) return 80;
        return 20;
    }

    @Override
    public PreviewContent open(Sniff s) throws PreviewException {
        return ArchiveContent.open(s.file(), previewers.get(), maxEntryBytes);
    }
}
