package dev.vitrine.workspace;

import java.nio.file.Path;
import java.util.Set;

/**
 * How new artifacts reach a workspace ({@link Workspace#intake()}): what the upload flow
 * ({@code transfer.upload}) needs from the port, so it never looks at an adapter. Methods block.
 */
public sealed interface ArtifactIntake {

    /** The workspace keeps the bytes itself: an offline session stores the file in its folder and its task.json. */
    non-sealed interface Local extends ArtifactIntake {

        /**
         * Stores {@code file} as an artifact of the task, where and as the SDK would have, and registers it.
         *
         * @param entry      the artifact's fields; its uri is set here
         * @param storedName the stored file name (the SDK's rule)
         * @return the registered artifact, located in the workspace
         */
        Artifact add(String taskId, Artifact entry, String storedName, Path file, boolean replace);
    }

    /** The bytes go to a storage first (the task's destination, else the files server), then the entry is registered. */
    non-sealed interface Remote extends ArtifactIntake {

        /** The task as it is now at its source (re-read, never cached): what an upload checks and names its file by. */
        Site site(String taskId);

        /** The storage scope of this workspace's files ({@link Location.Remote#storage()}): which credentials store them. */
        String storageScope();

        /** Where a stored uri's bytes are, as this workspace resolves its listed artifacts. */
        Location locate(String uri);

        /**
         * Registers an entry whose bytes are stored and checked. A task that no longer takes artifacts
         * ({@link Site#writable()} false) gets its complete list rewritten, re-read just before, its status kept.
         */
        void register(String taskId, Artifact entry, boolean writable);
    }

    /**
     * @param destination the task's output destination, else the files server; null when neither is set
     * @param outputKeys  keys of the task's output artifacts
     */
    record Site(String taskId, String name, String status, boolean writable, String projectId, String projectName,
                String destination, Set<String> outputKeys) {
        public Site {
            outputKeys = Set.copyOf(outputKeys);
        }
    }
}
