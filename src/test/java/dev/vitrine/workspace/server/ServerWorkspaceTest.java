package dev.vitrine.workspace.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.Transcripts;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The server workspace against the fake serving the transcripts' world. */
class ServerWorkspaceTest {
    static final String SEGMENTATION = "20731656c23e42b38895ff96b088bf03";
    static final String DATA_PREP = "b71bb19d8ef84fb087e71f3f2e7dcac6";
    static final String TRAIN_SMALL = "583ffc9f34b14b6a88a7927af2354f3a";
    static final String EVAL = "7b67798241264fd68d918b1f712fcf01";
    static final String SWEEP_RUNNING = "cc593543be3e40af8c446510cf7cecd7";
    static final String EP10 = "0b56198ba1954bc1be6a5252b401604b";

    static FakeClearmlServer fake;
    static ServerWorkspace ws;

    @BeforeAll
    static void start() {
        assumeTrue(Transcripts.available(), "transcripts not present");
        fake = FakeClearmlServer.start(Transcripts.world());
        ws = new ServerWorkspace(ClearmlClient.builder(fake.config()).build(), "fake");
    }

    @AfterAll
    static void stop() {
        if (ws != null) ws.close();
        if (fake != null) fake.close();
    }

    @Test
    void projectsAreNestedWithTaskCountsAndHiddenOnesLeftOut() {
        Map<String, Project> byName = ws.projects().stream().collect(Collectors.toMap(Project::name, Function.identity()));
        assertThat(byName).containsKeys("vision", "vision/segmentation", "vision/classification", "nlp", "nlp/sentiment",
                "nlp/translation", "paging-2000").doesNotContainKey("vision/.datasets");
        assertThat(byName.get("vision/segmentation").parentId()).isEqualTo(byName.get("vision").id());
        assertThat(byName.get("paging-2000").taskCount()).isEqualTo(2000L);
        assertThat(byName.get("nlp/translation").taskCount()).isZero();
        assertThat(ws.projectByName("vision/segmentation").id()).isEqualTo(SEGMENTATION);
        assertThat(ws.projectByName("vision/seg")).isNull();
    }

    @Test
    void tasksOfAProjectWithListColumns() {
        Page<Task> page = ws.tasks(TaskQuery.ofProject(SEGMENTATION));
        assertThat(page.items()).extracting(Task::id).contains(DATA_PREP, TRAIN_SMALL, EVAL, SWEEP_RUNNING);
        Task prep = page.items().stream().filter(t -> t.id().equals(DATA_PREP)).findFirst().orElseThrow();
        assertThat(prep.name()).isEqualTo("prepare coco-stuff mini");
        assertThat(prep.projectName()).isEqualTo("vision/segmentation");
        assertThat(prep.status()).isEqualTo("completed");
        assertThat(prep.type()).isEqualTo("data_processing");
        assertThat(prep.user()).isEqualTo("Default User");
        assertThat(prep.tags()).containsExactly("coco", "dataset");
        assertThat(prep.created()).isNotNull();
        assertThat(prep.outputDestination()).isEqualTo("file:///tmp/clearml-world/storage");
        assertThat(page.hasMore()).isFalse();
        // newest first
        assertThat(page.items()).isSortedAccordingTo((a, b) -> b.lastUpdate().compareTo(a.lastUpdate()));
    }

