package dev.vitrine.ui.preview.pickle;

import dev.vitrine.preview.pickle.PickleContent;
import dev.vitrine.preview.pickle.PickleScan;
import dev.vitrine.preview.pickle.PickleTree;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Map;

/**
 * A pickle: the static scan on top (protocol, globals, REDUCE/BUILD counts, dangerous callables) and,
 * unless refused, the decoded object tree, expanded lazily node by node. The content was fully read
 * off the FX thread by the reader; building tree items only walks Java objects in memory.
 */
public final class PickleViewer extends BorderPane {

    /** A node's label and value. */
    public record Node(String label, Object value) {
        @Override
        public String toString() {
            String type = PickleTree.typeName(value);
            if (PickleTree.isLeaf(value)) return label + ": " + type + " = " + PickleTree.repr(value, 120);
            return label + ": " + type + " (" + PickleTree.size(value) + ")";
        }
    }

    public PickleViewer(PickleContent content) {
        getStyleClass().add("pickle-viewer");
        PickleScan s = content.scan();
        Label what = new Label(content.describes() == null ? "Pickle" : "Pickled " + content.describes());
        what.getStyleClass().add("title-4");
        what.setId("pickle-describes");
        Label scan = new Label(String.format("protocol %s · %,d opcodes · %d REDUCE · %d BUILD · %d persistent ids%nglobals: %s",
                s.protocol() == null ? "0/1" : s.protocol(), s.opcodes(), s.reduceOps(), s.buildOps(), s.persistentIds(),
                s.globals().isEmpty() ? "none" : String.join(", ", s.globals())));
        scan.setWrapText(true);
        scan.setId("pickle-scan");
        VBox top = new VBox(4, what, scan);
        top.setPadding(new Insets(8));
        setTop(top);
        if (content.refusal() != null) {
            Label refused = new Label(content.refusal(), new FontIcon(s.referencesCodeExecution() ? "mdi2s-shield-alert-outline" : "mdi2a-alert-circle-outline"));
            refused.setWrapText(true);
            refused.getStyleClass().add(s.referencesCodeExecution() ? "danger" : "warning");
            refused.setId("pickle-refusal");
            refused.setPadding(new Insets(12));
            setCenter(refused);
            return;
        }
        Object root;
        try {
            root = content.root();
        } catch (Exception e) {
            setCenter(new Label(e.getMessage()));
            return;
        }
        TreeView<Node> tree = new TreeView<>(item(new Node("root", root)));
        tree.getRoot().setExpanded(true);
        tree.setId("pickle-tree");
        setCenter(tree);
    }

    static TreeItem<Node> item(Node n) {
        return new TreeItem<>(n) {
            private boolean built;

            @Override
            public boolean isLeaf() {
                return PickleTree.isLeaf(n.value()) || PickleTree.children(n.value()).isEmpty();
            }

            @Override
            public javafx.collections.ObservableList<TreeItem<Node>> getChildren() {
                if (!built) {
                    built = true;
                    List<Map.Entry<String, Object>> kids = PickleTree.children(n.value());
                    int max = Math.min(kids.size(), 10_000);
                    for (int i = 0; i < max; i++) super.getChildren().add(item(new Node(kids.get(i).getKey(), kids.get(i).getValue())));
                    if (kids.size() > max) super.getChildren().add(new TreeItem<>(new Node("…", (kids.size() - max) + " more items"))); 
                }
                return super.getChildren();
            }
        };
    }
}
