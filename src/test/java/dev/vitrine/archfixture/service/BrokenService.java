package dev.vitrine.archfixture.service;

import dev.vitrine.archfixture.service.cycle.BackReference;

/**
 * Deliberately breaks the service rules, for {@code ArchitectureRulesCatchViolationsTest}: a
 * service that knows JavaFX and the UI, hands work to the FX thread itself, keeps static mutable
 * state, uses the ClearML wire types and sits in a package cycle. Never run.
 */
public final class BrokenService {

    static int counter;

    private BackReference back;

    javafx.scene.Node node() {
        return new javafx.scene.control.Label(dev.vitrine.ui.common.Format.bytes(counter));
    }

    Class<?> wire() {
        return dev.vitrine.clearml.internal.Dtos.class;
    }

    void later(Runnable r) {
        javafx.application.Platform.runLater(r);
    }

    java.util.function.Consumer<Runnable> laterByReference() {
        return javafx.application.Platform::runLater;
    }
}
