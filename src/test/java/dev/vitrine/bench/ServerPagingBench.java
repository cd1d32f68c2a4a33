package dev.vitrine.bench;

import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens a 100k-task project on the fake server and pages to its end through ServerWorkspace
 * (500 per request, the server's cap), as the tasks table does when scrolled to the bottom.
 * One JSON line: total time, per-page median and p95, requests, heap held by the fetched rows.
 */
@Tag("bench")
class ServerPagingBench {

    @Test
    void open100kProjectAndPageToTheEnd() {
        FakeWorld world = new FakeWorld();
        long s0 = System.nanoTime();
        String project = world.seedBulk("bench/100k", 100_000);
        double seedMs = (System.nanoTime() - s0) / 1e6;
        try (FakeClearmlServer fake = FakeClearmlServer.start(world);
             ServerWorkspace ws = new ServerWorkspace(ClearmlClient.builder(fake.config()).build(), "bench")) {
            System.gc();
            long heap0 = used();
            List<Task> rows = new ArrayList<>(100_000);
            List<Double> pageMs = new ArrayList<>();
            TaskQuery q = TaskQuery.ofProject(project).withPageSize(500);
            long t0 = System.nanoTime();
            Double firstPageMs = null;
            Page<Task> page;
            do {
                long p0 = System.nanoTime();
                page = ws.tasks(q);
                double ms = (System.nanoTime() - p0) / 1e6;
                if (firstPageMs == null) firstPageMs = ms;
                pageMs.add(ms);
                rows.addAll(page.items());
                q = q.withPage(q.page() + 1);
            } while (page.hasMore());
            double totalMs = (System.nanoTime() - t0) / 1e6;
            System.gc();
            long heapMb = (used() - heap0) >> 20;
            List<Double> sorted = new ArrayList<>(pageMs);
            sorted.sort(null);
            double median = sorted.get(sorted.size() / 2);
            double p95 = sorted.get((int) Math.floor(sorted.size() * 0.95));
            System.out.println(String.format(Locale.ROOT,
                    "{\"name\":\"server-paging-100k\",\"figure\":%.0f,\"unit\":\"ms to page 100k tasks (500/page)\","
                            + "\"reference\":\"fake ClearML server on loopback, 2 cores\",\"reference_figure\":null,"
                            + "\"rows\":%d,\"pages\":%d,\"first_page_ms\":%.1f,\"page_median_ms\":%.1f,\"page_p95_ms\":%.1f,"
                            + "\"requests\":%d,\"logins\":%d,\"heap_rows_mb\":%d,\"seed_ms\":%.0f}",
                    totalMs, rows.size(), pageMs.size(), firstPageMs, median, p95, fake.totalRequests(), fake.count("auth.login"),
                    heapMb, seedMs));
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
