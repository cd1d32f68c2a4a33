package dev.vitrine.clearml.internal;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Wire records of the events service (EVENTS.md 4), snake_case mapped by {@code ClearmlClient.MAPPER}.
 * Every field may be missing or null; unknown fields ({@code @timestamp}, {@code worker}, {@code method}) are ignored.
 */
public final class EventDtos {
    private EventDtos() {}

    public record EventDto(Long timestamp, String type, String task, Long iter, String metric, String variant,
                           String key, String url, @JsonProperty("model_event") Boolean modelEvent) {}

    public record TaskMetricsReply(List<TaskMetricsDto> metrics) {}

    public record TaskMetricsDto(String task, List<String> metrics) {}

    public record MultiTaskMetricsReply(List<MetricVariantsDto> metrics) {}

    public record MetricVariantsDto(String metric, List<String> variants) {}

    public record DebugImagesReply(List<TaskIterationsDto> metrics, String scrollId) {}

    public record TaskIterationsDto(String task, List<IterationDto> iterations) {}

    public record IterationDto(Long iter, List<EventDto> events) {}

    public record SampleReply(String scrollId, EventDto event, Long minIteration, Long maxIteration) {}

    public record TaskEventsReply(List<EventDto> events, Long returned, Long total, String scrollId) {}
}
