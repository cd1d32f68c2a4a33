package dev.vitrine.workspace.demo;

import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.offline.OfflineSession;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundled demo (assets/demo, made by assets/demo/generate/make_demo.py) opens as a workspace whose
 * every artifact and model is really in its sessions, and the jar path unpacks it safely.
 */
class DemoWorkspaceTest {

    private static final String PROJECT = "Demo/Customer churn";
    private static final String DATA_PROJECT = "Demo/Customer churn/data";

    private static Path demoDir;
    private static OfflineWorkspace ws;

    @BeforeAll
    static void openDemo() {
        String prop = System.getProperty(DemoWorkspace.DEMO_DIR_PROPERTY);
        assertThat(prop).as("surefire sets -Dvitrine.demo").isNotNull();
        demoDir = Path.of(prop);
        ws = DemoWorkspace.open();
    }

    @Test
    void opensAsTheDemoWithItsProjectsAndTasks() {
        assertThat(DemoWorkspace.locate()).isEqualTo(demoDir);
        assertThat(ws.kind()).isEqualTo(Workspace.Kind.DEMO);
        assertThat(ws.projects()).extracting(Project::name).containsExactly("Demo", PROJECT, DATA_PROJECT);
        assertThat(ws.projects()).filteredOn(p -> p.name().equals(PROJECT)).singleElement()
                .satisfies(p -> assertThat(p.taskCount()).as("counts include sub-projects, like the server's stats").isEqualTo(3L));

        List<Task> tasks = ws.tasks(TaskQuery.all()).items();
        Map<String, String> typeByName = tasks.stream().collect(Collectors.toMap(Task::name, Task::type));
        assertThat(typeByName).containsExactlyInAnyOrderEntriesOf(Map.of(
                "prepare customers", "data_processing",
                "train churn model", "training",
                "evaluate churn model", "testing"));
        assertThat(task("prepare customers").projectName()).isEqualTo(DATA_PROJECT);
        assertThat(task("train churn model").projectName()).isEqualTo(PROJECT);
        assertThat(tasks).allSatisfy(t -> assertThat(t.id()).matches("offline-[0-9a-f]{32}"));
        // the data project is a sub-project: listing the parent with sub-projects finds all three
        assertThat(ws.tasks(TaskQuery.ofProject(ws.projects().get(0).id())).items()).hasSize(3);
    }

