package dev.vitrine.importer;

import java.util.List;

/**
 * An import that completed.
 *
 * @param taskId     the new task
 * @param modelIds   its output models, in the session's order
 * @param uploaded   files uploaded (artifacts, weights, debug samples)
 * @param events     events replayed (console output, scalars, plots, debug samples, model events)
 */
public record ImportResult(String taskId, String taskName, String projectName, List<String> modelIds, int uploaded, int events) {}
