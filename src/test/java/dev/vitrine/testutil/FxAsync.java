package dev.vitrine.testutil;

import dev.vitrine.ui.common.Async;
import javafx.application.Platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The app's threading for TestFX flows: daemon background threads, results on the FX thread. */
public final class FxAsync {
    private FxAsync() {}

    public static Async create() {
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "test-background");
            t.setDaemon(true);
            return t;
        });
        return new Async(pool, Platform::runLater);
    }
}
