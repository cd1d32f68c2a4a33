package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.app.Services;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vitrine import SESSION}: CLI.md's JSON shape, the second-import refusal and its exit codes. */
class ImportCommandTest {

    @TempDir
    Path home;
    FakeClearmlServer api;
    FileServerFake files;

    record Run(int code, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        api = FakeClearmlServer.start(new FakeWorld());
        files = FileServerFake.checkingTokens(home.resolve("files"), t -> api.validToken(t));
    }

    @AfterEach
    void stop() {
        if (files != null) files.close();
        if (api != null) api.close();
    }

    Run run(String... args) {
        Map<String, String> env = Map.of("CLEARML_API_HOST", api.url(), "CLEARML_WEB_HOST", api.url(), "CLEARML_FILES_HOST", files.url(),
                "CLEARML_API_ACCESS_KEY", FakeClearmlServer.ACCESS_KEY, "CLEARML_API_SECRET_KEY", FakeClearmlServer.SECRET_KEY);
        ConfigLoader loader = new ConfigLoader(env, home);
        try (Services services = new Services(loader, Profiles.standard(loader), home.resolve("cache"))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = VitrineCommand.execute(args, services.cli(), s -> {
                throw new AssertionError("GUI must not start");
            }, new dev.vitrine.app.CliFactory(services), new PrintWriter(out), new PrintWriter(err));
            return new Run(code, out.toString(), err.toString());
        }
    }

    @Test
    void importsPrintsTheTaskAndRefusesASecondTimeUnlessAgain() throws Exception {
        Path session = Corpus.require().resolve("sessions/model_checkpoints.zip");
        Run r = run("import", session.toString(), "--json");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode doc = Json.MAPPER.readTree(r.out());
        String id = doc.path("task").path("id").asText();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(doc.path("task").path("name").asText()).isEqualTo("tinynet-two-checkpoints");
        assertThat(doc.path("task").path("project").asText()).isEqualTo("reference/model-kinds");
        assertThat(doc.path("artifacts")).isEmpty();
        assertThat(doc.path("models")).hasSize(3); // four models, two share the entry name tinynet_e2
        assertThat(doc.path("models").get(0).path("uri").asText()).startsWith(files.url() + "/reference/model-kinds/tinynet-two-checkpoints." + id + "/models/");
        assertThat(doc.path("events").asInt()).isEqualTo(5); // one console line, four scalars

        Run again = run("import", session.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().strip().lines()).hasSize(1);
        assertThat(again.err()).contains("already imported as task " + id).contains("--again");

        Run forced = run("import", session.toString(), "--again");
        assertThat(forced.code()).isZero();
        assertThat(forced.out()).contains("reference/model-kinds/tinynet-two-checkpoints").contains("3 models");
        assertThat(forced.err()).contains("Imported as task");
    }

    @Test
    void notASessionIsOneLine() {
        Run r = run("import", home.resolve("nothing.zip").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("No such file");
        assertThat(run("--demo", "import", home.toString()).code()).isEqualTo(2);
    }
}
