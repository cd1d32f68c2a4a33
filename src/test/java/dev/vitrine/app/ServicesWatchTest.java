package dev.vitrine.app;

import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskWatch;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A server workspace's task watchers poll on the services' executors, so closing the services stops them (docs/decisions/threading.md). */
class ServicesWatchTest {

    @TempDir Path tmp;

    @Test
    void aWatchPollsOnTheServicesTimerAndStopsWithTheServices() throws Exception {
        TwoServersStorageTest.Side side = TwoServersStorageTest.side(tmp.resolve("a"), "x");
        ConfigLoader loader = new ConfigLoader(Map.of(), tmp.resolve("home"));
        Services services = new Services(loader, new Profiles(loader, tmp.resolve("profiles")), tmp.resolve("cache"));
        try (side) {
            ServerWorkspace ws = services.openServer(side.config("a"));
            TaskDetails now = ws.task(side.taskId());
            java.util.Set<Thread> before = watcherThreads();
            TaskWatch watch = ws.watch(now, Duration.ofMillis(20), c -> {}, e -> {}).orElseThrow();
            Thread probe = null;
            for (int i = 0; i < 200 && probe == null; i++) {
                probe = watcherThreads().stream().filter(t -> !before.contains(t)).findFirst().orElse(null);
                if (probe == null) Thread.sleep(10);
            }
            assertThat(probe).as("a poll ran on a task-watcher thread").isNotNull();

            services.close(); // the watch itself is left open, as a window closed by the OS would leave it
            probe.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(probe.isAlive()).as("the watcher's thread ends with the services").isFalse();
            watch.close();
        } finally {
            services.close();
        }
    }

    private static java.util.Set<Thread> watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vitrine-task-watcher"))
                .collect(java.util.stream.Collectors.toSet());
    }
}
