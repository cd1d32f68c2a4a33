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
}
