package dev.vitrine.transfer.upload;

import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;

import java.util.function.LongConsumer;

/**
 * Stores prepared bytes for a task and registers them as an artifact, in that order: nothing is
 * registered without its bytes. One implementation per kind of workspace. Blocks; stops early
 * when the calling thread is interrupted, leaving nothing registered and nothing partial behind.
 */
public interface UploadTarget {

    boolean accepts(Workspace ws);

    /**
     * @param progress receives the number of bytes stored so far
     * @return the registered entry
     */
    Artifact upload(Workspace ws, Task task, PreparedUpload prepared, UploadOptions options, LongConsumer progress);
}
