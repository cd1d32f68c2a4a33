package dev.vitrine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelQuery;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vitrine get} and {@code vitrine cache} over a task whose artifacts live on the fileserver fake. */
class GetCommandTest {

    @TempDir Path tmp;
    FileServerFake fs;
    ArtifactCache cache;
    Workspace ws;
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        fs = new FileServerFake(tmp.resolve("srv"), "tok");
        cache = new ArtifactCache(tmp.resolve("cache"), 100, 0, new StorageDrivers(HttpDriver.create(() -> "tok", List.of(fs.url())),
                new S3Driver(S3Settings.empty()), new LocalDriver(), List.of()));
        Path csv = fs.put("P/t.1/artifacts/table/table.csv", "a,b\n1,2\n".getBytes());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("inner/x.txt"));
            z.write("x".getBytes());
        }
        fs.put("P/t.1/artifacts/folder/folder.zip", zip.toByteArray());
        String csvUri = fs.url() + "/P/t.1/artifacts/table/table.csv";
        String zipUri = fs.url() + "/P/t.1/artifacts/folder/folder.zip";
        String goneUri = fs.url() + "/P/t.1/artifacts/gone/gone.bin";
        List<Artifact> artifacts = List.of(
                artifact("table", csvUri, ArtifactCache.sha256(csv), Files.size(csv)),
                artifact("folder", zipUri, null, (long) zip.size()),
                artifact("docs", "https://clear.ml/docs", null, null),
                new Artifact("outside", "custom", ArtifactMode.OUTPUT, "/etc/passwd", null, null, null, null, null, null, null,
                        new Location.OutsideSession(Path.of("/etc/passwd"))),
                artifact("gone", goneUri, null, 10L));
        Task task = new Task("t1", "train", "p1", "P", "completed", "training", "me", null, null, null, null, null, null, null);
        ModelRef model = new ModelRef("m1", "weights", "PyTorch", csvUri, "t1", "p1", "P", null, null, null, true, null, null, null,
                new Location.Remote(csvUri));
        ws = new Workspace() {
            @Override public String displayName() { return "test"; }
            @Override public Kind kind() { return Kind.SERVER; }
            @Override public List<Project> projects() { return List.of(); }
            @Override public Page<Task> tasks(TaskQuery query) { return new Page<>(List.of(task), 0, 100, false); }
            @Override public TaskDetails task(String id) {
                if (!id.equals("t1")) throw new NotFoundException("No task " + id);
                return new TaskDetails(task, artifacts, List.of(), List.of(model));
            }
            @Override public Page<ModelRef> models(ModelQuery query) { return new Page<>(List.of(model), 0, 100, false); }
            @Override public ModelRef model(String id) { return model; }
        };
    }

    @AfterEach
    void tearDown() {
        cache.close();
        fs.close();
    }

    private static Artifact artifact(String key, String uri, String hash, Long size) {
        return new Artifact(key, "custom", ArtifactMode.OUTPUT, uri, hash, size, null, null, null, null, null, new Location.Remote(uri));
    }

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = VitrineCommand.execute(args, new CliServices(s -> ws, () -> cache, dev.vitrine.preview.standard.StandardReaders::previewers, () -> cache), s -> { },
                new dev.vitrine.app.CliFactory(() -> null, () -> cache), new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void getAllFetchesWhatItCanSkipsLinksAndFailsTheRest() throws Exception {
        assertThat(run("get", "t1", "--json")).isEqualTo(1);
        JsonNode doc = Json.MAPPER.readTree(out);
        assertThat(doc).hasSize(4); // table, folder, docs (skipped), outside (skipped); gone failed
        JsonNode table = doc.get(0);
        assertThat(table.get("key").asText()).isEqualTo("table");
        assertThat(table.get("from_cache").asBoolean()).isFalse();
        assertThat(Path.of(table.get("path").asText())).startsWith(cache.folder());
        assertThat(table.get("sha256").asText()).hasSize(64);
        assertThat(doc.get(2).get("skipped").asText()).contains("link");
        assertThat(doc.get(2).has("path")).isFalse();
        assertThat(doc.get(3).get("skipped").asText()).contains("outside");
        assertThat(err).contains("gone").contains("Not found (404)");

        assertThat(run("get", "t1", "table", "--json")).isZero();
        assertThat(Json.MAPPER.readTree(out).get(0).get("from_cache").asBoolean()).isTrue();
    }

    @Test
    void toDirUsesKeyAndUriFileNameAndExtracts() {
        Path dir = tmp.resolve("dest");
        assertThat(run("get", "t1", "table", "folder", "--to", dir.toString(), "--extract")).isZero();
        assertThat(dir.resolve("table/table.csv")).hasContent("a,b\n1,2");
        assertThat(dir.resolve("folder/folder.zip")).exists();
        assertThat(out.lines()).contains(dir.resolve("table/table.csv").toString());
        Path extracted = dir.resolve("folder/folder_artifacts_archive_folder");
        assertThat(extracted.resolve("inner/x.txt")).hasContent("x");
        assertThat(out.lines()).contains(extracted.toString());
    }

    @Test
    void unknownKeyIsAnErrorAndModelsWork() throws Exception {
        assertThat(run("get", "t1", "nope")).isEqualTo(1);
        assertThat(err).contains("nope").contains("no such artifact");
        assertThat(run("get", "--model", "m1", "--json")).isZero();
        assertThat(Json.MAPPER.readTree(out).get(0).get("key").asText()).isEqualTo("m1");
        assertThat(run("get", "t1", "--model", "m1")).isEqualTo(2);
    }

    @Test
    void cacheLsAndClear() throws Exception {
        run("get", "t1", "table");
        assertThat(run("cache", "ls", "--json")).isZero();
        JsonNode doc = Json.MAPPER.readTree(out);
        assertThat(doc.get("location").asText()).isEqualTo(cache.folder().toString());
        assertThat(doc.get("entries")).hasSize(1);
        assertThat(doc.get("entries").get(0).get("source_uri").asText()).endsWith("/table.csv");
        assertThat(run("cache", "clear", "--json")).isZero();
        assertThat(Json.MAPPER.readTree(out).get("removed").asInt()).isEqualTo(1);
        assertThat(cache.entries()).isEmpty();
    }
}
