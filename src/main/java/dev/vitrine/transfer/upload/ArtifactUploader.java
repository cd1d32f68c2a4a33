package dev.vitrine.transfer.upload;

import dev.vitrine.storage.StorageException;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Files and folders to artifacts, as the SDK's {@code upload_artifact} would make them: prepares
 * the bytes (zipping folders), then hands them to the target that fits the workspace, which
 * stores them and only then registers them. The one entry point for the window and {@code vitrine put}.
 */
public final class ArtifactUploader {

    private final UploadPlanner planner;
    private final List<UploadTarget> targets;

    public ArtifactUploader(UploadPlanner planner, List<UploadTarget> targets) {
        this.planner = planner;
        this.targets = List.copyOf(targets);
    }

    /** @param key the artifact name, or null for the file or folder name */
    public PreparedUpload prepare(Path source, String key) {
        return planner.prepare(source, key);
    }

    public boolean canUpload(Workspace ws) {
        return targets.stream().anyMatch(t -> t.accepts(ws));
    }

    public Artifact upload(Workspace ws, Task task, PreparedUpload prepared, UploadOptions options, LongConsumer progress) {
        if (ws.kind() == Workspace.Kind.DEMO) throw new StorageException("The demo workspace is read-only: open a session or a server to upload");
        UploadTarget target = targets.stream().filter(t -> t.accepts(ws)).findFirst()
                .orElseThrow(() -> new StorageException("Uploading to " + ws.displayName() + " is not possible here"));
        return target.upload(ws, task, prepared, options, progress);
    }
}
