package dev.vitrine.ui.preview.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.preview.text.TreeContent;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import javafx.collections.ObservableList;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;

import java.util.Iterator;
import java.util.Map;

/**
 * A JSON/YAML document as a collapsible tree (children built when a node is expanded) and as
 * formatted text with search.
 */
public final class TreeViewer extends StatusPane {

    /** What a tree row shows: its key and a preview of its value. */
    public record Entry(String key, JsonNode node) {
        @Override
        public String toString() {
            String type = TreeContent.typeName(node);
            return (key == null ? "" : key + ": ") + TreeContent.preview(node) + (node.isContainerNode() ? "" : "  (" + type + ")");
        }
    }

    private final TreeView<Entry> tree = new TreeView<>();

    public TreeViewer(TreeContent content, Async async) {
        super("mdi2f-file-tree-outline");
        TreeItem<Entry> root = item(new Entry(content.format().toUpperCase(), content.root()));
        root.setExpanded(true);
        tree.setRoot(root);
        tree.setId("tree-view");
        TextArea formatted = new TextArea();
        formatted.setEditable(false);
        formatted.setStyle("-fx-font-family: monospace;");
        formatted.setId("tree-text");
        async.run(content::formatted, formatted::setText, e -> formatted.setText(e.getMessage()));
        TabPane tabs = new TabPane(new Tab("Tree", tree), new Tab("Formatted", formatted), new Tab("File", new TextViewer(content.text(), async)));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setContent(tabs);
        stateProperty().set(LoadState.READY);
    }

    public TreeView<Entry> tree() {
        return tree;
    }

    private static TreeItem<Entry> item(Entry e) {
        return new TreeItem<>(e) {
            private boolean built;

            @Override
            public boolean isLeaf() {
                return !e.node().isContainerNode() || e.node().isEmpty();
            }

            @Override
            public ObservableList<TreeItem<Entry>> getChildren() {
                if (!built) {
                    built = true;
                    JsonNode n = e.node();
                    int shown = 0;
                    if (n.isObject()) {
                        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                        while (it.hasNext() && shown++ < 10_000) {
                            Map.Entry<String, JsonNode> c = it.next();
                            super.getChildren().add(item(new Entry(c.getKey(), c.getValue())));
                        }
                    } else if (n.isArray()) {
                        for (int i = 0; i < n.size() && i < 10_000; i++) super.getChildren().add(item(new Entry("[" + i + "]", n.get(i))));
                    }
                }
                return super.getChildren();
            }
        };
    }
}
