package dev.vitrine.clearml;

/** One entry of a task's {@code models.input} / {@code models.output}: the name the task knows the model by, and its id. */
public record ModelLink(String name, String modelId) {}
