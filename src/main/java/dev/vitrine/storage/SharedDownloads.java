package dev.vitrine.storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * One download per cache entry however many ask for it: the first request starts it on the
 * download executor, later ones join it and hear its progress; each request can cancel on its own,
 * and the download itself is cancelled only when every request has left. An entry counts as busy
 * (not evictable) until its download finished. Thread-safe.
 */
final class SharedDownloads {

    private final Map<String, Inflight> inflight = new HashMap<>();
    private final Executor executor;

    /** @param executor runs downloads; it must not run them on the caller's thread (requests wait on them) */
    SharedDownloads(Executor executor) {
        this.executor = executor;
    }

    /**
     * The result of {@code work} for entry {@code name}, shared with every concurrent request for it.
     * Blocks until it is done or {@code cancel} fires.
     *
     * @param work gets the shared progress listener and the download's own cancellation
     */
    ArtifactCache.Result join(String name, String what, BiFunction<ProgressListener, Cancellation, ArtifactCache.Result> work,
                              ProgressListener listener, Cancellation cancel) {
        Inflight f;
        boolean starter = false;
        synchronized (inflight) {
            f = inflight.get(name);
            if (f == null) {
                f = new Inflight();
                inflight.put(name, f);
                starter = true;
            }
            f.waiters++;
            f.listeners.add(listener);
        }
        if (starter) {
            Inflight job = f;
            executor.execute(() -> {
                ArtifactCache.Result r = null;
                Throwable error = null;
                try {
                    r = work.apply(job.fanOut, job.cancel);
                } catch (Throwable t) {
                    error = t;
                }
                // no longer in flight before anyone hears it finished: an evict or clear right after must see it done
                synchronized (inflight) {
                    inflight.remove(name, job);
                }
                if (error == null) job.future.complete(r);
                else job.future.completeExceptionally(error);
            });
        } else {
            long[] last = f.last;
            listener.progress(last[0], last[1]);
        }
        CompletableFuture<ArtifactCache.Result> mine = new CompletableFuture<>();
        f.future.whenComplete((r, e) -> {
            if (e == null) mine.complete(r);
            else mine.completeExceptionally(e);
        });
        Runnable unhook = cancel.onCancel(() -> mine.completeExceptionally(StorageException.cancelled(what)));
        try {
            return mine.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageException.cancelled(what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StorageException se) {
                throw new StorageException(se.kind(), se.getMessage(), se);
            }
            throw new StorageException(StorageException.Kind.OTHER, "Download of " + what + " failed: " + ResumingDownload.describe(cause), cause);
        } finally {
            unhook.run();
            leave(name, f, listener);
        }
    }

    private void leave(String name, Inflight f, ProgressListener listener) {
        synchronized (inflight) {
            f.listeners.remove(listener);
            f.waiters--;
            if (f.waiters <= 0 && !f.future.isDone()) {
                f.cancel.cancel();
                inflight.remove(name, f); // a new request starts afresh rather than joining a cancelled one
            }
        }
    }

    boolean busy(String name) {
        synchronized (inflight) {
            return inflight.containsKey(name);
        }
    }

    Set<String> busyNames() {
        synchronized (inflight) {
            return Set.copyOf(inflight.keySet());
        }
    }

    /** One download shared by every request for its entry. */
    private static final class Inflight {
        final CompletableFuture<ArtifactCache.Result> future = new CompletableFuture<>();
        final Cancellation cancel = new Cancellation();
        final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
        final long[] last = {0, -1};
        int waiters;
        final ProgressListener fanOut = (done, total) -> {
            last[0] = done;
            last[1] = total;
            for (ProgressListener l : listeners) l.progress(done, total);
        };
    }
}
