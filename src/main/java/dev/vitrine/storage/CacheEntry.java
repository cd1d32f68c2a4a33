package dev.vitrine.storage;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One entry of the SDK cache folder: a downloaded file or an extracted archive folder.
 *
 * @param sourceUri the uri it was downloaded from when Vitrine fetched it; null for entries the
 *                  ClearML SDK wrote (its file names are hashes, not reversible)
 * @param locked    an SDK lock file names it (a dataset in use): not evicted automatically
 */
public record CacheEntry(String name, Path path, boolean directory, long size, Instant lastUsed, String sourceUri, boolean locked) {}
