package dev.vitrine.transfer.upload;

import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactIntake;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;

import java.time.Instant;
import java.util.function.LongConsumer;

/** Uploads into an offline session: the file goes under its data/ folder and into task.json, as the SDK offline. */
public final class OfflineUploadTarget implements UploadTarget {

    @Override
    public boolean accepts(Workspace ws) {
        return ws.intake().orElse(null) instanceof ArtifactIntake.Local;
    }

    @Override
    public Artifact upload(Workspace ws, Task task, PreparedUpload prepared, UploadOptions options, LongConsumer progress) {
        Artifact entry = prepared.entry(null, Instant.ofEpochSecond(Instant.now().getEpochSecond()));
        ArtifactIntake.Local intake = (ArtifactIntake.Local) ws.intake().orElseThrow();
        Artifact added = intake.add(task.id(), entry, prepared.storedName(), prepared.file(), options.replace());
        progress.accept(prepared.size());
        return added;
    }
}
