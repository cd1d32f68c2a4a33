package dev.vitrine.ui.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failure into the one line a user sees; the stack trace goes to the log only. */
public final class Messages {
    private static final Logger LOG = LoggerFactory.getLogger(Messages.class);

    private Messages() {}

    public static String of(Throwable error) {
        Throwable t = Async.unwrap(error);
        LOG.warn("shown to the user: {}", t.toString(), t);
        String m = t.getMessage();
        if (t instanceof OutOfMemoryError) return "Not enough memory to show this";
        if (m == null || m.isBlank()) return "Failed: " + t.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }
}
