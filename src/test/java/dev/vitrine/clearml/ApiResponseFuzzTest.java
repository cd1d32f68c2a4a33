package dev.vitrine.clearml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import dev.vitrine.clearml.internal.Dtos;
import dev.vitrine.testutil.FuzzChecks;

import java.util.List;

/** Fuzz target for the API replies Vitrine reads: Jackson's own exceptions only (the client turns them into ClearmlException). */
class ApiResponseFuzzTest {

    /** ClearmlClient's own (private) mapper's configuration: snake_case, unknown fields ignored. */
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @FuzzTest(maxDuration = "2m")
    void replies(byte[] data) {
        FuzzChecks.check(List.of(JacksonException.class, IllegalArgumentException.class), 64L << 20, () -> {
            var tree = MAPPER.readTree(data);
            if (tree == null) return;
            var d = tree.path("data");
            for (Class<?> c : List.of(Dtos.TasksReply.class, Dtos.TaskReply.class, Dtos.ModelsReply.class, Dtos.ProjectsReply.class, Dtos.StatsDto.class)) {
                try {
                    MAPPER.treeToValue(d, c);
                } catch (JacksonException expected) {
                    // a reply of another shape
                }
            }
        });
    }
}
