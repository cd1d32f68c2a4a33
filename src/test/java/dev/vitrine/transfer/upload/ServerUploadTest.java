package dev.vitrine.transfer.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageException;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dropped files registered on a real-HTTP fake ClearML server after being stored on the fileserver
 * fake: the entry field by field as the SDK writes it, finished tasks, failures at each step.
 */
class ServerUploadTest {

    @TempDir
    Path tmp;
    FakeClearmlServer api;
    FileServerFake files;
    FakeWorld world;
    ServerWorkspace ws;
    ArtifactUploader uploader;
    String running;
    String completed;

    @BeforeEach
    void start() throws Exception {
        files = new FileServerFake(tmp.resolve("files"), null);
        world = new FakeWorld();
        String pid = world.addProject("Vision/Detection").get("id").asText();
        ObjectNode t = world.newTask(pid, "resnet50 baseline", "training", "in_progress", Instant.parse("2026-01-01T00:00:00Z"));
        ((ObjectNode) t.get("output")).put("destination", files.url());
        running = t.get("id").asText();
        ObjectNode done = world.newTask(pid, "finished run", "training", "completed", Instant.parse("2026-01-01T00:00:00Z"));
        ((ObjectNode) done.get("output")).put("destination", files.url());
        ObjectNode old = ((ArrayNode) done.get("execution").get("artifacts")).addObject();
        old.put("key", "keep me").put("type", "string").put("mode", "output").put("uri", files.url() + "/x/keep.txt");
        completed = done.get("id").asText();
        api = FakeClearmlServer.start(world);
        ws = new ServerWorkspace(ClearmlClient.builder(api.config()).build(), "fake");
        StorageDrivers drivers = new StorageDrivers(HttpDriver.create(() -> null, List.of(files.url())),
                new S3Driver(S3Settings.empty()), new LocalDriver(), List.of());
        uploader = new ArtifactUploader(new UploadPlanner(tmp.resolve("staging")), List.of(new ServerUploadTarget(w -> drivers)));
    }

    @AfterEach
    void stop() {
        api.close();
        files.close();
    }

    private Task task(String id) {
        return ws.task(id).task();
    }

    @Test
    void aFileIsStoredThenRegisteredExactlyAsTheSdkWould() throws Exception {
        Path f = Files.writeString(tmp.resolve("val table.csv"), "epoch,loss\n1,0.5\n");
        Artifact a;
        try (PreparedUpload p = uploader.prepare(f, null).withMetadata(List.of(Map.entry("split", "val")))) {
            a = uploader.upload(ws, task(running), p, UploadOptions.defaults(), b -> {});
        }
        String path = "/Vision/Detection/resnet50 baseline." + running + "/artifacts/val table.csv/val table.csv";
        // registered uri: percent-encoded once for http; the bytes sit at the decoded path
        assertThat(a.uri()).isEqualTo(files.url() + path.replace(" ", "%20"));
        assertThat(files.root().resolve(path.substring(1))).hasContent("epoch,loss\n1,0.5\n");

        JsonNode stored = world.task(running).path("execution").path("artifacts").get(0);
        assertThat(stored.path("key").asText()).isEqualTo("val table.csv");
        assertThat(stored.path("type").asText()).isEqualTo("custom");
        assertThat(stored.path("mode").asText()).isEqualTo("output");
        assertThat(stored.path("uri").asText()).isEqualTo(a.uri());
        assertThat(stored.path("content_size").asLong()).isEqualTo(17);
        assertThat(stored.path("hash").asText()).isEqualTo(dev.vitrine.storage.ArtifactCache.sha256(f));
        assertThat(stored.path("timestamp").asLong()).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
        assertThat(stored.path("type_data").path("content_type").asText()).isEqualTo("text/csv");
        assertThat(stored.path("type_data").path("preview").asText()).isEqualTo("val table.csv - 17 bytes\n");
        assertThat(stored.path("display_data").get(0).get(0).asText()).isEqualTo("split");
        // and the server lists it back through the workspace
        assertThat(ws.task(running).artifact("val table.csv")).isPresent();
        assertThat(URLDecoder.decode(a.uri(), StandardCharsets.UTF_8)).endsWith(path);
    }

    @Test
    void aFinishedTaskNeedsConfirmationThenKeepsItsStatusAndOtherArtifacts() throws Exception {
        Path f = Files.writeString(tmp.resolve("notes.txt"), "late notes");
        try (PreparedUpload p = uploader.prepare(f, null)) {
            assertThatThrownBy(() -> uploader.upload(ws, task(completed), p, UploadOptions.defaults(), b -> {}))
                    .isInstanceOf(StorageException.class).hasMessageContaining("is completed");
            assertThat(files.uploads.get()).isZero();
            uploader.upload(ws, task(completed), p, new UploadOptions(false, true), b -> {});
        }
        JsonNode t = world.task(completed);
        assertThat(t.path("status").asText()).isEqualTo("completed");
        assertThat(t.path("execution").path("artifacts")).extracting(x -> x.path("key").asText()).containsExactly("keep me", "notes.txt");
    }

