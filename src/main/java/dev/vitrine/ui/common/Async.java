package dev.vitrine.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The one way ViewModels run background work: the work runs on the background executor, its
 * result or error is delivered on the UI executor ({@code Platform::runLater} in the app,
 * {@code Runnable::run} in tests). Nothing else in the UI calls {@code Platform.runLater}.
 */
public final class Async {

    private final Executor background;
    private final Executor ui;

    public Async(Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
    }

    /** Work on {@code background}, results on the FX thread: the window's Async (the one place that calls {@code Platform.runLater}). */
    public static Async onFxThread(Executor background) {
        return new Async(background, javafx.application.Platform::runLater);
    }

    /**
     * Runs {@code step} on the FX thread after the current pulse (layout included), whatever
     * executor this Async hands results to: for a view that must adjust what layout just did.
     */
    public static void afterLayout(Runnable step) {
        javafx.application.Platform.runLater(step);
    }

    /** Same-thread executors, for ViewModel tests. */
    public static Async direct() {
        return new Async(Runnable::run, Runnable::run);
    }

    public Executor background() {
        return background;
    }

    public Executor ui() {
        return ui;
    }

    /**
     * Runs {@code work} in the background; {@code onOk} or {@code onError} then run on the UI
     * executor unless the returned handle was cancelled first (a stale result is dropped).
     */
    public <T> Handle run(Callable<T> work, Consumer<? super T> onOk, Consumer<Throwable> onError) {
        Handle h = new Handle();
        h.future = CompletableFuture.supplyAsync(() -> {
            if (h.cancelled) return null;
            h.worker = Thread.currentThread();
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            } finally {
                h.worker = null;
            }
        }, background).whenComplete((value, error) -> ui.execute(() -> {
            if (h.cancelled) {
                // a superseded result that holds resources (an opened preview, a checkpoint) is released, not leaked
                if (value instanceof AutoCloseable c) background.execute(() -> closeQuietly(c));
                return;
            }
            if (error == null) onOk.accept(value);
            else onError.accept(unwrap(error));
        }));
        return h;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Async.class).debug("closing a discarded result failed", e);
        }
    }

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A piece of background work that a newer request can supersede. */
    public static final class Handle {
        private volatile boolean cancelled;
        private volatile Thread worker;
        private CompletableFuture<?> future;

        /** Drops the result; interrupts the worker so blocking I/O stops early. */
        public void cancel() {
            cancelled = true;
            Thread w = worker;
            if (w != null) w.interrupt();
        }

        public boolean isCancelled() {
            return cancelled;
        }

        public boolean isDone() {
            return future != null && future.isDone();
        }
    }
}
