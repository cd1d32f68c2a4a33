package dev.vitrine.transfer;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageUri;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue of downloads and uploads: at most {@code parallelLimit} run at once, the rest wait in
 * order; each can be cancelled and, once failed or cancelled, retried. A dropped connection inside
 * a job is resumed by the storage driver (HTTP Range, S3 ranged GET) rather than restarted.
 * Thread-safe; listeners are called on worker threads or the caller's thread.
 */
public final class Transfers implements AutoCloseable {

    /** Told when a job is added, removed or changes. */
    public interface Listener {
        void added(TransferJob job);

        void removed(TransferJob job);

        void changed(TransferJob job);
    }

    private final java.util.concurrent.Executor workers;
    /** The executors this queue made itself when none were handed in; null when they belong to the caller. */
    private final dev.vitrine.concurrent.ExecutorFactory owned;
    private final AtomicLong ids = new AtomicLong();
    private final List<TransferJob> jobs = new CopyOnWriteArrayList<>();
    private final Deque<TransferJob> queue = new ArrayDeque<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private int running;
    private int parallelLimit;

    /** A queue with executors of its own, stopped on close. */
    public Transfers(int parallelLimit) {
        this(parallelLimit, null, new dev.vitrine.concurrent.ExecutorFactory());
    }

    /** @param workers runs the jobs (at most {@code parallelLimit} at once are handed to it); owned by the caller */
    public Transfers(int parallelLimit, java.util.concurrent.Executor workers) {
        this(parallelLimit, java.util.Objects.requireNonNull(workers), null);
    }

    private Transfers(int parallelLimit, java.util.concurrent.Executor workers, dev.vitrine.concurrent.ExecutorFactory owned) {
        this.parallelLimit = Math.max(1, parallelLimit);
        this.owned = owned;
        this.workers = workers != null ? workers : owned.cached("transfer");
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** Every job, oldest first. */
    public List<TransferJob> jobs() {
        return List.copyOf(jobs);
    }

    public synchronized int parallelLimit() {
        return parallelLimit;
    }

    public void setParallelLimit(int limit) {
        synchronized (this) {
            parallelLimit = Math.max(1, limit);
        }
        pump();
    }

    /** Queues any transfer. */
    public TransferJob submit(String title, TransferJob.Direction direction, String source, TransferJob.Work work) {
        return submit(title, direction, source, null, work);
    }

    /** Queues a transfer of a source fetched with the storage settings of scope {@code storage}. */
    public TransferJob submit(String title, TransferJob.Direction direction, String source, String storage, TransferJob.Work work) {
        TransferJob job = new TransferJob(ids.incrementAndGet(), title, direction, source, storage, work);
        job.addListener(j -> listeners.forEach(l -> l.changed(j)));
        jobs.add(job);
        listeners.forEach(l -> l.added(job));
        synchronized (this) {
            queue.add(job);
        }
        pump();
        return job;
    }

    /** Fetches a remote file into the cache with its scope's drivers; the job's result is the cache file. */
    public TransferJob download(ArtifactCache cache, String title, dev.vitrine.workspace.Location.Remote remote, String sha256, Long size) {
        return submit(title, TransferJob.Direction.DOWNLOAD, remote.uri(), remote.storage(),
                (progress, cancel) -> cache.fetch(remote, sha256, size, progress, cancel).path());
    }

    /**
     * Fetches a remote file through the cache and copies it to {@code dir/fileName} (Save as,
     * Download all); the name must be a plain file name.
     */
    public TransferJob downloadTo(ArtifactCache cache, String title, dev.vitrine.workspace.Location.Remote remote, String sha256, Long size,
                                  Path dir, String fileName) {
        return submit(title, TransferJob.Direction.DOWNLOAD, remote.uri(), remote.storage(), (progress, cancel) -> {
            Path cached = cache.fetch(remote, sha256, size, progress, cancel).path();
            return ArtifactCache.copyInto(cached, dir, fileName, cancel);
        });
    }

    /** Uploads a local file to {@code target}; the job's result is the uploaded file. */
    public TransferJob upload(StorageDrivers drivers, String title, Path file, StorageUri target) {
        return submit(title, TransferJob.Direction.UPLOAD, file.toString(), (progress, cancel) -> {
            drivers.upload(file, target, progress, cancel);
            return file;
        });
    }

    /** Cancels a queued or running job (a finished one is left as it is). */
    public void cancel(TransferJob job) {
        boolean wasQueued;
        synchronized (this) {
            wasQueued = queue.remove(job);
        }
        if (wasQueued) {
            job.cancelled();
            return;
        }
        // running, or taken off the queue and about to run: its work sees the signal either way
        if (!job.state().finished()) job.cancellation.cancel();
    }

    /** Queues a failed or cancelled job again. */
    public void retry(TransferJob job) {
        if (job.state() != TransferJob.State.FAILED && job.state() != TransferJob.State.CANCELLED) return;
        job.reset();
        synchronized (this) {
            queue.add(job);
        }
        pump();
    }

    /** Forgets a finished job. */
    public void remove(TransferJob job) {
        if (!job.state().finished()) return;
        if (jobs.remove(job)) listeners.forEach(l -> l.removed(job));
    }

    /** Forgets every finished job that did not fail (failures stay until retried or removed). */
    public void clearDone() {
        for (TransferJob j : new ArrayList<>(jobs)) {
            if (j.state() == TransferJob.State.DONE || j.state() == TransferJob.State.CANCELLED) remove(j);
        }
    }

    private void pump() {
        List<TransferJob> start = new ArrayList<>();
        synchronized (this) {
            while (running < parallelLimit && !queue.isEmpty()) {
                running++;
                start.add(queue.poll());
            }
        }
        for (TransferJob job : start) workers.execute(() -> run(job));
    }

    private void run(TransferJob job) {
        try {
            if (job.cancellation.isCancelled()) {
                job.cancelled();
                return;
            }
            job.running();
            Path p = job.work.run(job::progress, job.cancellation);
            if (job.cancellation.isCancelled()) job.cancelled();
            else job.done(p);
        } catch (Throwable t) {
            job.failed(t);
        } finally {
            synchronized (this) {
                running--;
            }
            pump();
        }
    }

    @Override
    public void close() {
        for (TransferJob j : jobs) cancel(j);
        if (owned != null) owned.close();
    }
}
