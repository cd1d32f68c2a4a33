package dev.vitrine.transfer;

import dev.vitrine.storage.Cancellation;
import dev.vitrine.storage.StorageException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One download or upload as the Transfers panel shows it: state, bytes, rate, ETA, error. Its
 * fields are updated by the worker thread and read from any thread; listeners are called on the
 * worker thread (a UI hops to its own thread). Progress notifications are throttled to about ten
 * a second; state changes are always notified. Created by {@link Transfers}.
 */
public final class TransferJob {

    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    public enum Direction { DOWNLOAD, UPLOAD }

    /** The transfer itself: blocking, reporting progress, honouring the cancellation; returns the local path. */
    @FunctionalInterface
    public interface Work {
        Path run(dev.vitrine.storage.ProgressListener progress, Cancellation cancel) throws Exception;
    }

    /** Told when anything about a job changed. Keep it cheap; it runs on the transferring thread. */
    @FunctionalInterface
    public interface Listener {
        void changed(TransferJob job);
    }

    private static final long NOTIFY_EVERY_NANOS = 100_000_000L;

    private final long id;
    private final String title;
    private final Direction direction;
    private final String source;
    /** The storage scope of a remote source ({@code Location.Remote#storage}), or null. */
    private final String storage;
    final Work work;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private volatile State state = State.QUEUED;
    private volatile long bytesDone;
    private volatile long totalBytes = -1;
    private volatile double rate;
    private volatile String error;
    private volatile Throwable failure;
    private volatile StorageException.Kind errorKind;
    private volatile Path result;
    private volatile Instant finishedAt;
    volatile Cancellation cancellation = new Cancellation();
    volatile CompletableFuture<Path> completion = new CompletableFuture<>();

    private long rateBytes;
    private long rateNanos;
    private long lastNotify;

    TransferJob(long id, String title, Direction direction, String source, String storage, Work work) {
        this.id = id;
        this.title = title;
        this.direction = direction;
        this.source = source;
        this.storage = storage;
        this.work = work;
    }

    /** The storage scope the source was fetched with, or null (a local file, the default configuration). */
    public String storage() {
        return storage;
    }

    /** Why it failed (for a diagnosis of the storage entry), or null. */
    public Throwable failure() {
        return failure;
    }

    public long id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Direction direction() {
        return direction;
    }

    /** The uri downloaded or the file uploaded. */
    public String source() {
        return source;
    }

    public State state() {
        return state;
    }

    public long bytesDone() {
        return bytesDone;
    }

    /** -1 while unknown. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Bytes per second, smoothed; 0 before the first measure. */
    public double rate() {
        return rate;
    }

    /** Seconds left at the current rate, or -1 when unknown. */
    public long etaSeconds() {
        if (state != State.RUNNING || totalBytes < 0 || rate <= 0) return -1;
        return (long) Math.ceil((totalBytes - bytesDone) / rate);
    }

    /** 0..1, or -1 while the size is unknown. */
    public double fraction() {
        if (state == State.DONE) return 1;
        return totalBytes > 0 ? Math.min(1.0, (double) bytesDone / totalBytes) : -1;
    }

    /** The failure message for the user, or null. */
    public String error() {
        return error;
    }

    public StorageException.Kind errorKind() {
        return errorKind;
    }

    /** The local file (the cache copy, the saved copy, or the uploaded file) once done. */
    public Path result() {
        return result;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    /** Completes with the local path, or exceptionally; a retry starts a new one. */
    public CompletableFuture<Path> completion() {
        return completion;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    // ---- updates from Transfers

    void reset() {
        cancellation = new Cancellation();
        completion = new CompletableFuture<>();
        bytesDone = 0;
        totalBytes = -1;
        rate = 0;
        error = null;
        errorKind = null;
        failure = null;
        result = null;
        finishedAt = null;
        rateBytes = 0;
        rateNanos = 0;
        state = State.QUEUED;
        notifyListeners();
    }

    void running() {
        state = State.RUNNING;
        rateNanos = System.nanoTime();
        notifyListeners();
    }

    synchronized void progress(long done, long total) {
        long now = System.nanoTime();
        bytesDone = done;
        if (total >= 0) totalBytes = total;
        long dt = now - rateNanos;
        if (dt >= 250_000_000L) {
            double instant = (done - rateBytes) * 1e9 / dt;
            rate = rate <= 0 ? instant : 0.7 * rate + 0.3 * instant;
            rateBytes = done;
            rateNanos = now;
        } else if (done < rateBytes) { // a restart from zero
            rateBytes = done;
        }
        if (now - lastNotify >= NOTIFY_EVERY_NANOS) {
            lastNotify = now;
            notifyListeners();
        }
    }

    void done(Path path) {
        result = path;
        if (totalBytes < 0) totalBytes = bytesDone;
        finish(State.DONE);
        completion.complete(path);
    }

    void failed(Throwable t) {
        if (t instanceof StorageException se && se.kind() == StorageException.Kind.CANCELLED || cancellation.isCancelled()) {
            cancelled();
            return;
        }
        error = message(t);
        failure = t;
        errorKind = t instanceof StorageException se ? se.kind() : StorageException.Kind.OTHER;
        finish(State.FAILED);
        completion.completeExceptionally(t);
    }

    void cancelled() {
        error = null;
        finish(State.CANCELLED);
        completion.completeExceptionally(StorageException.cancelled(title));
    }

    private void finish(State s) {
        finishedAt = Instant.now();
        state = s;
        notifyListeners();
    }

    private void notifyListeners() {
        for (Listener l : listeners) {
            try {
                l.changed(this);
            } catch (RuntimeException ignored) {
                // a broken listener must not break the transfer
            }
        }
    }

    static String message(Throwable t) {
        Throwable x = t;
        while ((x instanceof java.util.concurrent.CompletionException || x instanceof java.util.concurrent.ExecutionException) && x.getCause() != null) {
            x = x.getCause();
        }
        String m = x.getMessage();
        return m == null || m.isBlank() ? x.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public String toString() {
        return "TransferJob[" + id + " " + title + " " + state + "]";
    }
}
