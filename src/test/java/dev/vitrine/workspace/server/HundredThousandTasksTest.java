package dev.vitrine.workspace.server;

import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskQuery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Paging through a 100k-task project: every task exactly once, in the server's order, 500 per request. */
class HundredThousandTasksTest {

    @Test
    void everyTaskExactlyOnceInOrder() {
        FakeWorld world = new FakeWorld();
        String project = world.seedBulk("big/100k", 100_000);
        try (FakeClearmlServer fake = FakeClearmlServer.start(world);
             ServerWorkspace ws = new ServerWorkspace(ClearmlClient.builder(fake.config()).build(), "fake")) {
            List<String> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            TaskQuery q = TaskQuery.ofProject(project).withPageSize(500).withOrderBy("-created");
            Page<Task> page;
            do {
                page = ws.tasks(q);
                page.items().forEach(t -> {
                    ids.add(t.id());
                    names.add(t.name());
                });
                q = q.withPage(q.page() + 1);
            } while (page.hasMore());
            assertThat(ids).hasSize(100_000);
            assertThat(new HashSet<>(ids)).hasSize(100_000);
            // created one millisecond apart: newest first is run-99999 .. run-0000
            assertThat(names.get(0)).isEqualTo("run-99999 gpt");
            assertThat(names.get(99_999)).isEqualTo("run-0000 resnet");
            for (int i = 1; i < names.size(); i++) {
                int a = Integer.parseInt(names.get(i - 1).substring(4, names.get(i - 1).indexOf(' ')));
                int b = Integer.parseInt(names.get(i).substring(4, names.get(i).indexOf(' ')));
                assertThat(a).isEqualTo(b + 1);
            }
            // 200 full pages and the empty one that proves the end (no totals on the wire)
            assertThat(fake.count("tasks.get_all_ex")).isEqualTo(201);
            assertThat(fake.count("auth.login")).isEqualTo(1);
        }
    }
}
