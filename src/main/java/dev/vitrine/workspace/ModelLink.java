package dev.vitrine.workspace;

/** An entry of {@code task.models.input/output}: the task-local name and the model id. */
public record ModelLink(String name, String modelId) {}
