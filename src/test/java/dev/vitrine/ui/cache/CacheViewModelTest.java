package dev.vitrine.ui.cache;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheViewModelTest {

    @TempDir Path tmp;
    ArtifactCache cache;
    List<Path> opened = new ArrayList<>();
    CacheViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        cache = new ArtifactCache(tmp, 100, 0, StorageDrivers.unconfigured());
        Files.createDirectories(cache.folder());
        for (int i = 0; i < 3; i++) {
            Path p = Files.write(cache.folder().resolve("e" + i + ".bin"), new byte[1024 * (i + 1)]);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        Files.createFile(cache.folder().resolve(".lock.000.e0.bin.clearml"));
        vm = new CacheViewModel(cache, Async.direct(), opened::add);
    }

    @AfterEach
    void tearDown() {
        cache.close();
    }

    @Test
    void listsEntriesNewestFirstWithSizesAndSources() {
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.EMPTY);
        vm.refresh();
        assertThat(vm.stateProperty().get()).isEqualTo(LoadState.READY);
        assertThat(vm.entries()).extracting(CacheEntryRowViewModel::name).containsExactly("e2.bin", "e1.bin", "e0.bin");
        assertThat(vm.entries().get(0).size()).isEqualTo("3.0 KB");
        assertThat(vm.entries().get(0).source()).isEqualTo("Downloaded by the ClearML SDK");
        assertThat(vm.entries().get(2).locked()).isTrue();
        assertThat(vm.summaryProperty().get()).isEqualTo("3 entries · 6.0 KB · limit 100 entries");
        assertThat(vm.locationProperty().get()).isEqualTo(cache.folder().toString());
        vm.open(vm.entries().get(0));
        assertThat(opened).containsExactly(cache.folder().resolve("e2.bin"));
    }

    @Test
    void evictClearAndLimits() {
        vm.refresh();
        vm.evict(vm.entries().get(0));
        assertThat(vm.messageProperty().get()).isEqualTo("Removed e2.bin");
        assertThat(vm.entries()).extracting(CacheEntryRowViewModel::name).containsExactly("e1.bin", "e0.bin");
        vm.evict(vm.entries().get(1)); // locked by the SDK
        assertThat(vm.messageProperty().get()).contains("In use by the ClearML SDK");
        assertThat(vm.entries()).hasSize(2);
        vm.clear();
        assertThat(vm.messageProperty().get()).isEqualTo("Removed 1 entries; 1 in use were kept");
        assertThat(vm.entries()).extracting(CacheEntryRowViewModel::name).containsExactly("e0.bin");
        vm.setLimits(5, 1L << 30);
        assertThat(vm.entryLimitProperty().get()).isEqualTo(5);
        assertThat(vm.byteLimitProperty().get()).isEqualTo(1L << 30);
        assertThat(vm.summaryProperty().get()).endsWith("limit 5 entries / 1.0 GB");
    }
}