    @Test
    void everyArtifactIsStoredInASessionWithItsRecordedHashAndSize() throws Exception {
        int checked = 0;
        for (Task t : ws.tasks(TaskQuery.all()).items()) {
            TaskDetails d = ws.task(t.id());
            assertThat(d.artifacts()).as(t.name()).isNotEmpty();
            for (Artifact a : d.artifacts()) {
                assertThat(a.location()).as(t.name() + " / " + a.key()).isInstanceOf(Location.ZipMember.class);
                Location.ZipMember m = (Location.ZipMember) a.location();
                assertThat(m.member()).startsWith("data/");
                byte[] bytes = read(m.zip(), m.member());
                assertThat(sha256(bytes)).as(a.key() + " hash").isEqualTo(a.hash());
                assertThat((long) bytes.length).as(a.key() + " content_size").isEqualTo(a.contentSize()).isEqualTo(m.size());
                assertThat(a.contentType()).as(a.key()).isNotBlank();
                assertThat(a.preview()).as(a.key()).isNotBlank();
                assertThat(a.timestamp()).as(a.key()).isNotNull();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4 + 9 + 3);
    }

    @Test
    void theExpectedKindsOfArtifactAreThere() {
        Map<String, String> prep = kinds(task("prepare customers").id());
        assertThat(prep).containsEntry("customers", "pandas text/csv")
                .containsEntry("customers_parquet", "pandas application/parquet")
                .containsEntry("customers_audit", "data-audit-table text/csv")
                .containsEntry("schema", "dict application/json");
        Map<String, String> train = kinds(task("train churn model").id());
        assertThat(train).containsEntry("val_embeddings", "numpy application/numpy")
                .containsEntry("fc1_weights_rgb", "numpy application/numpy")
                .containsEntry("roc_curve", "image image/png")
                .containsEntry("loss_curves", "image image/jpeg")
                .containsEntry("metrics", "dict application/json")
                .containsEntry("run_notes", "string text/plain")
                .containsEntry("preprocessing", "pickle application/pickle")
                .containsEntry("reports", "archive application/zip");
        Map<String, String> eval = kinds(task("evaluate churn model").id());
        assertThat(eval).containsEntry("threshold_sweep", "pandas text/csv").containsEntry("calibration", "image image/png");
    }

    @Test
    void storedFilesHaveTheFormatsTheirTypesPromise() throws Exception {
        TaskDetails prep = ws.task(task("prepare customers").id());
        byte[] csv = bytes(prep.artifact("customers").orElseThrow());
        assertThat(csv[0] & 0xff).isEqualTo(0x1f);
        assertThat(csv[1] & 0xff).isEqualTo(0x8b);
        assertThat(csv[4] | csv[5] | csv[6] | csv[7]).as("gzip mtime 0, as the SDK writes it").isZero();
        byte[] parquet = bytes(prep.artifact("customers_parquet").orElseThrow());
        assertThat(new String(parquet, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(parquet, parquet.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");

        TaskDetails train = ws.task(task("train churn model").id());
        // np.savez_compressed: one member named <artifact key>.npy
        assertThat(zipNames(bytes(train.artifact("val_embeddings").orElseThrow()))).containsExactly("val_embeddings.npy");
        assertThat(zipNames(bytes(train.artifact("fc1_weights_rgb").orElseThrow()))).containsExactly("fc1_weights_rgb.npy");
        assertThat(zipNames(bytes(train.artifact("reports").orElseThrow())))
                .containsExactly("confusion_matrix.csv", "history.csv", "plots/accuracy.png", "summary.md");
        assertThat(train.artifact("reports").orElseThrow().preview())
                .startsWith("Archive content /home/demo/churn/outputs/reports/*:\n").contains("plots/accuracy.png - ");
        byte[] png = bytes(train.artifact("roc_curve").orElseThrow());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(train.artifact("roc_curve").orElseThrow().preview()).startsWith("PIL.Image.Image image mode=RGB size=");
    }

    @Test
    void theTrainingInputResolvesIntoTheDataPrepSession() {
        Task prepTask = task("prepare customers");
        OfflineSession prepSession = ws.session(prepTask.id());
        Artifact produced = ws.task(prepTask.id()).artifact("customers").orElseThrow();

        TaskDetails train = ws.task(task("train churn model").id());
        List<Artifact> inputs = train.artifacts().stream().filter(a -> a.mode() == ArtifactMode.INPUT).toList();
        assertThat(inputs).singleElement().satisfies(in -> {
            assertThat(in.key()).isEqualTo("customers");
            assertThat(in.uri()).isEqualTo(produced.uri());
            assertThat(in.hash()).isEqualTo(produced.hash());
            assertThat(in.location()).isInstanceOfSatisfying(Location.ZipMember.class, m -> {
                assertThat(m.zip()).isEqualTo(prepSession.source());
                assertThat(m.member()).isEqualTo(((Location.ZipMember) produced.location()).member())
                        .endsWith("/artifacts/customers/customers.csv.gz");
            });
        });
    }

    @Test
    void bothCheckpointsAndTheSafetensorsCopyAreUnderModels() throws Exception {
        Task train = task("train churn model");
        List<ModelRef> models = ws.task(train.id()).outputModels();
        assertThat(models).extracting(ModelRef::name)
                .containsExactly("churn_mlp_e6", "churn_mlp_e12", "churn_mlp_e12_safetensors");
        for (ModelRef m : models) {
            assertThat(m.framework()).isEqualTo("PyTorch");
            assertThat(m.taskId()).isEqualTo(train.id());
            assertThat(m.tags()).contains("demo");
            assertThat(m.comment()).startsWith("Created by task id: " + train.id());
            assertThat(m.location()).isInstanceOf(Location.ZipMember.class);
            assertThat(((Location.ZipMember) m.location()).member()).startsWith("models/");
        }
        ModelRef e6 = models.get(0);
        assertThat(e6.labels()).containsEntry("stays", 0).containsEntry("churns", 1);
        assertThat(e6.design()).contains("arch = \"ChurnMLP\"");
        // torch 1.13 zips use the file stem as the record prefix
        Location.ZipMember e6File = (Location.ZipMember) e6.location();
        assertThat(zipNames(read(e6File.zip(), e6File.member())))
                .contains("churn_mlp_e6/data.pkl", "churn_mlp_e6/version", "churn_mlp_e6/data/0");
        // safetensors: u64 LE header length (a multiple of 8), JSON header with __metadata__ first
        Location.ZipMember st = (Location.ZipMember) models.get(2).location();
        byte[] raw = read(st.zip(), st.member());
        long headerLength = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(new String(raw, 8, (int) headerLength, StandardCharsets.UTF_8)).startsWith("{\"__metadata__\":");
        // every model of the workspace is listed by the models query too
        assertThat(ws.models(dev.vitrine.workspace.ModelQuery.all()).items()).hasSize(3);
    }

    @Test
    void theIndexListsExactlyTheZipsPresent() throws IOException {
        List<String> listed = DemoWorkspace.entries(Files.readString(demoDir.resolve("index.txt")));
        List<String> present;
        try (Stream<Path> s = Files.list(demoDir)) {
            present = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".zip")).sorted().toList();
        }
        assertThat(listed).containsExactlyElementsOf(present).hasSize(3);
        assertThat(ws.sessions()).hasSize(3);
    }

    @Test
    void theBuildBundlesTheDemoButNotItsGenerator() {
        ClassLoader cl = DemoWorkspace.class.getClassLoader();
        assertThat(cl.getResource("demo/index.txt")).isNotNull();
        for (String name : DemoWorkspace.entries(text(cl, "demo/index.txt"))) {
            assertThat(cl.getResource("demo/" + name)).as(name).isNotNull();
        }
        assertThat(cl.getResource("demo/generate/make_demo.py")).isNull();
    }

    // -- the jar path ----------------------------------------------------------------------------------------

    @Test
    void unpacksTheBundledSessionsOnceAndOpensThem(@TempDir Path tmp) throws Exception {
        Path classes = tmp.resolve("classes");
        Path bundled = Files.createDirectories(classes.resolve("demo"));
        Files.copy(demoDir.resolve("index.txt"), bundled.resolve("index.txt"));
        for (String name : DemoWorkspace.entries(Files.readString(demoDir.resolve("index.txt")))) {
            Files.copy(demoDir.resolve(name), bundled.resolve(name));
        }
        Path cache = tmp.resolve("cache");
        try (URLClassLoader cl = isolatedLoader(classes)) {
            Path dir = DemoWorkspace.extractFromClasspath(cl, cache);
            assertThat(dir.getParent()).isEqualTo(cache);
            assertThat(dir.getFileName().toString()).matches("demo-[0-9a-f]{16}");
            for (String name : DemoWorkspace.entries(Files.readString(demoDir.resolve("index.txt")))) {
                assertThat(Files.mismatch(dir.resolve(name), demoDir.resolve(name))).as(name).isEqualTo(-1L);
            }
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
            }
            OfflineWorkspace unpacked = DemoWorkspace.open(dir);
            assertThat(unpacked.kind()).isEqualTo(Workspace.Kind.DEMO);
            assertThat(unpacked.sessions()).hasSize(3);
            Task train = unpacked.tasks(TaskQuery.all().withSearch("train")).items().get(0);
            assertThat(unpacked.task(train.id()).artifacts()).allSatisfy(a ->
                    assertThat(((Location.ZipMember) a.location()).zip()).startsWith(dir));

            // a second start reuses the copies instead of writing them again
            Path one = dir.resolve(DemoWorkspace.entries(Files.readString(dir.resolve("index.txt"))).get(0));
            Files.writeString(one, "marker");
            assertThat(DemoWorkspace.extractFromClasspath(cl, cache)).isEqualTo(dir);
            assertThat(Files.readString(one)).isEqualTo("marker");
        }
    }

    @Test
    void refusesAnIndexEntryThatLeavesTheCacheFolder(@TempDir Path tmp) throws Exception {
        Path classes = tmp.resolve("classes");
        Path bundled = Files.createDirectories(classes.resolve("demo"));
        Files.writeString(bundled.resolve("index.txt"), "# hostile\n../escaped.zip\n");
        Files.writeString(classes.resolve("escaped.zip"), "not a session");
        Path cache = tmp.resolve("cache");
        try (URLClassLoader cl = isolatedLoader(classes)) {
            assertThatThrownBy(() -> DemoWorkspace.extractFromClasspath(cl, cache))
                    .isInstanceOf(WorkspaceException.class)
                    .hasMessageContaining("Bad demo index entry").hasMessageContaining("../escaped.zip");
        }
        assertThat(Files.exists(cache)).as("nothing written before the index is accepted").isFalse();
        for (String bad : List.of("sub/a.zip", "..", "a\\b.zip", "C:evil.zip")) {
            assertThatThrownBy(() -> DemoWorkspace.entries(bad)).as(bad).isInstanceOf(WorkspaceException.class);
        }
    }

    @Test
    void reportsAMissingBundleOrFileClearly(@TempDir Path tmp) throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        try (URLClassLoader cl = isolatedLoader(classes)) {
            assertThatThrownBy(() -> DemoWorkspace.extractFromClasspath(cl, tmp.resolve("cache")))
                    .isInstanceOf(WorkspaceException.class).hasMessageContaining("not bundled");
        }
        Files.createDirectories(classes.resolve("demo"));
        Files.writeString(classes.resolve("demo").resolve("index.txt"), "offline-missing.zip\n");
        try (URLClassLoader cl = isolatedLoader(classes)) {
            assertThatThrownBy(() -> DemoWorkspace.extractFromClasspath(cl, tmp.resolve("cache")))
                    .isInstanceOf(WorkspaceException.class).hasMessageContaining("missing from the build: offline-missing.zip");
        }
    }

