package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.app.Services;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.ConfigWriter;
import dev.vitrine.config.Profiles;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.Transcripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code vitrine ls ...} against the fake server: CLI.md's JSON shapes and exit codes. */
class LsServerCliTest {
    static FakeClearmlServer fake;
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    static Path home;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void start() {
        assumeTrue(Transcripts.available(), "transcripts not present");
        fake = FakeClearmlServer.start(Transcripts.world());
    }

    @AfterAll
    static void stop() {
        if (fake != null) fake.close();
    }

    static Run run(Map<String, String> env, String... args) {
        ConfigLoader loader = new ConfigLoader(env, home);
        Services services = new Services(loader, Profiles.standard(loader));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = VitrineCommand.execute(args, services.cli(), s -> {
            throw new AssertionError("GUI must not start");
        }, new dev.vitrine.app.CliFactory(services), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static Map<String, String> env() {
        return Map.of("CLEARML_API_HOST", fake.url(), "CLEARML_WEB_HOST", fake.url(), "CLEARML_FILES_HOST", fake.url(),
                "CLEARML_API_ACCESS_KEY", FakeClearmlServer.ACCESS_KEY, "CLEARML_API_SECRET_KEY", FakeClearmlServer.SECRET_KEY);
    }

    static void assertKeys(JsonNode o, String... keys) {
        assertThat(o.isObject()).isTrue();
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly(keys);
    }

    @Test
    void lsProjectsJson() throws Exception {
        Run r = run(env(), "ls", "projects", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode arr = M.readTree(r.out());
        assertThat(arr.size()).isEqualTo(7);
        assertKeys(arr.get(0), "id", "name", "parent", "task_count");
        assertThat(arr.findValuesAsText("name")).contains("vision/segmentation");
    }

    @Test
    void lsTasksJsonWithFiltersAndLimit() throws Exception {
        Run r = run(env(), "ls", "tasks", "--project", "paging-2000", "--status", "completed", "--tag", "milestone", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode arr = M.readTree(r.out());
        assertThat(arr.size()).isEqualTo(0); // completed tasks are i%10==3, milestones i%100==0
        Run all = run(env(), "ls", "tasks", "--project", "paging-2000", "--limit", "750", "--json");
        JsonNode tasks = M.readTree(all.out());
        assertThat(tasks.size()).isEqualTo(750);
        assertKeys(tasks.get(0), "id", "name", "project", "project_name", "status", "type", "user", "tags", "created", "started", "last_update");
        assertThat(tasks.get(0).get("project_name").asText()).isEqualTo("paging-2000");
        Run search = run(env(), "ls", "tasks", "--search", "unet-small", "--json");
        assertThat(M.readTree(search.out()).findValuesAsText("name")).contains("train unet-small", "evaluate unet-small");
    }

    @Test
    void lsArtifactsAndModelsJson() throws Exception {
        Run r = run(env(), "ls", "artifacts", "583ffc9f34b14b6a88a7927af2354f3a", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode arr = M.readTree(r.out());
        assertThat(arr.size()).isEqualTo(3);
        assertKeys(arr.get(0), "key", "type", "mode", "uri", "hash", "content_size", "timestamp", "type_data", "display_data");
        assertThat(arr.findValuesAsText("mode")).contains("input", "output");

        Run m = run(env(), "ls", "models", "583ffc9f34b14b6a88a7927af2354f3a", "--json");
        JsonNode models = M.readTree(m.out());
        assertThat(models.size()).isEqualTo(2);
        assertKeys(models.get(0), "id", "name", "framework", "uri", "task", "project", "created", "tags", "labels", "ready");

        Run byProject = run(env(), "ls", "models", "--project", "vision/segmentation", "--json");
        assertThat(M.readTree(byProject.out()).size()).isEqualTo(3);
    }

    @Test
    void errorsAreOneLineAndExitOne() {
        Run unknown = run(env(), "ls", "artifacts", "0123456789abcdef0123456789abcdef", "--json");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err().strip().lines()).hasSize(1);

        Run none = run(Map.of(), "ls", "projects");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("No ClearML server is configured");

        Map<String, String> badKey = new java.util.HashMap<>(env());
        badKey.put("CLEARML_API_SECRET_KEY", "wrong");
        Run refused = run(badKey, "ls", "projects");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("refused the access key / secret key").doesNotContain("wrong");

        Run noProfile = run(env(), "--profile", "nope", "ls", "projects");
        assertThat(noProfile.code()).isEqualTo(1);
        assertThat(noProfile.err()).contains("No profile named 'nope'");
    }

    @Test
    void profileSelectsAnotherServer() throws Exception {
        ConfigWriter.write(home.resolve(".config/vitrine/profiles/fake.conf"), fake.settings(), true);
        Run r = run(Map.of(), "--profile", "fake", "ls", "projects", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(M.readTree(r.out()).size()).isEqualTo(7);
    }
}
