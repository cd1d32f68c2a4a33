package dev.vitrine.ui.shell;

import dev.vitrine.ui.artifacts.TaskView;
import dev.vitrine.ui.browser.NavigatorView;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.StoredFile;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Files in and out of the window: dropped on the task's artifacts (or pasted, or chosen) they are
 * uploaded after the upload dialog; dropped anywhere else they open as offline sessions (one session
 * zip while a server is open may be imported into it instead); an
 * artifact or model dragged out hands its local file to the desktop.
 */
final class FileDrops {

    private final MainViewModel vm;
    private final TaskView taskView;
    private final Supplier<Window> window;
    /** Asks whether to import a dropped session zip into the open server; false when none is open. */
    private final Predicate<Path> offerImport;

    FileDrops(MainViewModel vm, TaskView taskView, Supplier<Window> window, Predicate<Path> offerImport) {
        this.vm = vm;
        this.taskView = taskView;
        this.window = window;
        this.offerImport = offerImport;
    }

    /** Drops on the task view upload; drops anywhere else on {@code root} open sessions. */
    void install(Node root) {
        taskView.setOnDragOver(e -> {
            // not our own drag-out coming back
            Object from = e.getGestureSource();
            if (e.getDragboard().hasFiles() && from != taskView.artifactTable() && from != taskView.modelTable()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        taskView.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            upload(files.stream().map(File::toPath).toList());
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        root.setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            if (files.size() == 1 && files.get(0).getName().toLowerCase(Locale.ROOT).endsWith(".zip")
                    && offerImport.test(files.get(0).toPath())) {
                e.setDropCompleted(true);
                e.consume();
                return;
            }
            vm.openSessions(files.stream().map(File::toPath).toList());
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
        dragOut(taskView.artifactTable());
        dragOut(taskView.modelTable());
    }

    /** Dragging an artifact or model out of the window hands its local file to the desktop. */
    private void dragOut(TableView<? extends StoredFile> table) {
        table.setOnDragDetected(e -> {
            StoredFile item = table.getSelectionModel().getSelectedItem();
            Path file = vm.fileForDrag(item);
            if (file == null) return;
            Dragboard db = table.startDragAndDrop(TransferMode.COPY);
            ClipboardContent c = new ClipboardContent();
            c.putFiles(List.of(file.toFile()));
            if (item instanceof Artifact a) c.put(NavigatorView.ARTIFACT_KEYS, a.key());
            db.setContent(c);
            e.consume();
        });
    }

    /** Files become the shown task's artifacts, after the upload dialog. */
    void upload(List<Path> files) {
        var upload = vm.uploadTo(files);
        if (upload == null) return;
        UploadDialogs.show(window.get(), upload, vm);
    }

    /** Ctrl+V with files on the clipboard: upload them to the selected task. */
    void paste() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasFiles()) upload(cb.getFiles().stream().map(File::toPath).toList());
        else vm.report("The clipboard holds no files");
    }

    void chooseAndUpload() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Upload files as artifacts");
        List<File> files = fc.showOpenMultipleDialog(window.get());
        if (files != null) upload(files.stream().map(File::toPath).toList());
    }
}
