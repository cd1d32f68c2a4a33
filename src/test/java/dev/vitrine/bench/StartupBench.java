package dev.vitrine.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start to the demo window: a fresh JVM per run, under Xvfb when there is no display.
 * Prints one JSON line per figure (median of 5 runs). Run with {@code mvn -Pbench verify}.
 */
@Tag("bench")
class StartupBench {

    @Test
    void coldStartToDemoWindow() throws Exception {
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null || display.isBlank()) {
            Assumptions.assumeTrue(new File("/usr/bin/Xvfb").canExecute(), "needs Xvfb (apt-get install xvfb)");
            display = ":93";
            xvfb = new ProcessBuilder("/usr/bin/Xvfb", display, "-screen", "0", "1600x1000x24").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(1000);
        }
        try {
            List<Long> shown = new ArrayList<>();
            List<Long> listed = new ArrayList<>();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (int i = 0; i < 5; i++) {
                Path home = Files.createTempDirectory("vitrine-bench-home");
                ProcessBuilder pb = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "-Dvitrine.startupProbe=true", "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                        "dev.vitrine.app.Main", "--demo");
                pb.environment().put("DISPLAY", display);
                pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
                pb.environment().remove("CLEARML_API_HOST");
                pb.redirectErrorStream(true);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(60, TimeUnit.SECONDS);
                Matcher m = Pattern.compile("startup-probe shown_ms=(\\d+) tasks_ms=(\\d+)").matcher(out);
                if (!m.find()) throw new AssertionError("no probe line in:\n" + out);
                shown.add(Long.parseLong(m.group(1)));
                listed.add(Long.parseLong(m.group(2)));
            }
            Bench.print("startup.window_shown", Bench.median(shown), "ms", null, null);
            Bench.print("startup.demo_tasks_listed", Bench.median(listed), "ms", null, null);
        } finally {
            if (xvfb != null) xvfb.destroy();
        }
    }
}
