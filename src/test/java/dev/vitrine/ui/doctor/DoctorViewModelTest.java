package dev.vitrine.ui.doctor;

import dev.vitrine.config.ConfigLoader;
import dev.vitrine.doctor.SetupDoctor;
import dev.vitrine.ui.common.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Help › Check setup: the rows and the summary of a run. */
class DoctorViewModelTest {

    @TempDir
    Path home;

    @Test
    void aBrokenFileAndAMissingServerAreRows() throws Exception {
        DoctorViewModel vm = new DoctorViewModel(Async.direct(), () -> new SetupDoctor(new ConfigLoader(Map.of(), home)));
        vm.check(false);
        assertThat(vm.rows()).hasSize(1);
        assertThat(vm.rows().get(0).kind()).isEqualTo("server");
        assertThat(vm.rows().get(0).message()).contains("no ClearML server is configured");
        assertThat(vm.summaryProperty().get()).isEqualTo("1 of 1 checks failed (profile default).");

        Files.writeString(home.resolve("clearml.conf"), "api {\n  api_server = [\n");
        vm.check(false);
        assertThat(vm.rows().get(0).kind()).isEqualTo("config");
        assertThat(vm.rows().get(0).target()).endsWith("clearml.conf:3");
        assertThat(vm.runningProperty().get()).isFalse();
    }
}
