package dev.vitrine.ui.preview.archive;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.archive.ArchiveContent;
import dev.vitrine.preview.archive.ArchiveEntry;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.Format;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.StatusPane;
import dev.vitrine.ui.preview.Viewers;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/**
 * A zip's entries (with sizes; hostile names flagged and never opened); selecting an entry
 * extracts it in the background and shows it in the viewer for its kind, nested on the right.
 * The nested content is closed when another entry is chosen or the viewer leaves the scene.
 */
public final class ArchiveViewer extends StatusPane {

    private final ArchiveContent content;
    private final Async async;
    private final Viewers viewers;
    private final StatusPane nested = new StatusPane("mdi2f-folder-zip-outline");
    private final TableView<ArchiveEntry> list = new TableView<>();
    private PreviewContent opened;
    private Async.Handle handle;

    public ArchiveViewer(ArchiveContent content, Async async, Viewers viewers) {
        super("mdi2f-folder-zip-outline");
        this.content = content;
        this.async = async;
        this.viewers = viewers;
        nested.messageProperty().set("Select an entry to preview it");
        TableColumn<ArchiveEntry, ArchiveEntry> name = new TableColumn<>("Name");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(ArchiveEntry e, boolean empty) {
                super.updateItem(e, empty);
                if (empty || e == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                setText(e.name());
                FontIcon icon = new FontIcon(e.unsafe() ? "mdi2a-alert-outline" : e.directory() ? "mdi2f-folder-outline" : "mdi2f-file-outline");
                setGraphic(icon);
                setTooltip(e.unsafe() ? new Tooltip("Unsafe name: it would leave the archive's folder; never extracted") : null);
            }
        });
        name.setPrefWidth(260);
        TableColumn<ArchiveEntry, String> size = new TableColumn<>("Size");
        size.setId("archive-size");
        size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().directory() ? "" : Format.bytes(c.getValue().size())));
        size.setCellFactory(c -> new RightAligned(e -> e.size() < 0 ? null : String.format(Locale.ROOT, "%,d bytes", e.size())));
        size.setPrefWidth(80);
        TableColumn<ArchiveEntry, String> packed = new TableColumn<>("Stored as");
        packed.setId("archive-stored");
        packed.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(storedAs(c.getValue())));
        packed.setCellFactory(c -> new RightAligned(e -> e.compressed() < 0 ? null : String.format(Locale.ROOT, "%,d bytes in the archive", e.compressed())));
        packed.setPrefWidth(130);
        list.getColumns().setAll(java.util.List.of(name, size, packed));
        list.getItems().setAll(content.entries());
        list.setId("archive-entries");
        list.getSelectionModel().selectedItemProperty().addListener((o, a, e) -> open(e));
        SplitPane split = new SplitPane(list, nested);
        split.setDividerPositions(0.35);
        setContent(split);
        stateProperty().set(LoadState.READY);
        sceneProperty().addListener((o, a, s) -> {
            if (s == null) closeNested();
        });
    }

    /** "not compressed", "deflated to 31%", or "" for folders. */
    static String storedAs(ArchiveEntry e) {
        if (e.directory()) return "";
        if (e.stored()) return "not compressed";
        if (e.size() <= 0 || e.compressed() < 0) return "compressed";
        long pct = Math.round(100.0 * e.compressed() / e.size());
        return "compressed to " + pct + "%";
    }

    /** A right-aligned cell with the exact figure in a tooltip. */
    private static final class RightAligned extends TableCell<ArchiveEntry, String> {
        private final java.util.function.Function<ArchiveEntry, String> exact;

        RightAligned(java.util.function.Function<ArchiveEntry, String> exact) {
            this.exact = exact;
            setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        }

        @Override
        protected void updateItem(String v, boolean empty) {
            super.updateItem(v, empty);
            setText(empty ? null : v);
            ArchiveEntry e = empty || getTableRow() == null ? null : getTableRow().getItem();
            String tip = e == null || e.directory() ? null : exact.apply(e);
            setTooltip(tip == null ? null : new Tooltip(tip));
        }
    }

    public TableView<ArchiveEntry> entries() {
        return list;
    }

    public StatusPane nested() {
        return nested;
    }

    private void open(ArchiveEntry e) {
        if (handle != null) handle.cancel();
        closeNested();
        if (e == null || e.directory()) {
            nested.stateProperty().set(LoadState.EMPTY);
            nested.messageProperty().set("Select a file to preview it");
            return;
        }
        if (e.unsafe()) {
            nested.messageProperty().set("Not opened: the name \"" + e.name() + "\" would leave the archive's folder");
            nested.stateProperty().set(LoadState.ERROR);
            return;
        }
        nested.stateProperty().set(LoadState.LOADING);
        nested.messageProperty().set("Extracting " + e.name() + "…");
        handle = async.run(() -> content.openEntry(e.name()), c -> {
            opened = c;
            Node v = viewers.create(c, async);
            if (v == null) {
                nested.messageProperty().set("No viewer for " + e.name());
                nested.stateProperty().set(LoadState.ERROR);
                return;
            }
            nested.setContent(v);
            nested.stateProperty().set(LoadState.READY);
        }, err -> {
            nested.messageProperty().set(err.getMessage());
            nested.stateProperty().set(LoadState.ERROR);
        });
    }

    private void closeNested() {
        if (opened != null) {
            PreviewContent c = opened;
            opened = null;
            async.background().execute(c::close);
        }
        nested.setContent(new Label());
    }
}
