package dev.vitrine.ui.cache;

import dev.vitrine.storage.CacheEntry;
import dev.vitrine.ui.common.Format;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One cache entry as the Cache panel shows it (immutable: the list is rebuilt on refresh). */
public final class CacheEntryRowViewModel {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final CacheEntry entry;

    CacheEntryRowViewModel(CacheEntry entry) {
        this.entry = entry;
    }

    public CacheEntry entry() {
        return entry;
    }

    public String name() {
        return entry.name();
    }

    /** The uri it came from, or a note for entries the ClearML SDK wrote. */
    public String source() {
        if (entry.sourceUri() != null) return entry.sourceUri();
        return entry.directory() ? "Extracted archive" : "Downloaded by the ClearML SDK";
    }

    public String size() {
        return Format.bytes(entry.size());
    }

    public String lastUsed() {
        return WHEN.format(entry.lastUsed());
    }

    public boolean locked() {
        return entry.locked();
    }
}
