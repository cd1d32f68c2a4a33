package dev.vitrine.workspace.server;

import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.TaskChange;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskWatch;
import dev.vitrine.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls an in-progress task (its artifacts are re-registered as they change, e.g. a DataFrame
 * registered with {@code register_artifact}) and reports what changed. Toolkit-free: the listener
 * runs on the watcher's own thread, so a ViewModel hands it on through its UI executor.
 *
 * <p>Polling stops on its own once the task is no longer running (after reporting the final
 * state), and can be paused and resumed. {@link #close()} stops it for good.
 */
public final class TaskWatcher implements TaskWatch {
    private static final Logger LOG = LoggerFactory.getLogger(TaskWatcher.class);

    private final Workspace workspace;
    private final String taskId;
    private final Duration interval;
    private final Consumer<TaskChange> listener;
    private final Consumer<Throwable> onError;
    private final ScheduledExecutorService timer;
    /** The executors this watcher made itself when no timer was handed in; null when it belongs to the caller. */
    private final dev.vitrine.concurrent.ExecutorFactory owned;
    private ScheduledFuture<?> schedule;
    private volatile TaskDetails last;
    private volatile boolean paused;
    private boolean closed;

    /** A watcher with a timer thread of its own, stopped on close. */
    public TaskWatcher(Workspace workspace, String taskId, Duration interval, Consumer<TaskChange> listener, Consumer<Throwable> onError) {
        this(workspace, taskId, interval, listener, onError, null);
    }

    /**
     * @param timer polls run there (shared by every watcher: one poll at a time is plenty); owned by
     *              the caller, or null for a timer of the watcher's own
     */
    public TaskWatcher(Workspace workspace, String taskId, Duration interval, Consumer<TaskChange> listener, Consumer<Throwable> onError,
                       ScheduledExecutorService timer) {
        this.workspace = workspace;
        this.taskId = taskId;
        this.interval = interval;
        this.listener = listener;
        this.onError = onError;
        this.owned = timer == null ? new dev.vitrine.concurrent.ExecutorFactory() : null;
        this.timer = timer != null ? timer : owned.scheduled("task-watcher");
    }

    /** Starts polling from a known state (what the view shows now). */
    public synchronized TaskWatcher start(TaskDetails current) {
        last = current;
        if (!closed && schedule == null) {
            schedule = timer.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** One poll now, on the calling thread (tests, a "refresh" button). */
    public TaskChange pollNow() {
        TaskDetails now = workspace.task(taskId);
        TaskDetails before = last;
        last = now;
        TaskChange c = diff(before, now);
        if (c.finished()) stopSchedule();
        return c;
    }

    private void pollSafely() {
        if (paused) return;
        try {
            TaskChange c = pollNow();
            if (!c.isEmpty()) listener.accept(c);
        } catch (RuntimeException e) {
            LOG.warn("Polling task {} failed: {}", taskId, e.getMessage());
            onError.accept(e);
        }
    }

    static TaskChange diff(TaskDetails before, TaskDetails now) {
        Map<String, Artifact> old = index(before == null ? List.of() : before.artifacts());
        Map<String, Artifact> cur = index(now.artifacts());
        List<Artifact> added = new ArrayList<>();
        List<Artifact> changed = new ArrayList<>();
        List<Artifact> removed = new ArrayList<>();
        cur.forEach((k, a) -> {
            Artifact o = old.get(k);
            if (o == null) added.add(a);
            else if (!sameContent(o, a)) changed.add(a);
        });
        old.forEach((k, a) -> {
            if (!cur.containsKey(k)) removed.add(a);
        });
        List<ModelRef> modelsAdded = new ArrayList<>();
        if (before != null) {
            List<String> known = new ArrayList<>();
            before.outputModels().forEach(m -> known.add(m.id()));
            before.inputModels().forEach(m -> known.add(m.id()));
            for (ModelRef m : now.outputModels()) if (!known.contains(m.id())) modelsAdded.add(m);
            for (ModelRef m : now.inputModels()) if (!known.contains(m.id())) modelsAdded.add(m);
        }
        boolean finished = !now.task().isRunning() && (before == null || before.task().isRunning() || !Objects.equals(before.task().status(), now.task().status()));
        return new TaskChange(now, added, removed, changed, modelsAdded, finished);
    }

    private static boolean sameContent(Artifact a, Artifact b) {
        return Objects.equals(a.uri(), b.uri()) && Objects.equals(a.hash(), b.hash())
                && Objects.equals(a.contentSize(), b.contentSize()) && Objects.equals(a.timestamp(), b.timestamp());
    }

    private static Map<String, Artifact> index(List<Artifact> list) {
        Map<String, Artifact> m = new LinkedHashMap<>();
        for (Artifact a : list) m.put(a.key() + "\u0000" + a.mode(), a);
        return m;
    }

    private synchronized void stopSchedule() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopSchedule();
        if (owned != null) owned.close();
    }
}
