package dev.vitrine.ui.models;

import dev.vitrine.storage.ObjectSizes;
import dev.vitrine.testutil.Corpus;
import dev.vitrine.ui.common.Async;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.ModelVersions;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The models browser over offline sessions: the sort applies, "used by" lists the sessions whose task
 * names the model as input (models.input, or the 2.9 model's execution.model), sizes are the files'
 * in the session, versions are namesakes in the order the session wrote them.
 */
class OfflineModelsTest {

    @TempDir
    Path tmp;

    static final String TRAIN = "offline-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String EP1 = "offline-10000000000000000000000000000001";
    static final String EP2 = "offline-10000000000000000000000000000002";

    private Path session(String id, String name, String extra) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(id));
        Files.writeString(dir.resolve("task.json"), """
                {"id": "%s", "name": "%s", "project_name": "segmentation", "type": "training",
                 "offline_folder": "/home/u/.clearml/cache/offline/%s", "output": {}, "execution": {"artifacts": []%s}
                """.formatted(id, name, id, extra));
        return dir;
    }

    private static String model(String id, String name, String weights) {
        return """
                {"id": "%s", "init": {"name": "%s", "framework": "PyTorch", "tags": []},
                 "weights": {"weights_filename": %s, "register_uri": null, "iteration": 1}}""".formatted(id, name, weights == null ? "null" : "\"" + weights + "\"");
    }

    private OfflineWorkspace world() throws Exception {
        Path train = session(TRAIN, "train unet", "}, \"offline_output_models\": [" + String.join(",",
                model(EP1, "unet", "/home/u/.clearml/cache/offline/" + TRAIN + "/models/ep1.pt"),
                model("offline-10000000000000000000000000000003", "b-model", null),
                model(EP2, "unet", "/home/u/.clearml/cache/offline/" + TRAIN + "/models/ep2.pt"),
                model("offline-10000000000000000000000000000004", "a-model", "/home/u/elsewhere/a.pt")) + "]}");
        Files.createDirectories(train.resolve("models"));
        Files.write(train.resolve("models/ep1.pt"), new byte[100]);
        Files.write(train.resolve("models/ep2.pt"), new byte[300]);
        Path eval = session("offline-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "evaluate unet",
                "}, \"models\": {\"input\": [{\"name\": \"unet\", \"model\": \"" + EP2 + "\"}], \"output\": []}}");
        Path legacy = session("offline-cccccccccccccccccccccccccccccccc", "serve unet (2.9 fields)", ", \"model\": \"" + EP2 + "\"}}");
        Path other = session("offline-dddddddddddddddddddddddddddddddd", "unrelated", ", \"model\": \"" + EP1 + "x\"}}");
        return OfflineWorkspace.open("sessions", List.of(train, eval, legacy, other));
    }

    @Test
    void sortUsedBySizesAndVersionsFromTheSessions() throws Exception {
        try (OfflineWorkspace ws = world()) {
            ModelsViewModel vm = new ModelsViewModel(Async.direct(), ws, ObjectSizes::local);
            vm.open();
            assertThat(vm.models()).extracting(ModelRef::name).containsExactly("unet", "b-model", "unet", "a-model");
            vm.sort("name", false);
            assertThat(vm.models()).extracting(ModelRef::name).containsExactly("a-model", "b-model", "unet", "unet");
            vm.sort("name", true);
            assertThat(vm.models()).extracting(ModelRef::name).containsExactly("unet", "unet", "b-model", "a-model");
            vm.sort("framework", false);
            assertThat(vm.models()).hasSize(4);

            ModelRef ep2 = ws.model(EP2);
            vm.select(ep2);
            assertThat(vm.detailProperty().get().producer().name()).isEqualTo("train unet");
            assertThat(vm.detailProperty().get().consumers()).extracting(Task::name)
                    .containsExactlyInAnyOrder("evaluate unet", "serve unet (2.9 fields)");
            assertThat(ModelsView.describe(vm.detailProperty().get())).contains("Used as input by\n").contains("evaluate unet").doesNotContain("unrelated");
            assertThat(ws.tasksUsingModel(EP1)).isEmpty();

            assertThat(vm.size(ws.model(EP1)).get()).isEqualTo(100);
            assertThat(vm.size(ep2).get()).isEqualTo(300);
            assertThat(vm.size(ws.model("offline-10000000000000000000000000000003")).get()).as("no weights").isEqualTo(ModelsViewModel.UNKNOWN_SIZE);
            assertThat(vm.size(ws.model("offline-10000000000000000000000000000004")).get()).as("outside the session").isEqualTo(ModelsViewModel.UNKNOWN_SIZE);

            assertThat(ModelVersions.of(ws, ep2)).extracting(ModelRef::id).containsExactly(EP1, EP2);
            List<List<ModelRef>> opened = new java.util.ArrayList<>();
            vm.versionsOf(ws.model(EP1), opened::add);
            assertThat(opened).singleElement().satisfies(v -> assertThat(v).extracting(ModelRef::id).containsExactly(EP1, EP2));
        }
    }

    @Test
    void aZippedSessionsModelSizesAreItsMembers() throws Exception {
        assumeTrue(Corpus.present(), "corpus not present");
        Path zip = Corpus.file("sessions/model_checkpoints.zip");
        try (OfflineWorkspace ws = OfflineWorkspace.open("corpus", List.of(zip)); ZipFile zf = new ZipFile(zip.toFile())) {
            ModelsViewModel vm = new ModelsViewModel(Async.direct(), ws, ObjectSizes::local);
            vm.open();
            assertThat(vm.models()).hasSize(4);
            for (ModelRef m : vm.models()) {
                String base = m.uri().substring(m.uri().lastIndexOf('/') + 1);
                long want = zf.stream().filter(e -> e.getName().endsWith("models/" + base)).findFirst().orElseThrow().getSize();
                assertThat(vm.size(m).get()).as(m.name()).isEqualTo(want).isPositive();
            }
            vm.sort("name", false);
            assertThat(vm.models()).extracting(ModelRef::name).containsExactly("ckpt_e1", "ckpt_e2", "ckpt_e2_npz", "ckpt_e2_safetensors");
        }
    }
}
