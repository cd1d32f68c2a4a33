package dev.vitrine.testutil;

import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a look-up of the scene graph on the FX thread. TestFX's {@code lookup(...)} walks children lists
 * from the calling thread; inside a {@code waitFor} poll that walk races the FX thread rebuilding a
 * table's cells and now and then ends in an IndexOutOfBoundsException (a red CI run on an unrelated change).
 */
public final class FxQuery {

    private FxQuery() {
    }

    public static <T> T onFx(Callable<T> query) {
        if (Platform.isFxApplicationThread()) {
            try {
                return query.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return WaitForAsyncUtils.asyncFx(query).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("look-up on the FX thread failed", e);
        }
    }
}
