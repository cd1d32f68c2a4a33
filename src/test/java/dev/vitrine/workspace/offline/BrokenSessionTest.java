package dev.vitrine.workspace.offline;

import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.WorkspaceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sessions that are broken or hostile: each a clear error or a marked artifact, never a crash. */
class BrokenSessionTest {

    @TempDir
    Path tmp;

    static String taskJson(String offlineFolder, String artifactsJson) {
        return """
                {"id": "offline-0123456789abcdef0123456789abcdef", "name": "t", "project_name": "p/q", "type": "training",
                 "offline_folder": "%s", "output": {}, "execution": {"artifacts": [%s]}}
                """.formatted(offlineFolder, artifactsJson);
    }

    @Test
    void folderWithoutTaskJsonIsNotASession() {
        assertThatThrownBy(() -> OfflineSession.open(tmp)).isInstanceOf(WorkspaceException.class).hasMessageContaining("no task.json");
    }

    @Test
    void malformedTaskJsonSaysWhere() throws Exception {
        Files.writeString(tmp.resolve("task.json"), "{\"id\": \"offline-x\",\n \"name\": ");
        assertThatThrownBy(() -> OfflineSession.open(tmp)).isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("line");
    }

    @Test
    void notAZip() throws Exception {
        Path f = tmp.resolve("session.zip");
        Files.writeString(f, "this is not a zip");
        assertThatThrownBy(() -> OfflineSession.open(f)).isInstanceOf(WorkspaceException.class);
    }

    @Test
    void missingPathIsAClearError() {
        assertThatThrownBy(() -> OfflineSession.open(tmp.resolve("nope.zip"))).hasMessageContaining("No such file");
    }

    @Test
    void zipWithTraversalEntriesNeverExposesThem() throws Exception {
        Path zip = tmp.resolve("evil.zip");
        String folder = "/home/u/.clearml/cache/offline/offline-0123456789abcdef0123456789abcdef";
        String escaping = "{\"key\": \"evil\", \"type\": \"custom\", \"uri\": \"" + folder + "/data/../../../../etc/passwd\"}";
        String outside = "{\"key\": \"outside\", \"type\": \"custom\", \"uri\": \"/etc/hostname\"}";
        String good = "{\"key\": \"good\", \"type\": \"string\", \"uri\": \"" + folder + "/data/p/q/t.offline-0123456789abcdef0123456789abcdef/artifacts/good/good.txt\"}";
        String missing = "{\"key\": \"gone\", \"type\": \"string\", \"uri\": \"" + folder + "/data/p/q/gone.txt\"}";
        String link = "{\"key\": \"link\", \"type\": \"custom\", \"uri\": \"s3://bucket/key.bin\"}";
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(z, "task.json", taskJson(folder, String.join(",", escaping, outside, good, missing, link)));
            put(z, "../../escape.txt", "x");
            put(z, "/abs.txt", "x");
            put(z, "data/p/q/t.offline-0123456789abcdef0123456789abcdef/artifacts/good/good.txt", "hello");
        }
        OfflineWorkspace ws = OfflineWorkspace.open("evil", List.of(zip));
        OfflineSession s = ws.sessions().get(0);
        assertThat(s.unsafeMembers()).containsExactlyInAnyOrder("../../escape.txt", "/abs.txt");
        assertThat(s.fileNames()).noneMatch(n -> n.contains(".."));

        TaskDetails d = ws.task(s.taskId());
        assertThat(loc(d, "evil")).isInstanceOf(Location.Missing.class);
        assertThat(((Location.Missing) loc(d, "evil")).reason()).contains("leaves the session");
        assertThat(loc(d, "outside")).isInstanceOf(Location.OutsideSession.class);
        assertThat(loc(d, "good")).isInstanceOfSatisfying(Location.ZipMember.class, m -> assertThat(m.size()).isEqualTo(5));
        assertThat(loc(d, "gone")).isInstanceOf(Location.Missing.class);
        assertThat(loc(d, "link")).isEqualTo(new Location.Remote("s3://bucket/key.bin"));
    }

    @Test
    void movedFolderSessionIsFoundByTaskIdSegment() throws Exception {
        Path session = tmp.resolve("offline-0123456789abcdef0123456789abcdef");
        Path file = session.resolve("data/p/q/t.offline-0123456789abcdef0123456789abcdef/artifacts/a/a.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "hi");
        // recorded on Windows, in another folder
        String uri = "C:\\\\Users\\\\u\\\\.clearml\\\\cache\\\\offline\\\\offline-0123456789abcdef0123456789abcdef\\\\data/p/q/t.offline-0123456789abcdef0123456789abcdef/artifacts/a/a.txt";
        Files.writeString(session.resolve("task.json"), taskJson("C:/Users/u/.clearml/cache/offline/offline-0123456789abcdef0123456789abcdef",
                "{\"key\": \"a\", \"type\": \"string\", \"uri\": \"" + uri + "\"}"));
        OfflineWorkspace ws = OfflineWorkspace.open("moved", List.of(session));
        Location l = loc(ws.task("offline-0123456789abcdef0123456789abcdef"), "a");
        assertThat(l).isInstanceOfSatisfying(Location.LocalFile.class, f -> assertThat(f.path()).isEqualTo(file.toAbsolutePath().normalize()));
    }

    @Test
    void projectsIncludeParentsWithCounts() throws Exception {
        Files.writeString(tmp.resolve("task.json"), taskJson("/x", ""));
        OfflineWorkspace ws = OfflineWorkspace.open("p", List.of(tmp));
        assertThat(ws.projects()).extracting(p -> p.name() + "=" + p.taskCount()).containsExactly("p=1", "p/q=1");
        assertThat(ws.tasks(dev.vitrine.workspace.TaskQuery.ofProject(ws.projectByName("p").id())).items()).hasSize(1);
        // offline tasks have no status or user: filtering on them lists nothing, and does not fail
        var q = dev.vitrine.workspace.TaskQuery.all();
        assertThat(ws.tasks(q.withFilters(List.of("completed"), List.of(), List.of(), List.of())).items()).isEmpty();
        assertThat(ws.tasks(q.withFilters(List.of(), List.of(), List.of(), List.of("someone"))).items()).isEmpty();
    }

    private static Location loc(TaskDetails d, String key) {
        return d.artifacts().stream().filter(a -> a.key().equals(key)).map(Artifact::location).findFirst().orElseThrow();
    }

    private static void put(ZipOutputStream z, String name, String content) throws Exception {
        z.putNextEntry(new ZipEntry(name));
        OutputStream o = z;
        o.write(content.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }
}
