package dev.vitrine.bench;

import dev.vitrine.app.Services;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleFiles;
import dev.vitrine.samples.SampleKey;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.testutil.SampleWorld;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.samples.SampleImages;
import dev.vitrine.ui.samples.SampleViewerViewModel;
import dev.vitrine.workspace.server.ServerWorkspace;
import javafx.application.Platform;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Debug samples over loopback (fake API server and fileserver, real HTTP, the SDK-shared cache):
 * the grid of 200 variants, a step to the next (prefetched) iteration of a 4k image, memory while
 * scrubbing 1,000 iterations. One JSON line per figure.
 */
@Tag("bench")
class SamplesBench {

    static final String TASK = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void samples() throws Exception {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException running) {
            // already up
        }
        try (FakeClearmlServer fake = FakeClearmlServer.start(new FakeWorld());
             FileServerFake files = new FileServerFake(tmp.resolve("fs"), null)) {
            SampleWorld world = new SampleWorld(fake.events(), files, "bench");
            for (int v = 0; v < 200; v++) world.report(TASK, "grid", "layer" + (v / 20), String.format("v%03d", v), 100, 100, 64);
            byte[] big = SampleWorld.png(1, 1);
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(3840, 2160, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int it = 0; it < 8; it++) {
                var g = img.createGraphics();
                g.setColor(new java.awt.Color(it * 30, 80, 120));
                g.fillRect(0, 0, 3840, 2160);
                g.setColor(java.awt.Color.WHITE);
                g.fillOval(200 * it, 300, 900, 900);
                g.dispose();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                javax.imageio.ImageIO.write(img, "jpeg", out);
                big = out.toByteArray();
                world.report(TASK, "grid", "camera", "4k", it, 100, big, "jpeg");
            }
            for (int it = 0; it < 1000; it++) world.report(TASK, "grid", "scrub", "img", it, 0, 256);

            ConfigLoader loader = new ConfigLoader(Map.of("CLEARML_API_HOST", fake.url(), "CLEARML_WEB_HOST", fake.url(),
                    "CLEARML_FILES_HOST", files.url(), "CLEARML_API_ACCESS_KEY", FakeClearmlServer.ACCESS_KEY,
                    "CLEARML_API_SECRET_KEY", FakeClearmlServer.SECRET_KEY), tmp.resolve("home"));
            try (Services services = new Services(loader, Profiles.standard(loader), tmp.resolve("cache"));
                 ServerWorkspace ws = services.openServer(loader.load().orElseThrow())) {
                DebugSamples source = services.samples(ws);
                SampleFiles sf = services.sampleFiles();

                long t0 = System.nanoTime();
                List<Sample> latest = source.latest(TASK);
                long listed = System.nanoTime() - t0;
                if (latest.size() != 202) throw new AssertionError("variants " + latest.size());
                Bench.print("debug samples: grid of 200 variants listed (events API)", listed / 1e6, "ms", null, null);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Callable<Object>> thumbs = new ArrayList<>();
                for (Sample s : latest.subList(0, 200)) thumbs.add(() -> SampleImages.thumbnail(s, sf.fetch(s)));
                long t1 = System.nanoTime();
                for (var f : pool.invokeAll(thumbs)) f.get();
                Bench.print("debug samples: 200 thumbnails fetched and decoded (cold cache, 4 threads)", (System.nanoTime() - t1) / 1e6, "ms", null, null);
                long t2 = System.nanoTime();
                for (var f : pool.invokeAll(thumbs)) f.get();
                Bench.print("debug samples: 200 thumbnails from the cache", (System.nanoTime() - t2) / 1e6, "ms", null, null);

                ExecutorService ui = Executors.newSingleThreadExecutor();
                Async async = new Async(pool, ui);
                SampleViewerViewModel v = onUi(ui, () -> new SampleViewerViewModel(async, source, sf::fetch, TASK,
                        List.of(new SampleKey("camera", "4k"), new SampleKey("scrub", "img"))));
                onUi(ui, () -> {
                    v.open(new SampleKey("camera", "4k"), null);
                    return null;
                });
                waitOn(ui, () -> v.imageProperty().get() != null);
                List<Double> steps = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    Sample next = onUi(ui, () -> v.historyProperty().get().samples().get(v.historyProperty().get().samples().indexOf(v.sampleProperty().get()) + 1));
                    waitOn(ui, () -> v.isPrepared(next));
                    long s0 = System.nanoTime();
                    onUi(ui, () -> {
                        v.step(-1);
                        return null;
                    });
                    waitOn(ui, () -> v.imageProperty().get() != null && v.imageProperty().get().sample().equals(next));
                    steps.add((System.nanoTime() - s0) / 1e6);
                }
                Bench.print("debug samples: step to the next prefetched iteration of a 3840x2160 JPEG (median of 5)", Bench.median(steps), "ms",
                        "goal", 50.0);

                onUi(ui, () -> {
                    v.open(new SampleKey("scrub", "img"), null);
                    return null;
                });
                waitOn(ui, () -> v.imageProperty().get() != null);
                System.gc();
                long before = used();
                long peak = before;
                for (int it = 999; it >= 0; it--) {
                    int k = it;
                    onUi(ui, () -> {
                        v.goTo(k);
                        return null;
                    });
                    if (it % 50 == 0) {
                        waitOn(ui, () -> v.imageProperty().get() != null && v.imageProperty().get().sample().iteration() == k);
                        peak = Math.max(peak, used());
                    }
                }
                System.gc();
                Bench.print("debug samples: heap growth after scrubbing 1,000 iterations", (used() - before) / 1e6, "MB", null, null);
                Bench.print("debug samples: peak heap while scrubbing 1,000 iterations", peak / 1e6, "MB", null, null);
                ui.shutdownNow();
                pool.shutdownNow();
            }
        }
    }

    /**
     * A task of 3,000 variants and 170k events (FakeEvents generates it as the SDK would have
     * reported it): the grid's calls and time; a variant of 100k stored iterations: its history's
     * calls, time and heap; the slider over it (goTo at 1,000 places, images from a tiny local file).
     */
    @Test
    void scale() throws Exception {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException running) {
            // already up
        }
        try (FakeClearmlServer fake = FakeClearmlServer.start(new FakeWorld())) {
            List<dev.vitrine.testutil.FakeEvents.Series> series = new ArrayList<>();
            series.add(new dev.vitrine.testutil.FakeEvents.Series("camera", "frame", 0, 99_999, 1, 100));
            for (int v = 0; v < 999; v++) series.add(new dev.vitrine.testutil.FakeEvents.Series("head", String.format("h%03d", v), 0, 90_000, 10_000, 100));
            series.add(new dev.vitrine.testutil.FakeEvents.Series("layer", "aaa slow", 0, 50_000, 1, 100));
            for (int v = 0; v < 1999; v++) series.add(new dev.vitrine.testutil.FakeEvents.Series("layer", String.format("l%04d", v), 0, 40_000, 10_000, 100));
            fake.events().generate(TASK, "bench", "many", "http://127.0.0.1:9", series);
            String kept = "0123456789abcdef0123456789abcd02";
            fake.events().generate(kept, "bench", "kept", "http://127.0.0.1:9",
                    List.of(new dev.vitrine.testutil.FakeEvents.Series("loss", "map", 0, 99_999, 1, 0)));
            ConfigLoader loader = new ConfigLoader(Map.of("CLEARML_API_HOST", fake.url(), "CLEARML_WEB_HOST", fake.url(),
                    "CLEARML_FILES_HOST", "http://127.0.0.1:9", "CLEARML_API_ACCESS_KEY", FakeClearmlServer.ACCESS_KEY,
                    "CLEARML_API_SECRET_KEY", FakeClearmlServer.SECRET_KEY), tmp.resolve("home"));
            try (Services services = new Services(loader, Profiles.standard(loader), tmp.resolve("cache"));
                 ServerWorkspace ws = services.openServer(loader.load().orElseThrow())) {
                DebugSamples source = services.samples(ws);
                int before = fake.totalRequests();
                long t0 = System.nanoTime();
                List<Sample> latest = source.latest(TASK);
                long listed = System.nanoTime() - t0;
                if (latest.size() != 3000) throw new AssertionError("variants " + latest.size());
                Bench.print("debug samples: grid of 3,000 variants / 170k events listed (events API, fake on loopback)", listed / 1e6, "ms", null, null);
                Bench.print("debug samples: requests for that grid", fake.totalRequests() - before, "requests", null, null);

                System.gc();
                long heap0 = used();
                before = fake.totalRequests();
                long t1 = System.nanoTime();
                dev.vitrine.samples.SampleHistory h = source.history(kept, "loss", "map");
                long read = System.nanoTime() - t1;
                System.gc();
                long heap1 = used();
                Bench.print("debug samples: history of 100k stored iterations read", read / 1e6, "ms", null, null);
                Bench.print("debug samples: requests for that history", fake.totalRequests() - before, "requests", null, null);
                Bench.print("debug samples: heap held by that history", (heap1 - heap0) / 1e6, "MB", null, null);

                Path png = tmp.resolve("tiny.png");
                java.nio.file.Files.write(png, SampleWorld.png(1, 16));
                ExecutorService ui = Executors.newSingleThreadExecutor();
                ExecutorService pool = Executors.newFixedThreadPool(2);
                Async async = new Async(pool, ui);
                SampleViewerViewModel v = onUi(ui, () -> new SampleViewerViewModel(async, new DebugSamples() {
                    @Override
                    public List<Sample> latest(String taskId) {
                        return List.of(h.latest());
                    }

                    @Override
                    public dev.vitrine.samples.SampleHistory history(String taskId, String metric, String variant) {
                        return h;
                    }
                }, s -> png, kept,
                        List.of(new SampleKey("loss", "map"))));
                onUi(ui, () -> {
                    v.open(new SampleKey("loss", "map"), null);
                    return null;
                });
                waitOn(ui, () -> v.imageProperty().get() != null);
                List<Double> moves = new ArrayList<>();
                java.util.Random r = new java.util.Random(1);
                for (int i = 0; i < 1000; i++) {
                    long it = r.nextInt(100_000);
                    long s0 = System.nanoTime();
                    onUi(ui, () -> {
                        v.goTo(it);
                        return null;
                    });
                    moves.add((System.nanoTime() - s0) / 1e6);
                }
                Bench.print("debug samples: slider move over 100k iterations, FX-thread work (median of 1,000)", Bench.median(moves), "ms", null, null);
                ui.shutdownNow();
                pool.shutdownNow();
            }
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static <T> T onUi(ExecutorService ui, Callable<T> c) throws Exception {
        return ui.submit(c).get(60, TimeUnit.SECONDS);
    }

    private static void waitOn(ExecutorService ui, BooleanSupplier cond) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ui.submit(cond::getAsBoolean).get()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out");
            Thread.sleep(1);
        }
    }
}
