package dev.vitrine.app;

import dev.vitrine.ui.shell.MainViewModel;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/**
 * For the startup benchmark only ({@code -Dvitrine.startupProbe=true}): prints the time from JVM
 * start to the window shown and to the first tasks listed, then exits.
 */
final class StartupProbe {
    private StartupProbe() {}

    static void install(Stage stage, MainViewModel vm) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long shown = System.currentTimeMillis() - jvmStart;
        vm.browser().tasks().addListener((ListChangeListener<Object>) c -> {
            if (!vm.browser().tasks().isEmpty()) {
                long listed = System.currentTimeMillis() - jvmStart;
                System.out.println("startup-probe shown_ms=" + shown + " tasks_ms=" + listed);
                System.out.flush();
                Platform.exit();
            }
        });
    }
}
