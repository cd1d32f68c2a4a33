package dev.vitrine.ui.transfers;

import dev.vitrine.storage.StorageException;
import dev.vitrine.transfer.TransferJob;
import dev.vitrine.transfer.Transfers;
import dev.vitrine.ui.common.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class TransfersViewModelTest {

    @TempDir Path tmp;

    @Test
    void rowsFollowJobsThroughCancelRetryAndDone() throws Exception {
        Path file = Files.writeString(tmp.resolve("a.csv"), "x");
        List<Path> opened = new ArrayList<>();
        try (Transfers transfers = new Transfers(1)) {
            TransfersViewModel vm = new TransfersViewModel(transfers, Async.direct(), opened::add);
            assertThat(vm.summaryProperty().get()).isEqualTo("No transfers");
            AtomicInteger attempt = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(1);
            TransferJob job = transfers.submit("a.csv", TransferJob.Direction.DOWNLOAD, "http://h/a.csv", (progress, cancel) -> {
                if (attempt.incrementAndGet() == 1) {
                    progress.progress(50, 100);
                    running.countDown();
                    while (!cancel.isCancelled()) Thread.sleep(2);
                    cancel.throwIfCancelled("a.csv");
                }
                progress.progress(100, 100);
                return file;
            });
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            TransferRowViewModel row = vm.rows().get(0);
            assertThat(row.titleProperty().get()).isEqualTo("Download a.csv");
            assertThat(row.stateProperty().get()).isEqualTo(TransferJob.State.RUNNING);
            assertThat(row.cancellableProperty().get()).isTrue();
            assertThat(vm.activeProperty().get()).isEqualTo(1);

            vm.cancel(row);
            catchThrowable(() -> job.completion().get(30, TimeUnit.SECONDS));
            assertThat(row.stateProperty().get()).isEqualTo(TransferJob.State.CANCELLED);
            assertThat(row.retryableProperty().get()).isTrue();
            assertThat(row.cancellableProperty().get()).isFalse();

            vm.retry(row);
            job.completion().get(30, TimeUnit.SECONDS);
            assertThat(row.stateProperty().get()).isEqualTo(TransferJob.State.DONE);
            assertThat(row.progressProperty().get()).isEqualTo(1.0);
            assertThat(row.detailProperty().get()).isEqualTo("Done · 100 B");
            assertThat(row.openableProperty().get()).isTrue();
            vm.openFolder(row);
            assertThat(opened).containsExactly(tmp);

            vm.clearDone();
            assertThat(vm.rows()).isEmpty();
        }
    }

    @Test
    void failuresShowTheMessageAndStayUntilRemoved() throws Exception {
        try (Transfers transfers = new Transfers(2)) {
            TransfersViewModel vm = new TransfersViewModel(transfers, Async.direct(), p -> { });
            TransferJob job = transfers.submit("m.pt", TransferJob.Direction.UPLOAD, "/x/m.pt", (progress, cancel) -> {
                throw new StorageException(StorageException.Kind.ACCESS_DENIED, "Access denied (403) to write http://h/m.pt");
            });
            catchThrowable(() -> job.completion().get(30, TimeUnit.SECONDS));
            TransferRowViewModel row = vm.rows().get(0);
            assertThat(row.titleProperty().get()).isEqualTo("Upload m.pt");
            assertThat(row.detailProperty().get()).isEqualTo("Failed: Access denied (403) to write http://h/m.pt");
            assertThat(vm.failedProperty().get()).isEqualTo(1);
            assertThat(vm.summaryProperty().get()).contains("1 failed");
            vm.clearDone();
            assertThat(vm.rows()).hasSize(1);
            vm.remove(row);
            assertThat(vm.rows()).isEmpty();
        }
    }

    @Test
    void parallelLimitIsPassedOn() {
        try (Transfers transfers = new Transfers(3)) {
            TransfersViewModel vm = new TransfersViewModel(transfers, Async.direct(), p -> { });
            assertThat(vm.parallelLimitProperty().get()).isEqualTo(3);
            vm.setParallelLimit(0);
            assertThat(vm.parallelLimitProperty().get()).isEqualTo(1);
            assertThat(transfers.parallelLimit()).isEqualTo(1);
        }
    }
}
