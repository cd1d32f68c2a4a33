package dev.vitrine.cli;

import dev.vitrine.preview.Previewers;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.LocalCopies;

import java.util.function.Supplier;

/**
 * What the verbs use, handed in by the composition root. Each is built on first use, so a
 * listing never loads the readers or the storage drivers.
 */
public record CliServices(WorkspaceOpener opener, Supplier<ArtifactCache> cache, Supplier<Previewers> previewers,
                          Supplier<LocalCopies> localCopies) {}
