package dev.vitrine.bench;

import dev.vitrine.cli.CliRunner;
import dev.vitrine.testutil.HugeSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An offline session listing a million artifacts (#12 defect 17): {@code ls tasks}, {@code inspect
 * TASK KEY} and {@code get TASK KEY} through the CLI in this JVM, each opening the session afresh as
 * a command does; median of three. The whole {@code ls artifacts --json} listing is timed too.
 */
@Tag("bench")
class HugeSessionBench {

    @Test
    void aMillionArtifacts() throws Exception {
        Path root = BenchSupport.dir().resolve("huge-session");
        String id = "9".repeat(32);
        try {
            Path session = HugeSession.write(root.resolve("offline-" + id), 1_000_000, id);
            Files.writeString(session.resolve("data/k0000000.bin"), "a,b\n1,2\n");
            long bytes = Files.size(session.resolve("task.json"));
            String s = session.toString();
            Path cache = root.resolve("cache");
            time("offline_1M_ls_tasks", bytes, () -> CliRunner.run(cache, "--offline", s, "ls", "tasks"), "huge");
            time("offline_1M_get_key", bytes, () -> CliRunner.run(cache, "--offline", s, "get", id, "k0000000"), "k0000000.bin");
            time("offline_1M_inspect_key", bytes, () -> CliRunner.run(cache, "--offline", s, "inspect", id, "k0000000", "--json"), "\"kind\"");
            BenchSupport.resetPeakHeap();
            long t0 = System.nanoTime();
            CliRunner.Result all = CliRunner.run(cache, "--offline", s, "ls", "artifacts", id, "--json");
            double listing = (System.nanoTime() - t0) / 1e9;
            assertThat(all.code()).as(all.err()).isZero();
            assertThat(all.out()).contains("\"k0999999\"");
            Bench.print("offline_1M_ls_artifacts_json_all", listing, "s", "peak heap MB " + BenchSupport.peakHeap() / (1 << 20), null);
        } finally {
            if (Files.exists(root)) {
                try (Stream<Path> w = Files.walk(root)) {
                    for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void time(String name, long bytes, java.util.function.Supplier<CliRunner.Result> run, String expect) {
        List<Double> times = new ArrayList<>();
        long peak = 0;
        for (int i = 0; i < 3; i++) {
            System.gc();
            BenchSupport.resetPeakHeap();
            long t0 = System.nanoTime();
            CliRunner.Result r = run.get();
            times.add((System.nanoTime() - t0) / 1e9);
            peak = Math.max(peak, BenchSupport.peakHeap());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains(expect);
        }
        Bench.print(name, Bench.median(times), "s", "task.json " + (bytes >> 20) + " MB, peak heap MB " + (peak >> 20), null);
    }
}
