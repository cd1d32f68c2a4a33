package dev.vitrine.ui.shell;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds text the user cannot read whole: a Labeled whose skin shows less than its text (an
 * ellipsis), among the labels, buttons, tabs and column headers on screen, and among the cells of
 * the columns named as key columns.
 */
final class Truncations {

    private Truncations() {}

    /**
     * @param keyColumns titles of the table columns whose cells must show whole (Status, Type, …)
     * @param allowed    nodes that may cut their text on purpose (a long status message, a name with a tooltip)
     */
    static List<String> in(Parent root, Set<String> keyColumns, Predicate<Node> allowed) {
        List<String> out = new ArrayList<>();
        walk(root, keyColumns, allowed, out);
        return out;
    }

    private static void walk(Node n, Set<String> keyColumns, Predicate<Node> allowed, List<String> out) {
        if (!n.isVisible() || allowed.test(n)) return;
        if (n instanceof Labeled l && showing(l)) {
            String text = l.getText();
            if (text != null && l.isMnemonicParsing()) text = text.replaceFirst("_", "");
            // names lose their middle on purpose (and show whole on hover); other text must not be cut
            boolean name = l.getTextOverrun() == OverrunStyle.CENTER_ELLIPSIS || l.getTextOverrun() == OverrunStyle.CENTER_WORD_ELLIPSIS;
            String shown = shownText(l);
            boolean cell = l instanceof IndexedCell<?>;
            boolean key = l instanceof TableCell<?, ?> c && c.getTableColumn() != null && keyColumns.contains(c.getTableColumn().getText());
            if (text != null && !text.isBlank() && shown != null && !shown.equals(text) && ((!cell && !name) || key)) {
                out.add(describe(l) + " shows \"" + shown + "\" of \"" + text + "\"");
            }
        }
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) walk(c, keyColumns, allowed, out);
    }

    private static boolean showing(Labeled l) {
        if (l.getWidth() <= 0 || l.getHeight() <= 0) return false;
        for (Node p = l; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }

    /** What the skin draws: its text node's text (with the ellipsis when cut). */
    static String shownText(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.getStyleClass().contains("text")) return t.getText();
        }
        return null;
    }

    private static String describe(Labeled l) {
        String what = l.getClass().getSimpleName();
        if (l instanceof TableCell<?, ?> c && c.getTableColumn() != null) what = "cell of column " + c.getTableColumn().getText();
        Node p = l.getParent();
        while (p != null && p.getId() == null) p = p.getParent();
        return what + (p == null ? "" : " in #" + p.getId()) + " (" + Math.round(l.getWidth()) + " px)";
    }
}
