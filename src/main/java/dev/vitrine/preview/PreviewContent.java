package dev.vitrine.preview;

import java.util.Map;

/**
 * An opened file, ready to be shown. Implementations hold whatever lazy handle they need (a DuckDB
 * table, a mapped buffer) and release it in {@link #close()}. Methods may block: call them off the
 * FX thread. Thread-safe unless a type says otherwise.
 */
public interface PreviewContent extends AutoCloseable {

    /** "table", "array", "npz", "image", "tree", "text", "archive", "checkpoint" (CLI.md inspect kinds). */
    String kind();

    /**
     * What the viewer knows, in the JSON shape of CLI.md's {@code inspect} for this kind: an ordered
     * map of strings, numbers, booleans, nulls, lists and maps.
     *
     * @param rows how many head rows/lines/items to include where the shape has a head
     */
    Map<String, Object> inspect(int rows) throws PreviewException;

    @Override
    default void close() {}
}
