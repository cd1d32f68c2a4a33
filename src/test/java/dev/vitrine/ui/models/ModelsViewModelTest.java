package dev.vitrine.ui.models;

import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.Transcripts;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The models browser over the fake server (the recorded world, plus 1,200 bulk models for paging). */
class ModelsViewModelTest {
    static FakeClearmlServer fake;
    static Workspace ws;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Transcripts.available(), "transcripts not present");
        var world = Transcripts.world();
        for (int i = 0; i < 1200; i++) {
            var m = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
            m.put("id", String.format("%032x", 0xabc000L + i));
            m.put("name", String.format("bulk-%04d", i));
            m.put("framework", i % 2 == 0 ? "PyTorch" : "ONNX");
            m.put("created", "2026-11-01T00:00:00+00:00");
            m.put("ready", false);
            m.putArray("tags");
            m.putArray("system_tags");
            m.put("uri", "s3://bucket/bulk/" + i + ".pt");
            world.putModel(m);
        }
        // three versions of one model (created out of id order), its namesake elsewhere, a look-alike name
        String churn = world.addProject("churn").get("id").asText();
        String other = world.addProject("elsewhere").get("id").asText();
        String[][] versions = {{"c0", "churn-prod", churn, "2026-10-03T00:00:00+00:00"}, {"c1", "churn-prod", churn, "2026-10-01T00:00:00+00:00"},
                {"c2", "churn-prod", churn, "2026-10-02T00:00:00+00:00"}, {"c3", "churn-prod", other, "2026-10-04T00:00:00+00:00"},
                {"c4", "churn-prod-v2", churn, "2026-10-05T00:00:00+00:00"}};
        for (String[] v : versions) {
            var m = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
            m.put("id", String.format("%032x", 0xcc0000L + v[0].charAt(1)));
            m.put("name", v[1]);
            m.put("project", v[2]);
            m.put("framework", "ScikitLearn");
            m.put("created", v[3]);
            m.put("ready", true);
            m.putArray("tags");
            m.putArray("system_tags");
            m.put("uri", "s3://bucket/churn/" + v[0] + ".pkl");
            m.put("comment", v[0]);
            world.putModel(m);
        }
        fake = FakeClearmlServer.start(world);
        ws = new dev.vitrine.workspace.server.ServerWorkspace(dev.vitrine.clearml.ClearmlClient.builder(fake.config()).build(), "fake");
    }

    @AfterAll
    static void stop() {
        if (ws != null) ws.close();
        if (fake != null) fake.close();
    }

    @Test
    void pagesAsTheUserScrollsAndFiltersAsTheyType() {
        ModelsViewModel vm = new ModelsViewModel(Async.direct(), ws);
        vm.open();
        assertThat(vm.stateProperty().get()).as(vm.messageProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.models()).hasSize(ModelsViewModel.PAGE);
        assertThat(vm.hasMoreProperty().get()).isTrue();
        assertThat(vm.projects()).isNotEmpty();
        while (vm.hasMoreProperty().get()) vm.loadMore();
        assertThat(vm.models().size()).isGreaterThan(1200);
        assertThat(vm.models().stream().map(ModelRef::id).distinct().count()).as("no page twice").isEqualTo(vm.models().size());

        vm.filterName("UNET-small");
        assertThat(vm.models()).extracting(ModelRef::name).containsExactlyInAnyOrder("train unet-small - checkpoint_ep05", "train unet-small - checkpoint_ep10");
        vm.filterPublished(true);
        assertThat(vm.models()).extracting(ModelRef::name).containsExactly("train unet-small - checkpoint_ep10");
        vm.filterName("");
        vm.filterTag("production");
        assertThat(vm.models()).extracting(ModelRef::name).containsExactly("resnet18-cifar10");
        vm.filterTag("");
        vm.filterPublished(null);
        vm.filterFramework("ONNX");
        assertThat(vm.models()).hasSize(ModelsViewModel.PAGE).allMatch(m -> "ONNX".equals(m.framework()));
        vm.filterFramework("nothing-like-this");
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.EMPTY);
        assertThat(vm.messageProperty().get()).isEqualTo("No model matches");
    }

    @Test
    void sortingAsksTheServerAndTheSelectionShowsItsTasks() {
        ModelsViewModel vm = new ModelsViewModel(Async.direct(), ws);
        vm.open();
        vm.filterFramework("PyTorch");
        vm.sort("name", true);
        List<String> names = vm.models().stream().map(ModelRef::name).toList();
        assertThat(names.get(0)).isEqualTo("train unet-small - checkpoint_ep10");
        assertThat(names).isSortedAccordingTo((a, b) -> b.compareTo(a));

        vm.filterName("checkpoint_ep10");
        ModelRef ep10 = vm.models().get(0);
        vm.select(ep10);
        ModelsViewModel.Detail d = vm.detailProperty().get();
        assertThat(d.producer().name()).isEqualTo("train unet-small");
        assertThat(ModelsView.describe(d)).contains("Metadata").contains("val_miou = 0.72").contains("Labels").contains("Design / config")
                .contains("Made by task\n  train unet-small");
        vm.dispose();
    }

    @Test
    void versionsOfAModelAreItsNamesakesInItsProjectOldestFirst() {
        ModelsViewModel vm = new ModelsViewModel(Async.direct(), ws);
        vm.open();
        vm.filterName("churn-prod");
        ModelRef newest = vm.models().stream().filter(m -> m.name().equals("churn-prod") && "c0".equals(m.comment())).findFirst().orElseThrow();
        List<List<ModelRef>> opened = new java.util.ArrayList<>();
        vm.versionsOf(newest, opened::add);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0)).extracting(ModelRef::comment).containsExactly("c1", "c2", "c0");
        assertThat(vm.messageProperty().get()).isEqualTo("3 versions of churn-prod");
        // the same lookup from the workspace (what the main window's action and the CLI use)
        assertThat(dev.vitrine.workspace.ModelVersions.of(ws, newest)).extracting(ModelRef::comment).containsExactly("c1", "c2", "c0");

        ModelRef alone = vm.models().stream().filter(m -> m.name().equals("churn-prod-v2")).findFirst().orElseThrow();
        opened.clear();
        vm.versionsOf(alone, opened::add);
        assertThat(opened).isEmpty();
        assertThat(vm.messageProperty().get()).isEqualTo("churn-prod-v2 has no other version in churn: a series needs two or more");
    }

    @Test
    void theSeriesTakesTheSelectedModelsInTheOrderTheyWerePicked() {
        ModelsViewModel vm = new ModelsViewModel(Async.direct(), ws);
        vm.open();
        ModelRef a = vm.models().get(0), b = vm.models().get(1), c = vm.models().get(2);
        vm.pick(List.of(c));
        vm.pick(List.of(a, c));
        vm.pick(List.of(a, b, c));
        assertThat(vm.picked()).containsExactly(c, a, b);
        vm.pick(List.of(b, c));
        vm.pick(List.of(a, b, c));
        assertThat(vm.picked()).containsExactly(c, b, a);
        vm.pick(List.of());
        assertThat(vm.picked()).isEmpty();
    }

    @Test
    void sizesAreAskedOnceForTheRowsShownAFewAtATimeAndUnknownWhenTheStorageCannotTell() {
        java.util.Queue<Runnable> background = new java.util.ArrayDeque<>();
        java.util.List<String> asked = new java.util.ArrayList<>();
        ModelsViewModel vm = new ModelsViewModel(new Async(background::add, Runnable::run), ws, loc -> {
            String uri = ((dev.vitrine.workspace.Location.Remote) loc).uri();
            asked.add(uri);
            if (uri.endsWith("/7.pt")) throw new dev.vitrine.storage.StorageException("refused");
            return uri.endsWith("/8.pt") ? -1 : 1000L * (1 + uri.length() % 5);
        });
        vm.open();
        while (!background.isEmpty()) background.poll().run();
        vm.filterFramework("ONNX");
        while (!background.isEmpty()) background.poll().run();
        List<ModelRef> shown = vm.models().subList(0, 10);
        for (ModelRef m : shown) assertThat(vm.size(m).get()).as("not known yet").isNull();
        assertThat(background).as("a few lookups at once").hasSize(ModelsViewModel.SIZE_LOOKUPS);
        while (!background.isEmpty()) background.poll().run();
        assertThat(asked).hasSize(10);
        for (ModelRef m : shown) {
            long want = m.uri().endsWith("/7.pt") || m.uri().endsWith("/8.pt") ? ModelsViewModel.UNKNOWN_SIZE : 1000L * (1 + m.uri().length() % 5);
            assertThat(vm.size(m).get()).as(m.uri()).isEqualTo(want);
        }
        assertThat(ModelsView.sizeText(vm.size(shown.get(0)).get())).endsWith("KB");
        assertThat(ModelsView.sizeText(ModelsViewModel.UNKNOWN_SIZE)).isEqualTo("—");
        assertThat(ModelsView.sizeText(null)).isEqualTo("…");
        // asked again (the row redrawn, the browser reloaded): from what is known, no second request
        for (ModelRef m : shown) vm.size(m);
        assertThat(background).isEmpty();
        assertThat(asked).hasSize(10);

        // scrolling fast: rows long passed are dropped from the queue, the latest shown are asked first
        List<ModelRef> passing = vm.models().subList(10, 10 + ModelsViewModel.SIZE_QUEUE + 40);
        for (ModelRef m : passing) vm.size(m);
        while (!background.isEmpty()) background.poll().run();
        assertThat(asked).hasSize(10 + ModelsViewModel.SIZE_LOOKUPS + ModelsViewModel.SIZE_QUEUE);
        assertThat(asked.get(10 + ModelsViewModel.SIZE_LOOKUPS)).isEqualTo(passing.get(passing.size() - 1).uri());
        assertThat(vm.size(passing.get(ModelsViewModel.SIZE_LOOKUPS)).get()).as("dropped, asked again when shown again").isNull();
        assertThat(background).hasSize(1);
        vm.dispose();
    }

    @Test
    void sortingBySizeOrdersWhatIsLoadedAndSaysSo() {
        ModelsViewModel vm = new ModelsViewModel(Async.direct(), ws, loc -> {
            String uri = ((dev.vitrine.workspace.Location.Remote) loc).uri();
            if (!uri.startsWith("s3://bucket/churn/")) return -1;
            char v = uri.charAt(uri.length() - 5); // s3://bucket/churn/cN.pkl
            return v >= '3' ? -1 : 100L * ((v - '0' + 2) % 3 + 1); // c0: 300, c1: 100, c2: 200, c3 and c4 unknown
        });
        vm.open();
        vm.filterFramework("ScikitLearn");
        vm.models().forEach(vm::size);
        vm.sort("size", true);
        List<Long> sizes = vm.models().stream().map(m -> vm.size(m).get()).toList();
        long known = sizes.stream().filter(x -> x >= 0).count();
        assertThat(sizes.subList(0, 3)).containsExactly(300L, 200L, 100L);
        assertThat(sizes.subList(3, sizes.size())).isNotEmpty().containsOnly(ModelsViewModel.UNKNOWN_SIZE);
        assertThat(vm.messageProperty().get()).startsWith("Sorted by size: " + known + " of the " + sizes.size() + " loaded models have a known size");
    }
}
