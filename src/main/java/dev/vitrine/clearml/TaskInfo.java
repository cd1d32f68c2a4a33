package dev.vitrine.clearml;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A task as {@code tasks.get_all_ex} answers it (API.md 5.3); fields not asked for with
 * {@code only_fields} are null, lists empty.
 *
 * @param runtime the task's runtime properties whose values are plain values, as text
 */
public record TaskInfo(String id, String name, String type, String status, String comment,
                       Instant created, Instant started, Instant lastUpdate,
                       List<String> tags, List<String> systemTags,
                       String projectId, String projectName, String userId, String userName, String outputDestination,
                       List<ArtifactInfo> artifacts, List<ModelLink> inputModels, List<ModelLink> outputModels,
                       Map<String, String> runtime) {}
