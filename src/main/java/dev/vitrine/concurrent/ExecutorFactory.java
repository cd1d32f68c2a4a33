package dev.vitrine.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place Vitrine makes threads (docs/decisions/threading.md): named daemon executors,
 * handed to services through their constructors and shut down together by {@link #close()}. The
 * composition root ({@code app.Services}) owns one; a class built without one (tests, tools) owns a
 * private one and closes it with itself. Executors start no thread until work is submitted.
 * Thread-safe.
 */
public final class ExecutorFactory implements AutoCloseable {

    private final List<ExecutorService> made = new ArrayList<>();
    private boolean closed;

    /** Runs each task on the thread that submits it: for tests and for work that is already off the FX thread. */
    public static Executor sameThread() {
        return Runnable::run;
    }

    /**
     * An unstarted thread named {@code vitrine-<name>} for {@link Runtime#addShutdownHook}, which
     * takes a thread, not an executor (the JVM starts it on exit or Ctrl-C).
     */
    public static Thread shutdownHook(String name, Runnable hook) {
        return new Thread(hook, "vitrine-" + name);
    }

    /** Threads made on demand and kept a minute when idle: I/O that blocks (downloads, uploads, loads). */
    public synchronized ExecutorService cached(String name) {
        return keep(Executors.newCachedThreadPool(daemons(name)));
    }

    /** At most {@code threads} at once; more tasks wait in line. */
    public synchronized ExecutorService fixed(String name, int threads) {
        return keep(Executors.newFixedThreadPool(Math.max(1, threads), daemons(name)));
    }

    /** One thread for timed work (polling). */
    public synchronized ScheduledExecutorService scheduled(String name) {
        return keep(Executors.newSingleThreadScheduledExecutor(daemons(name)));
    }

    private <T extends ExecutorService> T keep(T e) {
        if (closed) {
            e.shutdownNow();
            throw new IllegalStateException("The executors are closed");
        }
        made.removeIf(ExecutorService::isShutdown); // executors their users shut down (an upload's parts) need no keeping
        made.add(e);
        return e;
    }

    /** Daemon threads named {@code vitrine-<name>-<n>}: a forgotten task never keeps the app alive, and a thread dump says whose it is. */
    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vitrine-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Interrupts and stops every executor this made. */
    @Override
    public synchronized void close() {
        closed = true;
        made.forEach(ExecutorService::shutdownNow);
        made.clear();
    }
}
