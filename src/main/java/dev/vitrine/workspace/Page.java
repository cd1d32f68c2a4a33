package dev.vitrine.workspace;

import java.util.List;

/**
 * One page of a server-side paged list. ClearML returns no totals (transcripts README), so a page
 * only knows whether another may follow.
 */
public record Page<T>(List<T> items, int page, int pageSize, boolean hasMore) {
    public Page {
        items = List.copyOf(items);
    }

    /** Slices an in-memory list the same way a server pages it. */
    public static <T> Page<T> of(List<T> all, int page, int pageSize) {
        int from = Math.min(all.size(), Math.max(0, page) * pageSize);
        int to = Math.min(all.size(), from + pageSize);
        return new Page<>(all.subList(from, to), page, pageSize, to < all.size());
    }
}
