package dev.vitrine.ui.common;

import javafx.collections.ListChangeListener;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.Text;
import javafx.stage.Window;

/**
 * Wherever a label or cell shows its text cut (the stylesheet cuts names in the middle, so
 * checkpoint_ep05 and checkpoint_ep10 stay apart), hovering it shows the whole text. One mouse
 * filter per window instead of a tooltip per cell: controls that set their own tooltip keep it.
 * FX thread only.
 */
public final class CutTextTooltips {
    private CutTextTooltips() {}

    /** Marks tooltips this class installed, so only those are updated or removed. */
    private static final Object KEY = CutTextTooltips.class;
    private static final EventHandler<MouseEvent> ON_MOVE = e -> {
        if (e.getPickResult() != null) update(e.getPickResult().getIntersectedNode());
    };

    /** Every window, now and later (child windows too). */
    public static void installEverywhere() {
        for (Window w : Window.getWindows()) install(w);
        Window.getWindows().addListener((ListChangeListener<Window>) c -> {
            while (c.next()) for (Window w : c.getAddedSubList()) install(w);
        });
    }

    private static void install(Window w) {
        if (w.getScene() != null) install(w.getScene());
        w.sceneProperty().addListener((o, a, s) -> {
            if (s != null) install(s);
        });
    }

    public static void install(Scene scene) {
        scene.removeEventFilter(MouseEvent.MOUSE_MOVED, ON_MOVE);
        scene.addEventFilter(MouseEvent.MOUSE_MOVED, ON_MOVE);
    }

    static void update(Node picked) {
        Node n = picked;
        while (n != null && !(n instanceof Labeled)) n = n.getParent();
        if (!(n instanceof Labeled l)) return;
        boolean ours = l.getProperties().get(KEY) != null;
        if (l.getTooltip() != null && !ours) return;
        if (isCut(l)) {
            if (ours && l.getTooltip().getText().equals(l.getText())) return;
            l.setTooltip(new Tooltip(l.getText()));
            l.getProperties().put(KEY, Boolean.TRUE);
        } else if (ours) {
            l.setTooltip(null);
            l.getProperties().remove(KEY);
        }
    }

    /** Whether the text drawn differs from the label's text (an ellipsis took part of it). */
    public static boolean isCut(Labeled l) {
        String full = l.getText();
        if (full == null || full.isEmpty()) return false;
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t) return !full.equals(t.getText());
        }
        return false;
    }
}