    @Test
    void filtersAndSearch() {
        TaskQuery base = TaskQuery.ofProject("1888c63fdd8943ceb0b0722e3b20a02a").withPageSize(500);
        List<Task> completed = ws.tasks(base.withFilters(List.of("completed"), null, null, null)).items();
        assertThat(completed).hasSize(200).allMatch(t -> t.status().equals("completed"));
        List<Task> milestones = ws.tasks(base.withFilters(null, List.of("training"), List.of("milestone"), null)).items();
        assertThat(milestones).hasSize(20).allMatch(t -> t.tags().contains("milestone") && t.type().equals("training"));
        // search is case-insensitive over name/id/comment, and regex characters are taken literally
        List<Task> found = ws.tasks(TaskQuery.all().withSearch("UNET-SMALL")).items();
        assertThat(found).extracting(Task::id).contains(TRAIN_SMALL, EVAL);
        assertThat(ws.tasks(TaskQuery.all().withSearch("lr=3e-4")).items()).extracting(Task::id).containsExactly(SWEEP_RUNNING);
        assertThat(ws.tasks(TaskQuery.all().withSearch("run-00(1")).items()).isEmpty();
        assertThat(ws.tasks(TaskQuery.all().withSearch(TRAIN_SMALL.substring(0, 12))).items()).extracting(Task::id).containsExactly(TRAIN_SMALL);
    }

    @Test
    void ordering() {
        TaskQuery q = TaskQuery.ofProject("1888c63fdd8943ceb0b0722e3b20a02a").withPageSize(20).withOrderBy("name");
        assertThat(ws.tasks(q).items().get(0).name()).isEqualTo("run-0000 resnet");
        assertThat(ws.tasks(q.withOrderBy("-name")).items().get(0).name()).isEqualTo("run-1999 gpt");
        assertThat(ws.tasks(q.withOrderBy("-name").withPage(99)).items()).hasSize(20);
        assertThat(ws.tasks(q.withOrderBy("-name").withPage(100)).items()).isEmpty();
    }

