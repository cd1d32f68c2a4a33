package dev.vitrine.workspace;

import java.util.List;

/**
 * A task with what the artifact view needs: its artifacts (input and output, sorted by key as the
 * server returns them) and its input and output models, resolved where the source can.
 */
public record TaskDetails(Task task, List<Artifact> artifacts, List<ModelRef> inputModels, List<ModelRef> outputModels) {
    public TaskDetails {
        artifacts = List.copyOf(artifacts);
        inputModels = List.copyOf(inputModels);
        outputModels = List.copyOf(outputModels);
    }

    public java.util.Optional<Artifact> artifact(String key) {
        return artifacts.stream().filter(a -> a.key().equals(key)).findFirst();
    }
}
