package dev.vitrine.ui.common;

import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;

import java.util.prefs.Preferences;

/**
 * Side panes of a split pane that keep the size the user gave them, in pixels, as DBeaver's
 * navigator does: the centre takes what the window gains or loses; when the window gets too
 * small for both the sides and the centre's share, the sides give way (never below their minimum)
 * and get their own size back as soon as the window grows again. A proportion would shrink with
 * the window and stay small; a fixed divider would squeeze the centre away.
 *
 * <p>The wanted sizes change only when the user drags a divider (and are remembered between runs
 * when given preferences); the adjustments made for a small window never overwrite them.
 */
public final class SideWidths {

    private final SplitPane split;
    private final Region first;
    private final Region last;
    private final double centreShare;
    private double firstWanted;
    private double lastWanted;
    private Preferences prefs;
    private boolean pending;

    /**
     * @param first       the leading side pane (left or top), or null
     * @param last        the trailing side pane (right or bottom), or null
     * @param centreShare the share of the split the centre keeps at least, e.g. 0.5
     */
    private SideWidths(SplitPane split, Region first, double firstSize, Region last, double lastSize, double centreShare) {
        this.split = split;
        this.first = first;
        this.last = last;
        this.firstWanted = firstSize;
        this.lastWanted = lastSize;
        this.centreShare = centreShare;
    }

    /** Keeps {@code split}'s first and last items at the given sizes (pixels), the middle taking the rest. */
    public static SideWidths install(SplitPane split, Region first, double firstSize, Region last, double lastSize, double centreShare) {
        SideWidths s = new SideWidths(split, first, firstSize, last, lastSize, centreShare);
        if (first != null) SplitPane.setResizableWithParent(first, false);
        if (last != null) SplitPane.setResizableWithParent(last, false);
        (split.getOrientation() == Orientation.HORIZONTAL ? split.widthProperty() : split.heightProperty())
                .addListener((o, a, b) -> s.schedule());
        // only a drag of a divider says what the user wants: releasing it records the sizes
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (s.isDivider(e.getTarget())) s.userMoved();
        });
        return s;
    }

    /** Remembers the wanted sizes in {@code node} between runs, and restores them now. */
    public SideWidths remember(Preferences node) {
        this.prefs = node;
        firstWanted = restore("first", firstWanted, first);
        lastWanted = restore("last", lastWanted, last);
        schedule();
        return this;
    }

    private double restore(String key, double fallback, Region pane) {
        double v = prefs.getDouble(key, -1);
        // a size the user could not have seen is not restored
        return pane != null && v >= minOf(pane) && v <= 4000 ? v : fallback;
    }

    /** Takes the panes' current sizes as the ones the user wants (after a divider was dragged). */
    public void userMoved() {
        if (first != null && size(first) > 0) firstWanted = size(first);
        if (last != null && size(last) > 0) lastWanted = size(last);
        if (prefs != null) {
            if (first != null) prefs.putDouble("first", firstWanted);
            if (last != null) prefs.putDouble("last", lastWanted);
        }
    }

    public double firstWanted() {
        return firstWanted;
    }

    public double lastWanted() {
        return lastWanted;
    }

    private void schedule() {
        if (pending) return;
        pending = true;
        // after the split pane's own layout, which moves the dividers its own way
        Async.afterLayout(() -> {
            pending = false;
            apply();
        });
    }

    /** Sets the dividers so the sides have their wanted sizes, or as much of them as the centre's share leaves. */
    void apply() {
        double total = split.getOrientation() == Orientation.HORIZONTAL ? split.getWidth() : split.getHeight();
        if (total <= 0) return;
        double a = first == null ? 0 : firstWanted;
        double b = last == null ? 0 : lastWanted;
        double room = Math.max(0, total * (1 - centreShare));
        if (a + b > room) {
            // both give way in proportion to what they want, neither below its minimum
            double scale = room / (a + b);
            a = first == null ? 0 : Math.max(minOf(first), a * scale);
            b = last == null ? 0 : Math.max(minOf(last), b * scale);
        }
        double divider = dividerSize();
        int n = split.getItems().size();
        if (first != null && last != null && n >= 3) {
            split.setDividerPositions(a / total, 1 - (b + divider) / total);
        } else if (first != null && n >= 2) {
            split.setDividerPositions(a / total);
        } else if (last != null && n >= 2) {
            split.setDividerPositions(1 - (b + divider) / total);
        }
    }

    private double dividerSize() {
        for (Node d : split.lookupAll(".split-pane-divider")) {
            if (d.getParent() == split && d instanceof Region r) {
                return split.getOrientation() == Orientation.HORIZONTAL ? r.getWidth() : r.getHeight();
            }
        }
        return 0;
    }

    private double size(Region r) {
        return split.getOrientation() == Orientation.HORIZONTAL ? r.getWidth() : r.getHeight();
    }

    private double minOf(Region r) {
        double m = split.getOrientation() == Orientation.HORIZONTAL ? r.minWidth(-1) : r.minHeight(-1);
        return Math.max(m, 60);
    }

    /** A divider of this split pane (not of one nested in it). */
    private boolean isDivider(Object target) {
        for (Node n = target instanceof Node x ? x : null; n != null; n = n.getParent()) {
            if (n.getStyleClass().contains("split-pane-divider")) return n.getParent() == split;
        }
        return false;
    }
}
