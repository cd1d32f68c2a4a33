package dev.vitrine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Helpers for the bench-tagged tests: run python3, measure peak heap, print the one JSON line. */
final class BenchSupport {
    private BenchSupport() {}

    static Path dir() throws IOException {
        Path d = Path.of("target", "bench").toAbsolutePath();
        Files.createDirectories(d);
        return d;
    }

    /** Runs /usr/bin/python3 with a script; returns its stdout (last line is usually the figure). */
    static String python(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("python3 failed: " + out);
        return out.strip();
    }

    static void resetPeakHeap() {
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) b.resetPeakUsage();
    }

    /** Sum of the heap pools' peaks since the last reset (an upper bound of the live peak). */
    static long peakHeap() {
        long s = 0;
        for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) s += b.getPeakUsage().getUsed();
        return s;
    }

    static void print(String name, double figure, String unit, String reference, double referenceFigure) {
        System.out.println(String.format(Locale.ROOT, "{\"name\":\"%s\",\"figure\":%.4f,\"unit\":\"%s\",\"reference\":\"%s\",\"reference_figure\":%.4f}",
                name, figure, unit, reference, referenceFigure));
    }
}
