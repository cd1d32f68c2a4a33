package dev.vitrine.transfer;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageException;
import dev.vitrine.storage.StorageUri;
import dev.vitrine.testutil.FileServerFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransfersTest {

    @TempDir Path tmp;

    @Test
    void parallelLimitQueuesTheRest() throws Exception {
        try (Transfers t = new Transfers(2)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            TransferJob.Work work = (p, c) -> {
                peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                release.await(30, TimeUnit.SECONDS);
                concurrent.decrementAndGet();
                return tmp;
            };
            List<TransferJob> jobs = List.of(t.submit("a", TransferJob.Direction.DOWNLOAD, "a", work),
                    t.submit("b", TransferJob.Direction.DOWNLOAD, "b", work),
                    t.submit("c", TransferJob.Direction.DOWNLOAD, "c", work));
            while (jobs.stream().filter(j -> j.state() == TransferJob.State.RUNNING).count() < 2) Thread.sleep(2);
            assertThat(jobs.get(2).state()).isEqualTo(TransferJob.State.QUEUED);
            release.countDown();
            for (TransferJob j : jobs) j.completion().get(30, TimeUnit.SECONDS);
            assertThat(peak.get()).isEqualTo(2);
            assertThat(jobs).allMatch(j -> j.state() == TransferJob.State.DONE);
        }
    }

    @Test
    void cancelAndRetry() throws Exception {
        try (Transfers t = new Transfers(1)) {
            AtomicInteger attempts = new AtomicInteger();
            TransferJob failing = t.submit("f", TransferJob.Direction.DOWNLOAD, "f", (p, c) -> {
                if (attempts.incrementAndGet() == 1) throw new StorageException(StorageException.Kind.NETWORK, "Network error for x");
                return tmp;
            });
            assertThatThrownBy(() -> failing.completion().get(30, TimeUnit.SECONDS)).hasMessageContaining("Network error");
            assertThat(failing.state()).isEqualTo(TransferJob.State.FAILED);
            assertThat(failing.error()).isEqualTo("Network error for x");
            t.retry(failing);
            assertThat(failing.completion().get(30, TimeUnit.SECONDS)).isEqualTo(tmp);
            assertThat(failing.state()).isEqualTo(TransferJob.State.DONE);

            CountDownLatch running = new CountDownLatch(1);
            TransferJob slow = t.submit("s", TransferJob.Direction.DOWNLOAD, "s", (p, c) -> {
                running.countDown();
                while (!c.isCancelled()) Thread.sleep(5);
                c.throwIfCancelled("s");
                return tmp;
            });
            TransferJob queued = t.submit("q", TransferJob.Direction.DOWNLOAD, "q", (p, c) -> tmp);
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            t.cancel(queued);
            assertThat(queued.state()).isEqualTo(TransferJob.State.CANCELLED);
            t.cancel(slow);
            assertThatThrownBy(() -> slow.completion().get(30, TimeUnit.SECONDS)).hasMessageContaining("Cancelled");
            assertThat(slow.state()).isEqualTo(TransferJob.State.CANCELLED);
            assertThat(slow.error()).isNull();
        }
    }

    @Test
    void downloadAndUploadThroughTheFileserverWithProgress() throws Exception {
        try (FileServerFake fs = new FileServerFake(tmp.resolve("srv"), null);
             Transfers t = new Transfers(2)) {
            StorageDrivers drivers = new StorageDrivers(HttpDriver.create(null, List.of(fs.url())), new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
            ArtifactCache cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, drivers);
            Path src = tmp.resolve("up.bin");
            Files.write(src, new byte[1_500_000]);
            TransferJob up = t.upload(drivers, "up", src, StorageUri.parse(fs.url() + "/P/t.1/artifacts/up/up.bin"));
            up.completion().get(30, TimeUnit.SECONDS);
            assertThat(up.bytesDone()).isEqualTo(1_500_000);
            fs.dropNext(1, 500_000);
            TransferJob down = t.downloadTo(cache, "down", new dev.vitrine.workspace.Location.Remote(fs.url() + "/P/t.1/artifacts/up/up.bin"),
                    ArtifactCache.sha256(src), 1_500_000L, tmp.resolve("out/up"), "up.bin");
            Path saved = down.completion().get(30, TimeUnit.SECONDS);
            assertThat(saved).isEqualTo(tmp.resolve("out/up/up.bin"));
            assertThat(Files.size(saved)).isEqualTo(1_500_000);
            assertThat(down.fraction()).isEqualTo(1.0);
            assertThat(fs.rangesSeen).isNotEmpty(); // resumed, not restarted
            cache.close();
        }
    }
}