    @Test
    void taskDetailsWithArtifactsAndResolvedModels() {
        TaskDetails prep = ws.task(DATA_PREP);
        assertThat(prep.artifacts()).hasSize(16);
        assertThat(prep.artifacts()).extracting(Artifact::key).isSorted();
        Artifact link = prep.artifact("coco_license").orElseThrow();
        assertThat(link.location()).isEqualTo(new Location.Remote("https://cocodataset.org/#termsofuse", ws.storageScope()));
        assertThat(link.hash()).isNull();
        Artifact npz = prep.artifact("class_weights").orElseThrow();
        assertThat(npz.location()).isInstanceOf(Location.LocalFile.class);
        assertThat(((Location.LocalFile) npz.location()).path()).isEqualTo(Path.of(
                "/tmp/clearml-world/storage/vision/segmentation/prepare coco-stuff mini.b71bb19d8ef84fb087e71f3f2e7dcac6/artifacts/class_weights/class_weights.npz"));
        assertThat(npz.contentSize()).isPositive();
        assertThat(npz.timestamp()).isNotNull();
        assertThat(npz.contentType()).isNotBlank();

        TaskDetails train = ws.task(TRAIN_SMALL);
        assertThat(train.artifacts()).anyMatch(a -> a.mode() == ArtifactMode.INPUT && a.key().equals("training_samples"));
        assertThat(train.outputModels()).isNotEmpty();
        ModelRef out = train.outputModels().get(train.outputModels().size() - 1);
        assertThat(out.uri()).startsWith("file://");
        assertThat(out.framework()).isEqualTo("PyTorch");
        assertThat(out.taskId()).isEqualTo(TRAIN_SMALL);
        assertThat(out.projectName()).isEqualTo("vision/segmentation");

        TaskDetails eval = ws.task(EVAL);
        assertThat(eval.inputModels()).extracting(ModelRef::id).containsExactly(EP10);
        assertThat(eval.inputModels().get(0).labels()).isNotEmpty();
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThatThrownBy(() -> ws.task("0123456789abcdef0123456789abcdef")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ws.task("not-an-id")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ws.model("0123456789abcdef0123456789abcdef")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void modelsOfAProjectAndByTask() {
        List<ModelRef> seg = ws.models(new ModelQuery(SEGMENTATION, null, 0, 100)).items();
        assertThat(seg).hasSize(3).isSortedAccordingTo((a, b) -> b.created().compareTo(a.created()));
        List<ModelRef> byTask = ws.models(new ModelQuery(null, TRAIN_SMALL, 0, 100)).items();
        assertThat(byTask).hasSize(2).allMatch(m -> TRAIN_SMALL.equals(m.taskId()));
        ModelRef ep10 = ws.model(EP10);
        assertThat(ep10.metadata()).isNotEmpty();
        assertThat(ep10.ready()).isTrue();
    }

    @Test
    void lineageWalksFromTrainingBackToDataPrepAndForward() {
        Lineage lineage = new Lineage(ws);
        Artifact input = ws.task(TRAIN_SMALL).artifact("training_samples").orElseThrow();
        assertThat(lineage.producerOf(input)).map(Task::id).contains(DATA_PREP);
        Artifact samples = ws.task(DATA_PREP).artifacts().stream().filter(a -> a.uri() != null && a.uri().equals(input.uri())).findFirst().orElseThrow();
        assertThat(lineage.consumersOf(samples, SEGMENTATION)).extracting(Task::id).containsExactly(TRAIN_SMALL);
        ModelRef ep10 = ws.model(EP10);
        assertThat(lineage.producerOf(ep10)).map(Task::id).contains(TRAIN_SMALL);
        assertThat(lineage.consumersOfModel(EP10)).extracting(Task::id).contains(EVAL);
    }

    @Test
    void webLinks() {
        WebLinks links = new WebLinks(fake.url() + "/");
        Task t = ws.task(DATA_PREP).task();
        assertThat(links.task(t)).isEqualTo(fake.url() + "/projects/" + SEGMENTATION + "/experiments/" + DATA_PREP + "/output/log");
        assertThat(links.model(ws.model(EP10))).isEqualTo(fake.url() + "/projects/" + SEGMENTATION + "/models/" + EP10 + "/general");
    }

    @Test
    void watcherReportsChangedAddedAndRemovedArtifactsOfARunningTask() throws Exception {
        TaskDetails before = ws.task(SWEEP_RUNNING);
        String existing = before.artifacts().get(0).key();
        try (TaskWatcher w = new TaskWatcher(ws, SWEEP_RUNNING, Duration.ofHours(1), c -> {}, e -> {})) {
            w.start(before);
            assertThat(w.pollNow().isEmpty()).isTrue();
            ObjectNode req = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("task", SWEEP_RUNNING);
            req.putArray("artifacts").addObject().put("key", existing).put("type", "custom").put("uri", "file:///tmp/new.bin")
                    .put("hash", "ab").put("content_size", 3).put("timestamp", 1795833999);
            dev.vitrine.clearml.RawCalls.call(ws.client(), "tasks.add_or_update_artifacts", req);
            ObjectNode add = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("task", SWEEP_RUNNING);
            add.putArray("artifacts").addObject().put("key", "zz_new").put("type", "custom").put("uri", "file:///tmp/zz.bin");
            dev.vitrine.clearml.RawCalls.call(ws.client(), "tasks.add_or_update_artifacts", add);
            dev.vitrine.workspace.TaskChange c = w.pollNow();
            assertThat(c.changed()).extracting(Artifact::key).containsExactly(existing);
            assertThat(c.added()).extracting(Artifact::key).containsExactly("zz_new");
            assertThat(c.removed()).isEmpty();
            assertThat(c.finished()).isFalse();

            ObjectNode del = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("task", SWEEP_RUNNING);
            del.putArray("artifacts").addObject().put("key", "zz_new");
            dev.vitrine.clearml.RawCalls.call(ws.client(), "tasks.delete_artifacts", del);
            fake.world().setStatus(SWEEP_RUNNING, "completed");
            dev.vitrine.workspace.TaskChange end = w.pollNow();
            assertThat(end.removed()).extracting(Artifact::key).containsExactly("zz_new");
            assertThat(end.finished()).isTrue();
        } finally {
            fake.world().setStatus(SWEEP_RUNNING, "in_progress");
        }
    }
}
