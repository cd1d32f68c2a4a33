package dev.vitrine.clearml.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * Wire records for the replies Vitrine reads (API.md 5), snake_case mapped by
 * {@code ClearmlClient.MAPPER}. Absent and null are the same; every field may be missing.
 */
public final class Dtos {
    private Dtos() {}

    public record TasksReply(List<TaskDto> tasks) {}

    public record TaskReply(TaskDto task) {}

    public record TaskDto(String id, String name, String type, String status, String comment,
                          String created, String started, String completed, String lastUpdate,
                          List<String> tags, List<String> systemTags,
                          Ref project, Ref user, Ref parent,
                          OutputDto output, ExecutionDto execution, ModelsDto models, JsonNode runtime) {}

    public record OutputDto(String destination) {}

    public record ExecutionDto(List<ArtifactDto> artifacts) {}

    public record ModelsDto(List<ModelItemDto> input, List<ModelItemDto> output) {}

    public record ModelItemDto(String name, Ref model, String updated) {}

    public record ArtifactDto(String key, String type, String mode, String uri, String hash, Long contentSize,
                              Long timestamp, TypeDataDto typeData, List<List<Object>> displayData) {}

    public record TypeDataDto(String preview, String contentType, String dataHash) {}

    public record ModelsReply(List<ModelDto> models) {}

    public record ModelReply(ModelDto model) {}

    public record ModelDto(String id, String name, String framework, String uri, Ref task, Ref project, Ref user,
                           String created, String lastUpdate, List<String> tags, List<String> systemTags,
                           Map<String, Integer> labels, Boolean ready, String comment, JsonNode design,
                           JsonNode metadata) {}

    /** {@code *.create}: the new entity's id. */
    public record IdReply(String id) {}

    /** {@code events.add_batch} (EVENTS.md 3). */
    public record BatchReply(Integer added, Integer errors, JsonNode errorsInfo) {}

    public record ProjectsReply(List<ProjectDto> projects) {}

    public record ProjectDto(String id, String name, String basename, Ref parent, List<String> systemTags,
                             StatsDto stats, Long ownTasks, String lastUpdate, Boolean hidden) {}

    public record StatsDto(ActiveStatsDto active) {}

    public record ActiveStatsDto(Long totalTasks, Map<String, Long> statusCount) {}
}