    @Test
    void aRefusedRegistrationRemovesTheUploadedFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.txt"), "abc");
        api.failNext("tasks.add_or_update_artifacts", FakeClearmlServer.status(400, "application/json",
                "{\"meta\": {\"result_code\": 400, \"result_subcode\": 12, \"result_msg\": \"Validation error\"}, \"data\": {}}"));
        try (PreparedUpload p = uploader.prepare(f, null)) {
            assertThatThrownBy(() -> uploader.upload(ws, task(running), p, UploadOptions.defaults(), b -> {}))
                    .hasMessageContaining("did not register");
        }
        assertThat(world.task(running).path("execution").path("artifacts")).isEmpty();
        try (var walk = Files.walk(files.root())) {
            assertThat(walk.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void aFailedUploadRegistersNothing() throws Exception {
        Path f = Files.writeString(tmp.resolve("b.txt"), "abc");
        files.failUploads(10, 500);
        try (PreparedUpload p = uploader.prepare(f, null)) {
            assertThatThrownBy(() -> uploader.upload(ws, task(running), p, UploadOptions.defaults(), b -> {}))
                    .isInstanceOf(StorageException.class);
        }
        assertThat(world.task(running).path("execution").path("artifacts")).isEmpty();
    }

    @Test
    void cancellingMidUploadRegistersNothingAndStoresNothing() throws Exception {
        Path big = tmp.resolve("big.bin");
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 48; i++) out.write(chunk);
        }
        files.slowUploads(3_000);
        dev.vitrine.transfer.Transfers transfers = new dev.vitrine.transfer.Transfers(1);
        dev.vitrine.ui.upload.UploadViewModel vm = new dev.vitrine.ui.upload.UploadViewModel(dev.vitrine.ui.common.Async.direct(),
                uploader, transfers, ws, task(running), List.of(), List.of(big));
        vm.start(() -> {});
        // wait until the bytes are on their way, then cancel
        long until = System.currentTimeMillis() + 10_000;
        while (transfers.jobs().isEmpty() || transfers.jobs().get(0).bytesDone() == 0) {
            if (System.currentTimeMillis() > until) break;
            Thread.sleep(20);
        }
        vm.cancel();
        transfers.jobs().get(0).completion().handle((p, e) -> null).get(20, java.util.concurrent.TimeUnit.SECONDS);
        Thread.sleep(3_500); // the server finishes reading whatever arrived
        assertThat(world.task(running).path("execution").path("artifacts")).isEmpty();
        assertThat(files.root().resolve("Vision/Detection/resnet50 baseline." + running + "/artifacts/big.bin/big.bin")).doesNotExist();
        transfers.close();
    }

    @Test
    void anExistingKeyIsRefusedUnlessReplacing() throws Exception {
        Path f = Files.writeString(tmp.resolve("c.txt"), "one");
        try (PreparedUpload p = uploader.prepare(f, null)) {
            uploader.upload(ws, task(running), p, UploadOptions.defaults(), b -> {});
        }
        Files.writeString(f, "two!");
        try (PreparedUpload p = uploader.prepare(f, null)) {
            assertThatThrownBy(() -> uploader.upload(ws, task(running), p, UploadOptions.defaults(), b -> {}))
                    .hasMessageContaining("already has an artifact named 'c.txt'");
            uploader.upload(ws, task(running), p, new UploadOptions(true, false), b -> {});
        }
        assertThat(world.task(running).path("execution").path("artifacts")).hasSize(1);
        assertThat(world.task(running).path("execution").path("artifacts").get(0).path("content_size").asLong()).isEqualTo(4);
    }

    /** #12 defect 5: the cleanup of a failed replace deleted the very object the registered entry points to. */
    @Test
    void aFailedOrCancelledReplaceKeepsTheRegisteredObject() throws Exception {
        Path f = Files.writeString(tmp.resolve("r.txt"), "original");
        Artifact first;
        try (PreparedUpload p = uploader.prepare(f, null)) {
            first = uploader.upload(ws, task(running), p, UploadOptions.defaults(), b -> {});
        }
        Path stored = files.root().resolve("Vision/Detection/resnet50 baseline." + running + "/artifacts/r.txt/r.txt");
        assertThat(stored).hasContent("original");
        Files.writeString(f, "replacement");
        // the upload fails
        files.failUploads(10, 500);
        try (PreparedUpload p = uploader.prepare(f, null)) {
            assertThatThrownBy(() -> uploader.upload(ws, task(running), p, new UploadOptions(true, false), b -> {}))
                    .isInstanceOf(StorageException.class);
        }
        files.failUploads(0, 500);
        assertThat(stored).hasContent("original");
        // the upload is cancelled (the caller interrupted as the bytes went out)
        Thread caller = Thread.currentThread(); // progress may be reported from the HTTP client's thread
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        try (PreparedUpload p = uploader.prepare(f, null)) {
            assertThatThrownBy(() -> uploader.upload(ws, task(running), p, new UploadOptions(true, false), b -> {
                if (once.compareAndSet(false, true)) caller.interrupt();
            }))
                    .hasMessageContaining("ancelled");
        } finally {
            Thread.interrupted();
        }
        assertThat(stored).exists();
        JsonNode entry = world.task(running).path("execution").path("artifacts").get(0);
        assertThat(entry.path("uri").asText()).isEqualTo(first.uri());
        // the registration fails after the bytes were replaced: the file stays, the message says what happened
        api.failNext("tasks.add_or_update_artifacts", FakeClearmlServer.status(500, "application/json",
                "{\"meta\": {\"result_code\": 500, \"result_subcode\": 0, \"result_msg\": \"boom\"}, \"data\": {}}"));
        try (PreparedUpload p = uploader.prepare(f, null)) {
            assertThatThrownBy(() -> uploader.upload(ws, task(running), p, new UploadOptions(true, false), b -> {}))
                    .hasMessageContaining("previous size and hash");
        }
        assertThat(stored).exists();
        try (PreparedUpload p = uploader.prepare(f, null)) {
            uploader.upload(ws, task(running), p, new UploadOptions(true, false), b -> {});
        }
        assertThat(stored).hasContent("replacement");
        assertThat(world.task(running).path("execution").path("artifacts").get(0).path("content_size").asLong()).isEqualTo(11);
    }
}
