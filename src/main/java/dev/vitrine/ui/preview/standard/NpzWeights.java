package dev.vitrine.ui.preview.standard;

import dev.vitrine.compare.Checkpoint;
import dev.vitrine.compare.Checkpoints;
import dev.vitrine.preview.array.NpzContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.ui.compare.CompareView;
import dev.vitrine.ui.compare.CompareViewModel;
import dev.vitrine.ui.preview.array.ArrayViewModel;
import dev.vitrine.ui.preview.array.ArrayViewer;

/**
 * An .npz opens in the array viewer; when it holds a model's weights ({@link Checkpoints#looksLikeWeights})
 * the viewer also offers the checkpoint view (tensors, groups, norms) of the same open file. Here and
 * not in the array viewer, which {@code ui.compare} itself draws with: that would close a package cycle.
 */
final class NpzWeights {
    private NpzWeights() {}

    static ArrayViewer arraysOrWeights(NpzContent c, Async async) {
        ArrayViewer viewer = new ArrayViewer(new ArrayViewModel(c, async));
        async.run(() -> Checkpoints.looksLikeWeights(c.npz()), weights -> {
            if (weights) viewer.offerView("Checkpoint", "These arrays are a model's weights: show them as a checkpoint", () -> checkpoint(c, async));
        }, e -> { }); // the arrays still show; the reader's own error appears there
        return viewer;
    }

    private static StatusPane checkpoint(NpzContent c, Async async) {
        StatusPane pane = new StatusPane("mdi2c-chip");
        pane.stateProperty().set(LoadState.LOADING);
        pane.messageProperty().set("Reading the weights…");
        // the checkpoint borrows the preview's open npz: closing the preview closes both
        async.run(() -> Checkpoints.ofNpz(c.npz()), (Checkpoint cp) -> {
            pane.setContent(new CompareView(CompareViewModel.single(cp, async)));
            pane.stateProperty().set(LoadState.READY);
        }, e -> {
            pane.messageProperty().set(e.getMessage());
            pane.stateProperty().set(LoadState.ERROR);
        });
        return pane;
    }
}
