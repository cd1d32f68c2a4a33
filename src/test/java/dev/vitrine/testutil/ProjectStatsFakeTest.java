package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.clearml.ClearmlException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fake's project stats count what the real server counted: the recorded requests with
 * include_stats give the recorded totals and status counts, project by project (hidden sub-projects
 * are left out unless search_hidden); include_stats_filter narrows the count with the task list's rules.
 */
class ProjectStatsFakeTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void recordedStatsRequestsGiveTheRecordedCounts() {
        assumeTrue(Transcripts.available(), "transcripts not present");
        try (FakeClearmlServer fake = FakeClearmlServer.start(Transcripts.world());
             ClearmlClient client = ClearmlClient.builder(fake.config()).build()) {
            int checked = 0;
            for (ObjectNode t : Transcripts.all()) {
                JsonNode body = t.path("request").path("body");
                if (!t.path("request").path("path").asText().endsWith("projects.get_all_ex") || !body.path("include_stats").asBoolean(false)) continue;
                assertThat(counts(dev.vitrine.clearml.RawCalls.call(client, "projects.get_all_ex", body)))
                        .as(t.get("file").asText()).isEqualTo(counts(t.path("response").path("body").path("data")));
                checked++;
            }
            assertThat(checked).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void theStatsFilterCountsWhatTheTaskListShows() {
        assumeTrue(Transcripts.available(), "transcripts not present");
        String vision = "9be72515141548bc83a33715aa2c95b5";
        String paging = "1888c63fdd8943ceb0b0722e3b20a02a";
        try (FakeClearmlServer fake = FakeClearmlServer.start(Transcripts.world());
             ClearmlClient client = ClearmlClient.builder(fake.config()).build()) {
            // with hidden children: the dataset task in vision/.datasets/… counts, as the task list shows it
            ObjectNode q = M.createObjectNode();
            q.putArray("id").add(vision);
            q.put("include_stats", true);
            q.put("search_hidden", true);
            q.putObject("include_stats_filter").putArray("system_tags").add("-archived").add("-hidden");
            long all = total(dev.vitrine.clearml.RawCalls.call(client, "projects.get_all_ex", q));
            ObjectNode list = M.createObjectNode();
            list.putArray("project").add(vision);
            list.put("include_subprojects", true);
            list.putArray("system_tags").add("-archived");
            list.putArray("only_fields").add("id");
            assertThat(all).isEqualTo(dev.vitrine.clearml.RawCalls.call(client, "tasks.get_all_ex", list).path("tasks").size()).isEqualTo(10);

            ObjectNode byStatus = M.createObjectNode();
            byStatus.putArray("id").add(paging);
            byStatus.put("include_stats", true);
            byStatus.putObject("include_stats_filter").putArray("status").add("completed").add("failed");
            assertThat(total(dev.vitrine.clearml.RawCalls.call(client, "projects.get_all_ex", byStatus))).isEqualTo(240);
            ((ObjectNode) byStatus.get("include_stats_filter")).putArray("status");
            assertThatThrownBy(() -> dev.vitrine.clearml.RawCalls.call(client, "projects.get_all_ex", byStatus)).isInstanceOf(ClearmlException.class)
                    .hasMessageContaining("Non empty list or dictionary expected for the field: status");
        }
    }

    private static long total(JsonNode data) {
        return data.path("projects").get(0).path("stats").path("active").path("total_tasks").asLong();
    }

    private static Map<String, String> counts(JsonNode data) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode p : data.path("projects")) {
            JsonNode active = p.path("stats").path("active");
            out.put(p.path("name").asText(p.path("id").asText()), active.path("total_tasks").asText() + " " + new TreeMap<>(M.convertValue(active.path("status_count"), Map.class)));
        }
        return out;
    }
}
