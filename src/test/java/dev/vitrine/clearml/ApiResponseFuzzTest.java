package dev.vitrine.clearml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import dev.vitrine.clearml.internal.Dtos;
import dev.vitrine.testutil.FuzzChecks;

import java.util.List;

/** Fuzz target for the API replies Vitrine reads: Jackson's own exceptions only (the client turns them into ClearmlException). */
class ApiResponseFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void replies(byte[] data) {
        FuzzChecks.check(List.of(JacksonException.class, IllegalArgumentException.class), 64L << 20, () -> {
            var tree = ClearmlClient.MAPPER.readTree(data);
            if (tree == null) return;
            var d = tree.path("data");
            for (Class<?> c : List.of(Dtos.TasksReply.class, Dtos.TaskReply.class, Dtos.ModelsReply.class, Dtos.ProjectsReply.class, Dtos.StatsDto.class)) {
                try {
                    ClearmlClient.MAPPER.treeToValue(d, c);
                } catch (JacksonException expected) {
                    // a reply of another shape
                }
            }
        });
    }
}
