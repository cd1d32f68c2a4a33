package dev.vitrine.storage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cancel signal shared between whoever started a transfer and the driver doing it. Drivers poll
 * {@link #throwIfCancelled} between chunks and register {@link #onCancel} hooks to abort blocking
 * calls (closing a socket, cancelling a future). Thread-safe.
 */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    /** A token nobody cancels. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        for (Runnable r : hooks) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // a hook that fails to abort must not stop the others
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code hook} on cancel (at once when already cancelled); returns a remover. */
    public Runnable onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) hook.run();
        return () -> hooks.remove(hook);
    }

    public void throwIfCancelled(String what) {
        if (cancelled || Thread.currentThread().isInterrupted()) throw StorageException.cancelled(what);
    }
}
