package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.app.Services;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.testutil.SampleWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vitrine samples}: CLI.md's JSON shape, order, --get layout, exit codes; the demo and a server. */
class SamplesCommandTest {
    static final String TRAIN = "offline-406084157b9286003792651da719d1d2";
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void demoSamplesAsJsonNewestFirstPerVariant() throws Exception {
        CliRunner.Result r = CliRunner.run(tmp, "--demo", "samples", TRAIN, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode arr = M.readTree(r.out());
        assertThat(arr.size()).isEqualTo(5 + 12 + 12 + 2 + 1);
        List<String> names = new ArrayList<>();
        arr.get(0).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("task", "metric", "variant", "iteration", "url", "timestamp", "type");
        List<Long> emb = new ArrayList<>();
        for (JsonNode o : arr) if (o.get("metric").asText().equals("embeddings")) emb.add(o.get("iteration").asLong());
        assertThat(emb).containsExactly(12L, 11L, 10L, 9L, 8L); // recycled epochs are not listed
        assertThat(arr.get(0).get("type").asText()).isEqualTo("audio");
        assertThat(arr.get(0).get("task").asText()).isEqualTo(TRAIN);
        assertThat(arr.get(0).get("timestamp").isIntegralNumber()).isTrue();
    }

    @Test
    void aRecycledIterationIsNamedOnStderr() throws Exception {
        CliRunner.Result r = CliRunner.run(tmp, "--demo", "samples", TRAIN, "--metric", "embeddings", "--iteration", "3", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(M.readTree(r.out()).size()).isZero();
        assertThat(r.err()).contains("embeddings/val @3").contains("overwritten").contains("oldest still stored is 8");
        CliRunner.Result at10 = CliRunner.run(tmp, "--demo", "samples", TRAIN, "--metric", "predictions", "--iteration", "10", "--json");
        JsonNode arr = M.readTree(at10.out());
        assertThat(arr.size()).isEqualTo(2);
        assertThat(arr.findValuesAsText("variant")).containsExactly("churned", "retained");
        assertThat(arr.get(0).get("iteration").asLong()).isEqualTo(10);
    }

    @Test
    void getWritesMetricVariantIterationFiles() throws Exception {
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run(tmp.resolve("c"), "--demo", "samples", TRAIN, "--metric", "embeddings", "--variant", "val",
                "--get", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode arr = M.readTree(r.out());
        assertThat(arr.size()).isEqualTo(5);
        assertThat(arr.get(0).get("path").asText()).isEqualTo(out.resolve("embeddings/val/12_embeddings_val_00000001.png").toAbsolutePath().toString());
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(5);
        }
    }

    @Test
    void unknownMetricOrTaskIsOneLineAndExitOne() {
        CliRunner.Result r = CliRunner.run(tmp, "--demo", "samples", TRAIN, "--metric", "nope", "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("no debug samples of metric 'nope'");
        CliRunner.Result t = CliRunner.run(tmp, "--demo", "samples", "offline-nope");
        assertThat(t.code()).isEqualTo(1);
        assertThat(t.err()).startsWith("vitrine: No task").doesNotContain("Exception");
        assertThat(CliRunner.run(tmp, "--demo", "samples").code()).isEqualTo(2);
    }

    @Test
    void namesFromTheServerNeverLeaveTheFolder() throws Exception {
        try (FakeClearmlServer fake = FakeClearmlServer.start(new FakeWorld());
             FileServerFake files = new FileServerFake(tmp.resolve("fs"), null)) {
            SampleWorld world = new SampleWorld(fake.events(), files, "p");
            String task = "0123456789abcdef0123456789abcdef";
            world.report(task, "t", "../evil", "a/b", 3, 100, 4);
            world.report(task, "t", "..", "C:x", 4, 100, 4);
            ConfigLoader loader = new ConfigLoader(Map.of("CLEARML_API_HOST", fake.url(), "CLEARML_WEB_HOST", fake.url(),
                    "CLEARML_FILES_HOST", files.url(), "CLEARML_API_ACCESS_KEY", FakeClearmlServer.ACCESS_KEY,
                    "CLEARML_API_SECRET_KEY", FakeClearmlServer.SECRET_KEY), tmp.resolve("home"));
            Path out = tmp.resolve("dl");
            try (Services services = new Services(loader, Profiles.standard(loader), tmp.resolve("cache"))) {
                StringWriter so = new StringWriter();
                StringWriter se = new StringWriter();
                int code = VitrineCommand.execute(new String[] {"samples", task, "--get", out.toString(), "--json"}, services.cli(),
                        s -> { }, new dev.vitrine.app.CliFactory(services), new PrintWriter(so), new PrintWriter(se));
                assertThat(code).as(se.toString()).isZero();
                JsonNode arr = M.readTree(so.toString());
                assertThat(arr.size()).isEqualTo(2);
                for (JsonNode o : arr) {
                    Path p = Path.of(o.get("path").asText());
                    assertThat(p.normalize()).startsWith(out.toAbsolutePath().normalize());
                    assertThat(Files.isRegularFile(p)).isTrue();
                    assertThat(out.relativize(p).getNameCount()).isEqualTo(3);
                }
                assertThat(arr.findValuesAsText("url")).allSatisfy(u -> assertThat(u).startsWith(files.url()));
            }
        }
    }
}
