package dev.vitrine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.preview.image.ImageContent;
import dev.vitrine.preview.table.TableContent;
import dev.vitrine.preview.table.TableQuery;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table and image figures against pandas and Pillow on the same files, generated under
 * target/bench at run time. One JSON line per figure on stdout.
 */
@Tag("bench")
class PreviewBench {

    private static final Path DIR = Path.of("target", "bench").toAbsolutePath();
    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void tables() throws Exception {
        Files.createDirectories(DIR);
        Path csv = DIR.resolve("frame_1m.csv.gz");
        Path parquet = DIR.resolve("frame_1m.parquet");
        if (!Files.exists(csv)) python("frame.py", "make", csv.toString());
        if (!Files.exists(parquet)) {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
                st.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = true)) TO '" + parquet + "' (FORMAT parquet)");
            }
        }
        JsonNode pandas = hasPandas() ? JSON.readTree(python("frame.py", "time", csv.toString(), "f3")) : null;

        resetPeaks();
        long t0 = System.nanoTime();
        try (TableContent t = (TableContent) StandardReaders.previewers().open(csv)) {
            long first = System.nanoTime() - t0;
            emit("csv.gz 1Mx20: time to first rows shown", first / 1e9, "s", "pandas read_csv(nrows=100)", pandas == null ? null : pandas.get("first_rows_s").asDouble());
            long rows = t.totalRows();
            long loaded = System.nanoTime() - t0;
            if (rows != 1_000_000) throw new AssertionError("rows " + rows);
            emit("csv.gz 1Mx20: load + count", loaded / 1e9, "s", "pandas read_csv (full)", pandas == null ? null : pandas.get("full_read_s").asDouble());
            long s0 = System.nanoTime();
            List<List<String>> page = t.page(TableQuery.ALL.withSort("f3", false), 0, 100);
            emit("csv.gz 1Mx20: sort by a column + first page", (System.nanoTime() - s0) / 1e9, "s", "pandas sort_values + head (in memory)",
                    pandas == null ? null : pandas.get("sort_page_s").asDouble());
            if (page.size() != 100) throw new AssertionError();
        }
        emit("csv.gz 1Mx20: peak Java heap", peakHeapMb(), "MB", null, null);

        resetPeaks();
        t0 = System.nanoTime();
        try (TableContent t = (TableContent) StandardReaders.previewers().open(parquet)) {
            t.page(TableQuery.ALL, 0, 100);
            emit("parquet 1Mx20: time to first rows shown", (System.nanoTime() - t0) / 1e9, "s", null, null);
            long c0 = System.nanoTime();
            t.count(TableQuery.ALL.withWhere("i0 > 0"));
            emit("parquet 1Mx20: filtered count", (System.nanoTime() - c0) / 1e9, "s", null, null);
            long s0 = System.nanoTime();
            t.page(TableQuery.ALL.withSort("f3", true), 0, 100);
            emit("parquet 1Mx20: sort by a column + first page", (System.nanoTime() - s0) / 1e9, "s", null, null);
        }
        emit("parquet 1Mx20: peak Java heap", peakHeapMb(), "MB", null, null);
    }

    /** A large CSV opened twice, as a user reopens an artifact: the second open attaches the stored DuckDB table. */
    @Test
    void reopenedTable() throws Exception {
        Files.createDirectories(DIR);
        Path csv = DIR.resolve("frame_1m.csv.gz");
        if (!Files.exists(csv)) python("frame.py", "make", csv.toString());
        Path root = DIR.resolve("tables");
        if (Files.isDirectory(root)) {
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        var store = new dev.vitrine.preview.table.TableStore(root, 4L << 30, java.time.Duration.ofSeconds(1));
        var readers = new dev.vitrine.preview.Previewers(StandardReaders.all(null, store));
        long t0 = System.nanoTime();
        try (TableContent t = (TableContent) readers.open(csv)) {
            t.totalRows();
            emit("csv.gz 1Mx20, first open: load + count", (System.nanoTime() - t0) / 1e9, "s", null, null);
            long until = System.nanoTime() + 600_000_000_000L;
            while (!storedTable(root)) {
                if (System.nanoTime() > until) throw new AssertionError("never stored");
                Thread.sleep(50);
            }
            emit("csv.gz 1Mx20, first open: table stored", (System.nanoTime() - t0) / 1e9, "s", null, null);
        }
        t0 = System.nanoTime();
        try (TableContent t = (TableContent) readers.open(csv)) {
            t.page(TableQuery.ALL, 0, 100);
            double first = (System.nanoTime() - t0) / 1e9;
            long rows = t.totalRows();
            double counted = (System.nanoTime() - t0) / 1e9;
            if (!t.fromStore() || rows != 1_000_000) throw new AssertionError("not from the store: " + rows);
            emit("csv.gz 1Mx20, second open: first page", first, "s", null, null);
            emit("csv.gz 1Mx20, second open: rows counted", counted, "s", null, null);
            long s0 = System.nanoTime();
            t.page(TableQuery.ALL.withSort("f3", false), 0, 100);
            emit("csv.gz 1Mx20, second open: sort by a column + first page", (System.nanoTime() - s0) / 1e9, "s", null, null);
        }
    }

    private static boolean storedTable(Path root) throws IOException {
        if (!Files.isDirectory(root)) return false;
        try (var s = Files.list(root)) {
            return s.anyMatch(d -> !d.getFileName().toString().contains(".tmp-") && Files.isRegularFile(d.resolve("t.duckdb")));
        }
    }

    @Test
    void bigPng() throws Exception {
        Files.createDirectories(DIR);
        Path png = DIR.resolve("big_8000.png");
        if (!Files.exists(png)) python("image.py", "make", png.toString());
        JsonNode pil = hasPil() ? JSON.readTree(python("image.py", "time", png.toString(), "1920", "1080")) : null;
        resetPeaks();
        long t0 = System.nanoTime();
        try (PreviewContent c = StandardReaders.previewers().open(png)) {
            BufferedImage img = ((ImageContent) c).decode(0, 1920, 1080);
            if (img.getWidth() > 1920) throw new AssertionError();
        }
        emit("8000x8000 PNG to screen size (1920x1080)", (System.nanoTime() - t0) / 1e9, "s", "Pillow open + thumbnail",
                pil == null ? null : pil.get("thumbnail_s").asDouble());
        emit("8000x8000 PNG to screen size: peak Java heap", peakHeapMb(), "MB", null, null);
    }

    private static void emit(String name, double figure, String unit, String reference, Double referenceFigure) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("figure", Math.round(figure * 1000) / 1000.0);
        m.put("unit", unit);
        m.put("reference", reference);
        m.put("reference_figure", referenceFigure == null ? null : Math.round(referenceFigure * 1000) / 1000.0);
        System.out.println(JSON.writeValueAsString(m));
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum / 1048576.0;
    }

    private static boolean hasPandas() {
        return run("/usr/bin/python3", "-c", "import pandas") == 0;
    }

    private static boolean hasPil() {
        return run("/usr/bin/python3", "-c", "import PIL") == 0;
    }

    private static int run(String... cmd) {
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String python(String script, String... args) throws Exception {
        Path s = Path.of("src", "test", "resources", "bench", script).toAbsolutePath();
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", s.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) throw new IllegalStateException(script + " failed");
        return out;
    }
}
