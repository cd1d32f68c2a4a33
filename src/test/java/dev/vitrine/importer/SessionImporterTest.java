package dev.vitrine.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.Credentials;
import dev.vitrine.config.ServerSettings;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FaultyHttpFront;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.testutil.SessionBuilder;
import dev.vitrine.workspace.offline.OfflineSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SDK's offline sessions of the corpus imported into the API fake and the fileserver fake:
 * every field compared with what {@code Task.import_offline_session} writes, and a failure or a
 * cancel midway leaves nothing behind.
 */
class SessionImporterTest {

    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path tmp;
    FakeClearmlServer api;
    FileServerFake files;
    FaultyHttpFront front;
    ClearmlClient client;
    StorageDrivers drivers;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Corpus.present(), "corpus not present");
        api = FakeClearmlServer.start(new FakeWorld());
        files = FileServerFake.checkingTokens(tmp.resolve("files"), t -> api.validToken(t));
        front = new FaultyHttpFront(files.url());
        String fs = "http://" + front.hostPort();
        ClearmlConfig config = ClearmlConfig.of("fake", new ServerSettings(api.url(), api.url(), fs,
                new Credentials(FakeClearmlServer.ACCESS_KEY, FakeClearmlServer.SECRET_KEY), true));
        client = ClearmlClient.builder(config).build();
        drivers = new StorageDrivers(HttpDriver.create(client::token, List.of(fs)), new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (drivers != null) drivers.close();
        if (client != null) client.close();
        if (front != null) front.close();
        if (files != null) files.close();
        if (api != null) api.close();
    }

    SessionImporter importer() {
        return new SessionImporter(client, drivers, List.of(), tmp.resolve("import-tmp"), Clock.systemUTC());
    }

    static Path session(String name) {
        return Corpus.root().resolve("sessions").resolve(name);
    }

    @Test
    void artifactKindsLandAsTheSdkImportWritesThem() throws Exception {
        OfflineSession s = OfflineSession.open(session("artifact_kinds.zip"));
        List<String> steps = new ArrayList<>();
        AtomicInteger finishedFiles = new AtomicInteger();
        ImportResult r = importer().importSession(s, false, new ImportListener() {
            @Override
            public void step(String what) {
                steps.add(what);
            }

            @Override
            public void file(int index, int count, String name, long done, long total) {
                if (done == total) finishedFiles.incrementAndGet();
            }
        }, new Cancellation());

        ObjectNode task = api.world().task(r.taskId());
        JsonNode json = s.taskJson();
        assertThat(task.path("name").asText()).isEqualTo("every-upload-branch");
        assertThat(task.path("type").asText()).isEqualTo("training");
        assertThat(task.path("status").asText()).isEqualTo("completed");
        assertThat(task.path("status_reason").asText()).isEqualTo("completed");
        assertThat(task.has("started")).isTrue();
        assertThat(task.path("comment").asText()).startsWith("Auto-generated at ").contains(" UTC by ");
        assertThat(task.path("system_tags").toString()).isEqualTo("[\"development\"]");
        assertThat(task.path("runtime").path(SessionImporter.MARKER).asText()).isEqualTo(s.taskId());
        String project = task.path("project").asText();
        assertThat(api.world().projectByName("reference/artifact-kinds").path("id").asText()).isEqualTo(project);
        assertThat(task.path("script").toString()).isEqualTo(json.path("script").toString());

        // every artifact: same fields as task.json; files uploaded to the files server under the new id
        String prefix = "http://" + front.hostPort() + "/reference/artifact-kinds/every-upload-branch." + r.taskId() + "/artifacts/";
        JsonNode stored = task.path("execution").path("artifacts");
        assertThat(stored).hasSize(json.path("execution").path("artifacts").size());
        int uploaded = 0;
        try (ZipFile zip = new ZipFile(session("artifact_kinds.zip").toFile())) {
            for (JsonNode orig : json.path("execution").path("artifacts")) {
                JsonNode got = find(stored, orig.path("key").asText());
                for (String f : List.of("type", "mode", "hash", "content_size", "timestamp", "type_data")) {
                    assertThat(got.path(f).toString()).as(orig.path("key") + "." + f).isEqualTo(orig.path(f).toString());
                }
                String uri = orig.path("uri").asText();
                if (uri.startsWith("http://example.org") || uri.startsWith("s3://")) {
                    assertThat(got.path("uri").asText()).isEqualTo(uri); // links are left as they are
                    continue;
                }
                String rel = uri.substring(uri.indexOf("/artifacts/") + "/artifacts/".length());
                assertThat(got.path("uri").asText()).isEqualTo(prefix + rel); // unencoded, as the SDK registers it
                Path onServer = files.root().resolve("reference/artifact-kinds/every-upload-branch." + r.taskId() + "/artifacts/" + rel);
                assertThat(sha256(Files.readAllBytes(onServer))).isEqualTo(orig.path("hash").asText());
                String member = "data/" + uri.substring(uri.indexOf("/data/") + 6);
                try (InputStream in = zip.getInputStream(zip.getEntry(member))) {
                    assertThat(Files.readAllBytes(onServer)).isEqualTo(in.readAllBytes());
                }
                uploaded++;
            }
        }
        assertThat(uploaded).isEqualTo(37);
        assertThat(r.uploaded()).isEqualTo(37);
        assertThat(finishedFiles.get()).isGreaterThanOrEqualTo(37);
        assertThat(steps).anyMatch(x -> x.startsWith("Imported as task"));

        // the console output, for the new task, without the SDK's "method" leftover
        List<ObjectNode> events = api.events(r.taskId());
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.path("task").asText()).isEqualTo(r.taskId());
            assertThat(e.path("type").asText()).isEqualTo("log");
            assertThat(e.has("method")).isFalse();
            assertThat(e.path("worker").asText()).isEqualTo("vm");
        });
        assertThat(events.get(0).path("msg").asText()).startsWith("ClearML Task: created new task id=" + s.taskId());
        assertThat(r.events()).isEqualTo(events.size());
    }

    @Test
    void modelsTheirWeightsAndScalarsAreImported() throws Exception {
        OfflineSession s = OfflineSession.open(session("model_checkpoints.zip"));
        ImportResult r = importer().importSession(s, false, ImportListener.NONE, new Cancellation());
        ObjectNode task = api.world().task(r.taskId());
        assertThat(task.path("hyperparams").toString()).isEqualTo(s.taskJson().path("hyperparams").toString());
        assertThat(r.modelIds()).hasSize(4);

        JsonNode offline = s.taskJson().path("offline_output_models");
        String base = "http://" + front.hostPort() + "/reference/model-kinds/tinynet-two-checkpoints." + r.taskId() + "/models/";
        for (int i = 0; i < 4; i++) {
            ObjectNode m = api.world().model(r.modelIds().get(i));
            JsonNode init = offline.get(i).path("init");
            JsonNode w = offline.get(i).path("weights");
            String file = w.path("weights_filename").asText();
            String fileName = file.substring(file.lastIndexOf('/') + 1);
            assertThat(m.path("name").asText()).isEqualTo(init.path("name").asText());
            assertThat(m.path("uri").asText()).isEqualTo(base + fileName);
            assertThat(m.path("task").asText()).isEqualTo(r.taskId());
            assertThat(m.path("project").asText()).isEqualTo(task.path("project").asText());
            assertThat(m.path("comment").asText()).isEqualTo("snapshot " + file + " stored\nCreated by task id: " + r.taskId() + "\n"
                    + init.path("comment").asText());
            assertThat(m.path("last_iteration").asLong()).isEqualTo(w.path("iteration").asLong());
            assertThat(m.path("ready").asBoolean()).isFalse();
            List<String> tags = new ArrayList<>();
            init.path("tags").forEach(t -> tags.add(t.asText()));
            tags.sort(null);
            assertThat(m.path("tags").toString()).isEqualTo(M.valueToTree(tags).toString());
            if (init.path("label_enumeration").isObject()) assertThat(m.path("labels").toString()).isEqualTo(init.path("label_enumeration").toString());
            if (!init.path("config_text").asText().isEmpty()) {
                assertThat(m.path("design").path("design").asText()).isEqualTo(init.path("config_text").asText());
            }
            if (init.path("framework").isTextual()) assertThat(m.path("framework").asText()).isEqualTo(init.path("framework").asText());
            byte[] onServer = Files.readAllBytes(files.root().resolve("reference/model-kinds/tinynet-two-checkpoints." + r.taskId() + "/models/" + fileName));
            try (ZipFile zip = new ZipFile(session("model_checkpoints.zip").toFile()); InputStream in = zip.getInputStream(zip.getEntry("models/" + fileName))) {
                assertThat(onServer).isEqualTo(in.readAllBytes());
            }
        }
        // the task's output models, named after each weights file's stem; tinynet_e2.pt and
        // tinynet_e2.safetensors share a stem, so the second replaces the first (as in the SDK)
        List<String> entries = new ArrayList<>();
        task.path("models").path("output").forEach(e -> entries.add(e.path("name").asText() + "=" + e.path("model").asText()));
        assertThat(entries).containsExactly("tinynet_e1=" + r.modelIds().get(0), "tinynet_e2=" + r.modelIds().get(2),
                "tinynet_e2_weights=" + r.modelIds().get(3));

        // scalars replayed for the new task, logs too
        List<ObjectNode> scalars = api.events(r.taskId()).stream().filter(e -> e.path("type").asText().equals("training_stats_scalar")).toList();
        assertThat(scalars).hasSize(4);
        assertThat(scalars.get(0).path("metric").asText()).isEqualTo("loss");
        assertThat(scalars.get(0).path("variant").asText()).isEqualTo("train");
        assertThat(scalars.get(0).path("iter").asInt()).isEqualTo(1);
        assertThat(scalars.get(0).path("value").asDouble()).isEqualTo(1.6394416570663453);
        assertThat(scalars.get(0).path("timestamp").asLong()).isEqualTo(1795835118066L);
        assertThat(task.path("last_iteration").asInt()).isEqualTo(2);
    }

    @Test
    void aSecondImportIsRefusedUnlessAgain() throws Exception {
        OfflineSession s = OfflineSession.open(session("model_checkpoints.zip"));
        ImportResult first = importer().importSession(s, false, ImportListener.NONE, new Cancellation());
        assertThatThrownBy(() -> importer().importSession(s, false, ImportListener.NONE, new Cancellation()))
                .isInstanceOf(ImportException.AlreadyImported.class)
                .hasMessageContaining(first.taskId());
        ImportResult second = importer().importSession(s, true, ImportListener.NONE, new Cancellation());
        assertThat(second.taskId()).isNotEqualTo(first.taskId());
        assertThat(api.world().task(first.taskId())).isNotNull();
    }

    @Test
    void aFailureMidwayLeavesNothing() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        front.faults(line -> line.startsWith("POST ") && posts.incrementAndGet() == 5 ? new FaultyHttpFront.Fault(500, "boom") : null);
        OfflineSession s = OfflineSession.open(session("artifact_kinds.zip"));
        assertThatThrownBy(() -> importer().importSession(s, false, ImportListener.NONE, new Cancellation()))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("nothing was left on the server");
        assertNothingLeft("every-upload-branch");
    }

    @Test
    void aServerFailureWhileReplayingEventsLeavesNothing() throws Exception {
        api.failNext("events.add_batch", FakeClearmlServer.serverError(500, "General data error (es down)"));
        OfflineSession s = OfflineSession.open(session("model_checkpoints.zip"));
        assertThatThrownBy(() -> importer().importSession(s, false, ImportListener.NONE, new Cancellation()))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("es down");
        assertNothingLeft("tinynet-two-checkpoints");
        assertThat(api.world().model("x")).isNull();
    }

    @Test
    void aRollbackKeepsAProjectItDidNotCreate() throws Exception {
        OfflineSession s = OfflineSession.open(session("model_checkpoints.zip"));
        String project = SessionImporter.projectName(s);
        api.world().addProject(project);
        api.failNext("events.add_batch", FakeClearmlServer.serverError(500, "General data error (es down)"));
        assertThatThrownBy(() -> importer().importSession(s, false, ImportListener.NONE, new Cancellation()))
                .isInstanceOf(ImportException.class).hasMessageContaining("nothing was left");
        assertThat(projectNames()).containsOnlyOnce(project);
    }

    @Test
    void aRollbackKeepsTheProjectItCreatedWhenSomeoneElsesTaskWentIn() throws Exception {
        OfflineSession s = OfflineSession.open(session("model_checkpoints.zip"));
        assertThat(projectNames()).doesNotContain(SessionImporter.projectName(s));
        // while the import replays events, another client puts a task into the project the import made
        api.failNext(endpoint -> {
            if (!endpoint.equals("events.add_batch")) return false;
            ObjectNode t = M.createObjectNode();
            t.put("name", "someone else's");
            t.put("type", "training");
            t.put("project", api.world().projectByName(SessionImporter.projectName(s)).path("id").asText());
            dev.vitrine.clearml.RawCalls.call(client, "tasks.create", t);
            return true;
        }, FakeClearmlServer.serverError(500, "General data error (es down)"));
        assertThatThrownBy(() -> importer().importSession(s, false, ImportListener.NONE, new Cancellation()))
                .isInstanceOf(ImportException.class).hasMessageContaining("nothing was left");
        assertThat(projectNames()).containsOnlyOnce(SessionImporter.projectName(s));
    }

    @Test
    void cancelRemovesWhatWasCreated() throws Exception {
        Cancellation cancel = new Cancellation();
        OfflineSession s = OfflineSession.open(session("artifact_kinds.zip"));
        assertThatThrownBy(() -> importer().importSession(s, false, new ImportListener() {
            @Override
            public void step(String what) {}

            @Override
            public void file(int index, int count, String name, long done, long total) {
                if (index == 3) cancel.cancel();
            }
        }, cancel)).isInstanceOf(ImportException.Cancelled.class).hasMessageContaining("nothing was left");
        assertNothingLeft("every-upload-branch");
    }

    @Test
    void debugSamplesAndPlotImagesGoUpUnderTheNewIdAndAMovedSessionStillMaps() throws Exception {
        SessionBuilder sb = new SessionBuilder("a".repeat(32), "train", "P", "training")
                .artifact("notes", "string", "text/plain", "notes.txt", "hello");
        Path dir = sb.writeTo(tmp.resolve("moved"));
        String recorded = "/home/someone/.clearml/cache/offline/" + sb.id() + "/data/";
        String sample = "P/train." + sb.id() + "/metrics/preds/cat/preds_cat_00000000.jpeg";
        String image = "P/train." + sb.id() + "/metrics/cm/val/cm_val_00000000.png";
        Files.createDirectories(dir.resolve("data/" + sample).getParent());
        Files.write(dir.resolve("data/" + sample), new byte[] {1, 2, 3});
        Files.createDirectories(dir.resolve("data/" + image).getParent());
        Files.write(dir.resolve("data/" + image), new byte[] {4, 5});
        ObjectNode plot = M.createObjectNode();
        plot.putObject("layout").putArray("images").addObject().put("source", recorded + image);
        String metrics = "[{\"timestamp\": 1, \"type\": \"training_debug_image\", \"task\": \"" + sb.id() + "\", \"iter\": 3, "
                + "\"metric\": \"preds\", \"variant\": \"cat\", \"key\": \"" + sample + "\", \"url\": \"" + recorded + sample + "\", \"method\": \"get\"}]\n"
                + "[{\"timestamp\": 2, \"type\": \"plot\", \"task\": \"" + sb.id() + "\", \"iter\": 3, \"metric\": \"cm\", \"variant\": \"val\", "
                + "\"plot_str\": " + M.writeValueAsString(M.writeValueAsString(plot)) + "}]\n";
        Files.writeString(dir.resolve("metrics.jsonl"), metrics);

        ImportResult r = importer().importSession(OfflineSession.open(dir), false, ImportListener.NONE, new Cancellation());
        String fs = "http://" + front.hostPort();
        List<ObjectNode> events = api.events(r.taskId());
        assertThat(events).hasSize(2);
        String newSample = "P/train." + r.taskId() + "/metrics/preds/cat/preds_cat_00000000.jpeg";
        assertThat(events.get(0).path("key").asText()).isEqualTo(newSample);
        assertThat(events.get(0).path("url").asText()).isEqualTo(fs + "/" + newSample);
        assertThat(events.get(0).path("task").asText()).isEqualTo(r.taskId());
        assertThat(Files.readAllBytes(files.root().resolve(newSample))).containsExactly(1, 2, 3);
        String newImage = "P/train." + r.taskId() + "/metrics/cm/val/cm_val_00000000.png";
        JsonNode storedPlot = M.readTree(events.get(1).path("plot_str").asText());
        assertThat(storedPlot.path("layout").path("images").get(0).path("source").asText()).isEqualTo(fs + "/" + newImage);
        assertThat(Files.readAllBytes(files.root().resolve(newImage))).containsExactly(4, 5);
        // the artifact of a session that moved from /home/someone is still found and uploaded
        JsonNode art = api.world().task(r.taskId()).path("execution").path("artifacts").get(0);
        assertThat(art.path("uri").asText()).isEqualTo(fs + "/P/train." + r.taskId() + "/artifacts/notes/notes.txt");
        assertThat(Files.readString(files.root().resolve("P/train." + r.taskId() + "/artifacts/notes/notes.txt"))).isEqualTo("hello");
    }

    @Test
    void pathSubstitutionReachesAFileOutsideTheSession() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(elsewhere.resolve("big.bin"), "shared bytes");
        SessionBuilder sb = new SessionBuilder("b".repeat(32), "t", "P", "training")
                .rawArtifact("big", "custom", "/mnt/lab/offline/" + "offline-" + "b".repeat(32) + "/data/P/t.offline-" + "b".repeat(32) + "/artifacts/big/big.bin");
        Path dir = sb.writeTo(tmp.resolve("s"));
        List<StorageDrivers.Substitution> subs = List.of(new StorageDrivers.Substitution(
                "/mnt/lab/offline/offline-" + "b".repeat(32) + "/data/P/t.offline-" + "b".repeat(32) + "/artifacts/big/", elsewhere.toString() + "/", false, false));
        SessionImporter importer = new SessionImporter(client, drivers, subs, tmp.resolve("it"), Clock.systemUTC());
        ImportResult r = importer.importSession(OfflineSession.open(dir), false, ImportListener.NONE, new Cancellation());
        JsonNode art = api.world().task(r.taskId()).path("execution").path("artifacts").get(0);
        assertThat(art.path("uri").asText()).isEqualTo("http://" + front.hostPort() + "/P/t." + r.taskId() + "/artifacts/big/big.bin");
        assertThat(Files.readString(files.root().resolve("P/t." + r.taskId() + "/artifacts/big/big.bin"))).isEqualTo("shared bytes");
    }

    /** The project of the corpus session whose task is {@code taskName}. */
    private static String projectOf(String taskName) {
        for (String zip : List.of("artifact_kinds.zip", "model_checkpoints.zip")) {
            OfflineSession s = OfflineSession.open(session(zip));
            if (SessionImporter.taskName(s).equals(taskName)) return SessionImporter.projectName(s);
        }
        throw new AssertionError("no corpus session has task " + taskName);
    }

    private List<String> projectNames() {
        List<String> names = new java.util.ArrayList<>();
        dev.vitrine.clearml.RawCalls.call(client, "projects.get_all", M.createObjectNode()).path("projects").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private void assertNothingLeft(String taskName) throws Exception {
        ObjectNode q = M.createObjectNode();
        q.put("name", "^" + taskName + "$");
        assertThat(dev.vitrine.clearml.RawCalls.call(client, "tasks.get_all", q).path("tasks")).isEmpty();
        // the project the import created went with it (the sessions' projects are not in the fake world before)
        assertThat(projectNames()).isNotEmpty().doesNotContain(projectOf(taskName));
        assertThat(dev.vitrine.clearml.RawCalls.call(client, "models.get_all", M.createObjectNode()).path("models")).isEmpty();
        try (Stream<Path> walk = Files.walk(files.root())) {
            assertThat(walk.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    private static JsonNode find(JsonNode arts, String key) {
        for (JsonNode a : arts) if (a.path("key").asText().equals(key)) return a;
        throw new AssertionError("no artifact " + key);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
