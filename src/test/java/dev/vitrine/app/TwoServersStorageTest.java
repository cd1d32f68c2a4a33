package dev.vitrine.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Credentials;
import dev.vitrine.config.Profiles;
import dev.vitrine.config.ServerSettings;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.transfer.upload.PreparedUpload;
import dev.vitrine.transfer.upload.UploadOptions;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers open at once, each with its own files server that accepts only its own server's
 * tokens (as the real fileserver asks its API server): each server's artifacts are fetched and
 * uploaded with that server's token, whichever was connected last.
 */
class TwoServersStorageTest {

    @TempDir Path tmp;
    Side a;
    Side b;
    Services services;

    record Side(FakeClearmlServer api, FileServerFake files, String taskId) implements AutoCloseable {
        ClearmlConfig config(String name) {
            return ClearmlConfig.of(name, new ServerSettings(api.url(), api.url(), files.url(),
                    new Credentials(FakeClearmlServer.ACCESS_KEY, FakeClearmlServer.SECRET_KEY), true));
        }

        @Override
        public void close() {
            api.close();
            files.close();
        }
    }

    static Side side(Path dir, String content) throws Exception {
        FakeWorld world = new FakeWorld();
        FakeClearmlServer[] api = new FakeClearmlServer[1];
        FileServerFake files = FileServerFake.checkingTokens(dir.resolve("files"), t -> api[0] != null && api[0].validToken(t));
        files.put("P/run.1/artifacts/notes/notes.txt", content.getBytes(StandardCharsets.UTF_8));
        String pid = world.addProject("P").get("id").asText();
        ObjectNode t = world.newTask(pid, "run", "training", "in_progress", Instant.parse("2026-01-01T00:00:00Z"));
        ((ObjectNode) t.get("output")).put("destination", files.url());
        ObjectNode art = ((ArrayNode) t.get("execution").get("artifacts")).addObject();
        art.put("key", "notes").put("type", "custom").put("mode", "output").put("uri", files.url() + "/P/run.1/artifacts/notes/notes.txt");
        world.putTask(t);
        api[0] = FakeClearmlServer.start(world);
        return new Side(api[0], files, t.get("id").asText());
    }

    @BeforeEach
    void start() throws Exception {
        a = side(tmp.resolve("a"), "from A");
        b = side(tmp.resolve("b"), "from B");
        ConfigLoader loader = new ConfigLoader(Map.of(), tmp.resolve("home"));
        services = new Services(loader, new Profiles(loader, tmp.resolve("profiles")), tmp.resolve("cache"));
    }

    @AfterEach
    void stop() {
        services.close();
        a.close();
        b.close();
    }

    @Test
    void theFirstServersArtifactsStillComeWithItsOwnTokenAfterASecondConnection() throws Exception {
        ServerWorkspace wsA = services.openServer(a.config("a"));
        ServerWorkspace wsB = services.openServer(b.config("b"));

        Artifact fromA = wsA.task(a.taskId()).artifact("notes").orElseThrow();
        Artifact fromB = wsB.task(b.taskId()).artifact("notes").orElseThrow();
        assertThat(Files.readString(services.cache().localCopy(fromA.location(), null))).isEqualTo("from A");
        assertThat(Files.readString(services.cache().localCopy(fromB.location(), null))).isEqualTo("from B");
        assertThat(a.files().lastAuthorization.get()).startsWith("Bearer ");
        assertThat(a.api().validToken(a.files().lastAuthorization.get().substring(7))).isTrue();
        assertThat(b.api().validToken(a.files().lastAuthorization.get().substring(7))).isFalse();
    }

    @Test
    void anUploadToTheFirstServerUsesItsFilesServerAndToken() throws Exception {
        ServerWorkspace wsA = services.openServer(a.config("a"));
        services.openServer(b.config("b"));
        Path f = Files.writeString(tmp.resolve("extra.txt"), "dropped on A");
        Artifact registered;
        try (PreparedUpload p = services.uploader().prepare(f, null)) {
            registered = services.uploader().upload(wsA, wsA.task(a.taskId()).task(), p, UploadOptions.defaults(), n -> { });
        }
        assertThat(registered.uri()).startsWith(a.files().url());
        assertThat(wsA.task(a.taskId()).artifact("extra.txt")).isPresent();
        assertThat(Files.readString(services.cache().localCopy(registered.location(), null))).isEqualTo("dropped on A");
    }
}
