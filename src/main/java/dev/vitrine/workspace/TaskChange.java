package dev.vitrine.workspace;

import java.util.List;

/**
 * What changed in a running task between two looks at it; artifacts are identified by (key, mode).
 *
 * @param details  the task as it is now
 * @param finished the task stopped running since the last look
 */
public record TaskChange(TaskDetails details, List<Artifact> added, List<Artifact> removed, List<Artifact> changed,
                         List<ModelRef> modelsAdded, boolean finished) {

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && modelsAdded.isEmpty() && !finished;
    }
}