    // -- helpers -----------------------------------------------------------------------------------------------

    /** A class loader that sees only {@code root} (no parent resources, so not the real target/classes/demo). */
    private static URLClassLoader isolatedLoader(Path root) throws IOException {
        return new URLClassLoader(new URL[]{root.toUri().toURL()}, null);
    }

    private static Task task(String name) {
        return ws.tasks(TaskQuery.all()).items().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> kinds(String taskId) {
        return ws.task(taskId).artifacts().stream()
                .filter(a -> a.mode() == ArtifactMode.OUTPUT)
                .collect(Collectors.toMap(Artifact::key, a -> a.type() + " " + a.contentType()));
    }

    private static byte[] bytes(Artifact a) throws IOException {
        Location.ZipMember m = (Location.ZipMember) a.location();
        return read(m.zip(), m.member());
    }

    private static byte[] read(Path zip, String member) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry e = zf.getEntry(member);
            assertThat(e).as(member).isNotNull();
            try (InputStream in = zf.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }

    /** Member names from the central directory (torch's STORED entries with data descriptors defeat ZipInputStream). */
    private static List<String> zipNames(byte[] zip) throws IOException {
        Path tmp = Files.createTempFile("vitrine-demo-test", ".zip");
        try {
            Files.write(tmp, zip);
            try (ZipFile zf = new ZipFile(tmp.toFile())) {
                return zf.stream().map(ZipEntry::getName).toList();
            }
        } finally {
            Files.delete(tmp);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String text(ClassLoader cl, String resource) {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
