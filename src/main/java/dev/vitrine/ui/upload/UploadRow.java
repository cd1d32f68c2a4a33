package dev.vitrine.ui.upload;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Files;
import java.nio.file.Path;

/** One dropped file or folder: its artifact name (editable), whether that name clashes, its upload state. */
public final class UploadRow {
    private final Path source;
    private final boolean folder;
    private final StringProperty name = new SimpleStringProperty();
    private final BooleanProperty clash = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("ready");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);

    UploadRow(Path source) {
        this.source = source;
        this.folder = Files.isDirectory(source);
        this.name.set(source.getFileName().toString());
    }

    public Path source() {
        return source;
    }

    public boolean isFolder() {
        return folder;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public BooleanProperty clashProperty() {
        return clash;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }
}
