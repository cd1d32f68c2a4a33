package dev.vitrine.ui.preview.standard;

import dev.vitrine.ui.preview.Viewers;

/**
 * Every viewer Vitrine ships, registered for its kind of content. In a package of its own because
 * it names them all (the archive viewer, which shows entries through {@link Viewers}, too): kept in
 * {@code ui.preview}, it would close a package cycle.
 */
public final class StandardViewers {
    private StandardViewers() {}

    public static Viewers create() {
        Viewers v = new Viewers();
        v.register(dev.vitrine.preview.array.ArrayContent.class, (c, async) ->
                new dev.vitrine.ui.preview.array.ArrayViewer(new dev.vitrine.ui.preview.array.ArrayViewModel(c, async)));
        v.register(dev.vitrine.preview.array.NpzContent.class, (c, async) -> NpzWeights.arraysOrWeights((dev.vitrine.preview.array.NpzContent) c, async));
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
}
