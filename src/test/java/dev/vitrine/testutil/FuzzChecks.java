package dev.vitrine.testutil;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every fuzz target asserts about one input: only the reader's declared exceptions escape, it
 * answers within 2 s, and the thread reading it allocates no more than the target's bound (measured
 * with the JVM's per-thread allocation counter, so a reader that sizes a buffer from a lying header
 * fails even when the heap would have held it).
 */
public final class FuzzChecks {

    /**
     * The time one input may take when fuzzing (JAZZER_FUZZ set). The regression run in every build
     * shares two cores with the rest of the suite and allows 10 s; the first input of each target
     * also pays class loading (DuckDB, ImageIO, Typesafe Config) and is given a minute.
     */
    public static final long LIMIT_MS = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty() ? 2_000 : 10_000;

    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private static ExecutorService worker = newWorker();
    private static final java.util.Set<String> warmed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private FuzzChecks() {}

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-target");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code body} on the fuzz worker thread; fails (with an {@link AssertionError} Jazzer
     * reports as a finding) on an undeclared exception, a run over {@link #LIMIT_MS} or more than
     * {@code maxAllocatedBytes} allocated.
     */
    public static synchronized void check(List<Class<? extends Throwable>> declared, long maxAllocatedBytes, Body body) {
        String target = StackWalker.getInstance().walk(f -> f.skip(1).findFirst().map(x -> x.getClassName() + "." + x.getMethodName()).orElse("?"));
        boolean warm = warmed.contains(target);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Future<long[]> f = worker.submit(() -> {
            long before = mx.getCurrentThreadAllocatedBytes();
            try {
                body.run();
            } catch (Throwable t) {
                if (declared.stream().noneMatch(d -> d.isInstance(t))) throw new AssertionError("undeclared " + t, t);
            }
            return new long[] {mx.getCurrentThreadAllocatedBytes() - before};
        });
        long limit = warm ? LIMIT_MS : 60_000;
        try {
            long allocated = f.get(limit, TimeUnit.MILLISECONDS)[0];
            if (warm && allocated > maxAllocatedBytes) {
                throw new AssertionError("allocated " + allocated + " bytes, over the bound of " + maxAllocatedBytes);
            }
            warmed.add(target);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the hung one may never come back
            throw new AssertionError("no answer within " + limit + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof AssertionError a) throw a;
            throw new AssertionError(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
