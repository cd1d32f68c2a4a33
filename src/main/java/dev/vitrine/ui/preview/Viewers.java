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
 */
public final class Viewers {

    private final Map<Class<? extends PreviewContent>, BiFunction<PreviewContent, Async, Node>> factories = new LinkedHashMap<>();

    public static Viewers standard() {
        Viewers v = new Viewers();
        v.register(dev.vitrine.preview.array.ArrayContent.class, (c, async) ->
                new dev.vitrine.ui.preview.array.ArrayViewer(new dev.vitrine.ui.preview.array.ArrayViewModel(c, async)));
        v.register(dev.vitrine.preview.array.NpzContent.class, (c, async) ->
                new dev.vitrine.ui.preview.array.ArrayViewer(new dev.vitrine.ui.preview.array.ArrayViewModel(c, async)));
        v.register(dev.vitrine.preview.pickle.PickleContent.class, (c, async) ->
                new dev.vitrine.ui.preview.pickle.PickleViewer((dev.vitrine.preview.pickle.PickleContent) c));
        v.register(dev.vitrine.compare.CheckpointContent.class, (c, async) ->
                new dev.vitrine.ui.compare.CompareView(dev.vitrine.ui.compare.CompareViewModel.single(
                        ((dev.vitrine.compare.CheckpointContent) c).checkpoint(), async)));
        v.register(dev.vitrine.preview.table.TableContent.class,
                (c, async) -> new dev.vitrine.ui.preview.table.TableViewer((dev.vitrine.preview.table.TableContent) c, async));
        v.register(dev.vitrine.preview.image.ImageContent.class,
                (c, async) -> new dev.vitrine.ui.preview.image.ImageViewer((dev.vitrine.preview.image.ImageContent) c, async));
        v.register(dev.vitrine.preview.text.TreeContent.class,
                (c, async) -> new dev.vitrine.ui.preview.text.TreeViewer((dev.vitrine.preview.text.TreeContent) c, async));
        v.register(dev.vitrine.preview.text.TextContent.class,
                (c, async) -> new dev.vitrine.ui.preview.text.TextViewer((dev.vitrine.preview.text.TextContent) c, async));
        v.register(dev.vitrine.preview.archive.ArchiveContent.class,
                (c, async) -> new dev.vitrine.ui.preview.archive.ArchiveViewer((dev.vitrine.preview.archive.ArchiveContent) c, async, v));
        return v;
    }

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
