package dev.vitrine.testutil;

import javafx.application.Platform;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fails a UI test when the FX thread is blocked: "the FX thread never blocks" (COMMON.md), checked
 * while a scenario runs.
 *
 * <p>How it sees a stall: a heartbeat is posted to the FX thread every {@value #BEAT_MS} ms; while
 * it waits, the FX thread's stack, state and CPU time are sampled every {@value #SAMPLE_MS} ms. A
 * heartbeat that runs more than the limit (100 ms) after it was posted is a stall, and its samples
 * say what kind:
 * <ul>
 *   <li><b>blocked</b> (fails): a sample has the FX thread BLOCKED, WAITING, TIMED_WAITING or inside
 *       file/socket I/O with our code ({@code dev.vitrine}) on its stack: a lock, a join, a sleep or
 *       a read that our code started on the FX thread;</li>
 *   <li><b>busy</b> (fails when it recurs): the FX thread spent at least the limit in CPU time within
 *       the stall and our code was on its stack: work that belongs in the background. One such stall
 *       alone is reported, not failed, unless it used four times the limit: a first use of a code path
 *       (interpreted, then compiled; cells made and styled) costs that once, on a loaded box up to
 *       ~200 ms, while work that does not belong on the FX thread comes back every time;</li>
 *   <li><b>starved</b> (reported, not failed): anything else, class loading on first use included, i.e. the FX thread runnable but given
 *       little CPU (other builds on a loaded 2-core machine, a GC pause, JavaFX's own layout or the
 *       renderer). Wall-clock lateness alone says nothing on a shared box, while CPU time and the
 *       thread's state do not depend on how loaded it is.</li>
 * </ul>
 * A failure carries the FX thread's stack as sampled during the stall.
 *
 * <p>Use: {@code try (FxWatchdog w = FxWatchdog.start()) { ...scenario...; w.assertNotBlocked(); }}.
 */
public final class FxWatchdog implements AutoCloseable {

    static final long BEAT_MS = 20;
    static final long SAMPLE_MS = 5;
    private static final String OURS = "dev.vitrine.";

    private final long limitNanos;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long fxThreadId;
    private final Thread sampler;
    private volatile boolean running = true;
    private final List<Stall> stalls = new ArrayList<>();
    private int beats;

    /** A stall of the FX thread: how long, how much CPU it used meanwhile, and what it was doing. */
    public record Stall(Kind kind, long wallMs, long cpuMs, long gcMs, List<ThreadInfo> samples) {
        public String describe() {
            StringBuilder sb = new StringBuilder(kind + " stall of the FX thread: " + wallMs + " ms late, " + cpuMs
                    + " ms of FX-thread CPU, " + gcMs + " ms of GC meanwhile");
            ThreadInfo shown = samples.stream().filter(s -> Kind.of(s) == Kind.BLOCKED).findFirst()
                    .orElse(samples.stream().filter(FxWatchdog::hasOurs).findFirst().orElse(samples.isEmpty() ? null : samples.get(0)));
            if (shown != null) {
                sb.append("\n  FX thread ").append(shown.getThreadState());
                if (shown.getLockName() != null) sb.append(" on ").append(shown.getLockName());
                for (StackTraceElement e : shown.getStackTrace()) sb.append("\n    at ").append(e);
            }
            return sb.toString();
        }
    }

    public enum Kind {
        BLOCKED, BUSY, STARVED;

        static Kind of(ThreadInfo s) {
            Thread.State st = s.getThreadState();
            boolean waits = st == Thread.State.BLOCKED || st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING;
            boolean waitsForIt = waits && !loadingClasses(s.getStackTrace());
            return (waitsForIt || inIo(s)) && hasOurs(s) ? BLOCKED : STARVED;
        }
    }

    private FxWatchdog(Duration limit, long fxThreadId) {
        this.limitNanos = limit.toNanos();
        this.fxThreadId = fxThreadId;
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
        sampler = new Thread(this::watch, "fx-watchdog");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts watching with the 100 ms limit; the FX toolkit must be running. */
    public static FxWatchdog start() throws Exception {
        return start(Duration.ofMillis(100));
    }

    public static FxWatchdog start(Duration limit) throws Exception {
        CompletableFuture<Long> id = new CompletableFuture<>();
        Platform.runLater(() -> id.complete(Thread.currentThread().getId()));
        return new FxWatchdog(limit, id.get(10, TimeUnit.SECONDS));
    }

    private void watch() {
        while (running) {
            CompletableFuture<Long> ran = new CompletableFuture<>();
            long cpu0 = cpu();
            long gc0 = gcMillis();
            long posted = System.nanoTime();
            Platform.runLater(() -> ran.complete(System.nanoTime()));
            List<ThreadInfo> samples = new ArrayList<>();
            while (!ran.isDone() && running) {
                sleep(SAMPLE_MS);
                // only what happens after the limit is the stall's: before it the FX thread may just be finishing an event
                if (!ran.isDone() && System.nanoTime() - posted > limitNanos / 2) {
                    ThreadInfo info = threads.getThreadInfo(fxThreadId, 64);
                    if (info != null && !ran.isDone()) samples.add(info);
                }
            }
            if (!ran.isDone()) return;
            long late = ran.join() - posted;
            long cpu = cpu() - cpu0;
            synchronized (this) {
                beats++;
                if (late > limitNanos) {
                    boolean ours = samples.stream().anyMatch(FxWatchdog::hasOurs);
                    Kind kind = samples.stream().anyMatch(s -> Kind.of(s) == Kind.BLOCKED) ? Kind.BLOCKED
                            : cpu >= limitNanos && ours ? Kind.BUSY : Kind.STARVED;
                    stalls.add(new Stall(kind, late / 1_000_000, cpu / 1_000_000, gcMillis() - gc0, samples));
                }
            }
            sleep(BEAT_MS);
        }
    }

    private long cpu() {
        long t = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(fxThreadId) : -1;
        return Math.max(0, t);
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) t += Math.max(0, b.getCollectionTime());
        return t;
    }

    static boolean hasOurs(ThreadInfo s) {
        for (StackTraceElement e : s.getStackTrace()) {
            if (e.getClassName().startsWith(OURS) && !e.getClassName().startsWith("dev.vitrine.testutil.")) return true;
        }
        return false;
    }

    /** File or socket I/O, or a sleep, at the top of the stack (the thread shows RUNNABLE inside native reads). */
    static boolean inIo(ThreadInfo s) {
        StackTraceElement[] st = s.getStackTrace();
        boolean io = false;
        for (int i = 0; i < Math.min(6, st.length); i++) {
            String c = st[i].getClassName();
            if (c.startsWith("sun.nio.ch.") || c.startsWith("sun.nio.fs.") || c.equals("java.io.FileInputStream")
                    || c.equals("java.io.FileOutputStream") || c.equals("java.io.RandomAccessFile") || c.startsWith("java.net.Socket")
                    || c.equals("java.io.UnixFileSystem") || (c.equals("java.lang.Thread") && st[i].getMethodName().startsWith("sleep"))) {
                io = true;
            }
        }
        return io && !loadingClasses(st);
    }

    /**
     * The JVM reading a class or resource from a jar on its first use: a one-time cost of any code
     * path, not a blocking call of ours (warm-up, like the JIT).
     */
    private static boolean loadingClasses(StackTraceElement[] st) {
        for (int i = 0; i < Math.min(24, st.length); i++) {
            String c = st[i].getClassName();
            if (c.startsWith("jdk.internal.loader.") || c.equals("java.lang.ClassLoader")) return true;
        }
        return false;
    }

    /** Every stall seen so far, of any kind. */
    public synchronized List<Stall> stalls() {
        return List.copyOf(stalls);
    }

    /** Heartbeats that ran so far: a scenario that saw none was not watched. */
    public synchronized int beats() {
        return beats;
    }

    /**
     * Fails with the FX thread's stack when a stall was blocked or busy in our code; prints the
     * starved ones (and a one-line summary) to stderr.
     */
    public void assertNotBlocked() {
        List<Stall> seen = stalls();
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        for (Stall s : seen) counts.merge(s.kind(), 1, Integer::sum);
        long worst = seen.stream().mapToLong(Stall::wallMs).max().orElse(0);
        System.err.println("FxWatchdog: " + beats() + " heartbeats, stalls " + counts + ", worst " + worst + " ms");
        List<String> failures = new ArrayList<>();
        long busy = seen.stream().filter(s -> s.kind() == Kind.BUSY).count();
        for (Stall s : seen) {
            boolean oneOff = s.kind() == Kind.BUSY && busy == 1 && s.cpuMs() * 1_000_000 < 4 * limitNanos;
            if (s.kind() == Kind.STARVED || oneOff) System.err.println("FxWatchdog (not failed): " + s.describe().lines().findFirst().orElse(""));
            else failures.add(s.describe());
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " FX-thread stall(s) over " + limitNanos / 1_000_000 + " ms in our code:\n"
                    + String.join("\n", failures));
        }
        if (beats() == 0) throw new AssertionError("FxWatchdog saw no heartbeat: the FX thread never ran it");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(5_000);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
