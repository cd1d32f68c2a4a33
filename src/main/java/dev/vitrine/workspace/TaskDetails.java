package dev.vitrine.workspace;

import java.util.List;

/**
 * A task with what the artifact view needs: its artifacts (input and output, sorted by key as the
 * server returns them) and its input and output models, resolved where the source can.
 *
 * <p>A task with very many artifacts (an offline session listing a million) carries only the first
 * of them: {@code artifactCount} says how many there are, and the rest are paged through
 * {@link Workspace#artifacts(String, int, int)} or looked up by key with {@link Workspace#artifacts(String, String)}.
 *
 * @param artifactCount every artifact of the task, at least {@code artifacts.size()}
 */
public record TaskDetails(Task task, List<Artifact> artifacts, List<ModelRef> inputModels, List<ModelRef> outputModels, int artifactCount) {
    public TaskDetails {
        artifacts = List.copyOf(artifacts);
        inputModels = List.copyOf(inputModels);
        outputModels = List.copyOf(outputModels);
        if (artifactCount < artifacts.size()) throw new IllegalArgumentException("artifactCount " + artifactCount + " < " + artifacts.size());
    }

    /** Every artifact loaded. */
    public TaskDetails(Task task, List<Artifact> artifacts, List<ModelRef> inputModels, List<ModelRef> outputModels) {
        this(task, artifacts, inputModels, outputModels, artifacts.size());
    }

    /** Whether {@link #artifacts()} holds every artifact of the task. */
    public boolean allArtifacts() {
        return artifacts.size() == artifactCount;
    }

    public java.util.Optional<Artifact> artifact(String key) {
        return artifacts.stream().filter(a -> a.key().equals(key)).findFirst();
    }
}
