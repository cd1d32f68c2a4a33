package dev.vitrine.ui.common;

import javafx.collections.ListChangeListener;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.prefs.Preferences;

/**
 * Remembers a table's columns between runs: which are shown, their widths and their order, keyed
 * by each column's id. For tables whose columns keep the width the user gives them (no constrained
 * resize policy). Restored once, then saved on every change. Preferences writes go to memory
 * and are flushed by the JDK's own timer, so this is safe on the FX thread.
 */
public final class ColumnMemory {
    private ColumnMemory() {}

    /** Restores what {@code prefs} holds for the table's columns (those with an id), then follows the user's changes. */
    public static <S> void attach(TableView<S> table, Preferences prefs) {
        restore(table, prefs);
        for (TableColumn<S, ?> c : table.getColumns()) follow(c, prefs);
        table.getColumns().addListener((ListChangeListener<TableColumn<S, ?>>) ch -> saveOrder(table, prefs));
    }

    private static <S> void restore(TableView<S> table, Preferences prefs) {
        Map<String, TableColumn<S, ?>> byId = new LinkedHashMap<>();
        for (TableColumn<S, ?> c : table.getColumns()) if (c.getId() != null) byId.put(c.getId(), c);
        for (TableColumn<S, ?> c : byId.values()) {
            double w = prefs.getDouble(c.getId() + ".width", -1);
            // a width the user could not see or grab is not restored
            if (w >= Math.max(20, c.getMinWidth()) && w <= 4000) c.setPrefWidth(w);
            String shown = prefs.get(c.getId() + ".visible", null);
            if (shown != null) c.setVisible(Boolean.parseBoolean(shown));
        }
        String order = prefs.get("order", null);
        if (order == null) return;
        List<TableColumn<S, ?>> ordered = new ArrayList<>();
        for (String id : order.split(",")) {
            TableColumn<S, ?> c = byId.remove(id);
            if (c != null) ordered.add(c);
        }
        ordered.addAll(byId.values()); // columns added since the order was saved keep their place at the end
        for (TableColumn<S, ?> c : table.getColumns()) if (c.getId() == null) ordered.add(c);
        table.getColumns().setAll(ordered);
    }

    private static void follow(TableColumn<?, ?> c, Preferences prefs) {
        if (c.getId() == null) return;
        // for tables without a constrained resize policy (width = what the user dragged it to)
        c.widthProperty().addListener((o, a, w) -> {
            if (w.doubleValue() > 0) prefs.putDouble(c.getId() + ".width", w.doubleValue());
        });
        c.visibleProperty().addListener((o, a, v) -> prefs.put(c.getId() + ".visible", String.valueOf(v)));
    }

    private static void saveOrder(TableView<?> table, Preferences prefs) {
        StringBuilder sb = new StringBuilder();
        for (TableColumn<?, ?> c : table.getColumns()) {
            if (c.getId() == null) continue;
            if (sb.length() > 0) sb.append(',');
            sb.append(c.getId());
        }
        prefs.put("order", sb.toString());
    }
}
