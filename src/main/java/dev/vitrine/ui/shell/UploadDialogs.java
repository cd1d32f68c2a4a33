package dev.vitrine.ui.shell;

import dev.vitrine.ui.common.WindowKeys;
import dev.vitrine.ui.upload.UploadDialog;
import dev.vitrine.ui.upload.UploadViewModel;
import javafx.stage.Window;

/** Opens the upload dialog for dropped or pasted files, with the keys every dialog has. */
final class UploadDialogs {

    private UploadDialogs() {}

    static UploadDialog show(Window owner, UploadViewModel upload, MainViewModel vm) {
        UploadDialog d = new UploadDialog(owner, upload, () -> vm.uploadsFinished(upload));
        WindowKeys.install(d.getScene(), d::closeOrCancel, vm::toggleTheme);
        d.show();
        return d;
    }
}
