package dev.vitrine.app;

import dev.vitrine.cli.Sources;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.StandardReaders;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.storage.SessionFiles;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.OfflineUploadTarget;
import dev.vitrine.transfer.upload.UploadPlanner;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.demo.DemoWorkspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;

import java.nio.file.Path;

/**
 * The composition root: builds each service once and hands it on through constructors. No DI
 * framework, no static singletons. Shared by the CLI and the GUI.
 */
public final class Services {

    private final Path cacheRoot;
    private final LocalCopies localCopies;
    private final Previewers previewers;
    private final ArtifactUploader uploader;

    private Services(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
        this.localCopies = new SessionFiles(cacheRoot.resolve("sessions"));
        this.previewers = StandardReaders.previewers();
        this.uploader = new ArtifactUploader(new UploadPlanner(cacheRoot.resolve("upload-tmp")), java.util.List.of(new OfflineUploadTarget()));
    }

    public ArtifactUploader uploader() {
        return uploader;
    }

    public static Services create() {
        return new Services(vitrineCacheRoot());
    }

    /** Services whose caches live under {@code cacheRoot} (tests, portable setups). */
    public static Services create(Path cacheRoot) {
        return new Services(cacheRoot);
    }

    /** Vitrine's own cache (extracted session members, the unpacked demo); the SDK's cache is separate. */
    static Path vitrineCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vitrine");
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    public LocalCopies localCopies() {
        return localCopies;
    }

    public Previewers previewers() {
        return previewers;
    }

    /**
     * Opens the workspace the sources name. The default (no option) is the configured ClearML
     * server; when none is configured the CLI says so, and the GUI falls back to the demo.
     */
    public Workspace openWorkspace(Sources sources) {
        if (sources.demo()) return DemoWorkspace.open();
        if (!sources.offline().isEmpty()) return OfflineWorkspace.open(sessionName(sources), sources.offline());
        throw new WorkspaceException("No ClearML server is configured (no clearml.conf or CLEARML_API_HOST): "
                + "use --demo or --offline PATH");
    }

    /** The workspace the window opens with: the sources asked for, else the demo. */
    public Workspace openForGui(Sources sources) {
        if (sources.isDefault()) {
            try {
                return openWorkspace(sources);
            } catch (WorkspaceException e) {
                return DemoWorkspace.open();
            }
        }
        return openWorkspace(sources);
    }

    private static String sessionName(Sources s) {
        if (s.offline().size() == 1) return s.offline().get(0).getFileName().toString();
        return "Offline sessions";
    }
}
