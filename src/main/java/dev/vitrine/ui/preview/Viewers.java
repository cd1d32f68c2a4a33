package dev.vitrine.ui.preview;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.ui.common.Async;
import javafx.scene.Node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Maps each kind of opened content to the viewer that shows it. A viewer is built on the FX thread
 * with the content and the {@link Async} to page through it; it never does I/O on the FX thread.
 * The standard set is {@code ui.preview.standard.StandardViewers}.
 */
public final class Viewers {

    private final Map<Class<? extends PreviewContent>, BiFunction<PreviewContent, Async, Node>> factories = new LinkedHashMap<>();

    public <C extends PreviewContent> void register(Class<C> type, BiFunction<PreviewContent, Async, Node> factory) {
        factories.put(type, factory);
    }

    /** The viewer for the content, or null when no viewer is registered for its type. */
    public Node create(PreviewContent content, Async async) {
        for (var e : factories.entrySet()) {
            if (e.getKey().isInstance(content)) return e.getValue().apply(content, async);
        }
        return null;
    }
}
