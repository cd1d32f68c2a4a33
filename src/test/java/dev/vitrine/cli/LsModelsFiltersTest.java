package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.app.Services;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.Transcripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code ls models --framework/--tag/--published/--draft/--search} against the fake server (the recorded world) and offline. */
class LsModelsFiltersTest {
    static FakeClearmlServer fake;
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        assumeTrue(Transcripts.available(), "transcripts not present");
        fake = FakeClearmlServer.start(Transcripts.world());
    }

    @AfterAll
    static void stop() {
        if (fake != null) fake.close();
    }

    static LsServerCliTest.Run run(String... args) {
        ConfigLoader loader = new ConfigLoader(Map.of("CLEARML_API_HOST", fake.url(), "CLEARML_WEB_HOST", fake.url(), "CLEARML_FILES_HOST", fake.url(),
                "CLEARML_API_ACCESS_KEY", FakeClearmlServer.ACCESS_KEY, "CLEARML_API_SECRET_KEY", FakeClearmlServer.SECRET_KEY), home);
        Services services = new Services(loader, Profiles.standard(loader));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = VitrineCommand.execute(args, services.cli(), s -> {
            throw new AssertionError("GUI must not start");
        }, new dev.vitrine.app.CliFactory(services), new PrintWriter(out), new PrintWriter(err));
        return new LsServerCliTest.Run(code, out.toString(), err.toString());
    }

    static List<String> names(LsServerCliTest.Run r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        List<String> out = new ArrayList<>();
        for (JsonNode m : M.readTree(r.out())) out.add(m.get("name").asText());
        return out;
    }

    @Test
    void filtersNarrowTheListAsTheServerDoes() throws Exception {
        // as recorded: models.get_all_ex__tags_checkpoint.json, __framework.json
        assertThat(names(run("ls", "models", "--tag", "checkpoint", "--json"))).containsExactlyInAnyOrder(
                "train unet-large - checkpoint_ep01", "train unet-small - checkpoint_ep05", "train unet-small - checkpoint_ep10");
        assertThat(names(run("ls", "models", "--framework", "ScikitLearn", "--json"))).containsExactly("logreg-sst2");
        List<String> published = names(run("ls", "models", "--published", "--json"));
        assertThat(published).contains("resnet18-cifar10", "train unet-small - checkpoint_ep10").doesNotContain("tinybert-sst2");
        List<String> drafts = names(run("ls", "models", "--draft", "--json"));
        assertThat(drafts).contains("tinybert-sst2").doesNotContainAnyElementsOf(published);
        // any case, anywhere in the name; regex characters are literal
        assertThat(names(run("ls", "models", "--search", "UNET-SMALL", "--json"))).containsExactlyInAnyOrder(
                "train unet-small - checkpoint_ep05", "train unet-small - checkpoint_ep10");
        assertThat(names(run("ls", "models", "--search", "unet.small", "--json"))).isEmpty();
        assertThat(names(run("ls", "models", "--tag", "checkpoint", "--published", "--search", "small", "--json")))
                .containsExactly("train unet-small - checkpoint_ep10");
        assertThat(run("ls", "models", "--published", "--draft").code()).isEqualTo(2);
    }

    @Test
    void offlineModelsAreFilteredTheSameWay() throws Exception {
        String zip = Corpus.file("sessions/model_checkpoints.zip").toString();
        CliRunner.Result all = CliRunner.run(home, "--offline", zip, "ls", "models", "--json");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(M.readTree(all.out())).hasSize(4);
        CliRunner.Result some = CliRunner.run(home, "--offline", zip, "ls", "models", "--search", "E2", "--json");
        List<String> n = new ArrayList<>();
        for (JsonNode m : M.readTree(some.out())) n.add(m.get("name").asText());
        assertThat(n).containsExactlyInAnyOrder("ckpt_e2", "ckpt_e2_safetensors", "ckpt_e2_npz");
        CliRunner.Result none = CliRunner.run(home, "--offline", zip, "ls", "models", "--published", "--json");
        assertThat(M.readTree(none.out())).as("offline models are never published").isEmpty();
    }
}
