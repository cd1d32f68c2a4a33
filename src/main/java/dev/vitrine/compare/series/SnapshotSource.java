package dev.vitrine.compare.series;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One snapshot of a series as the user named it: a label for tables and charts, the operand it came
 * from ({@code model:ID}, {@code TASK_ID/KEY} or a path), and how to get its local file. The file is
 * asked for only when the series reaches it, so a remote snapshot is fetched no earlier than needed.
 */
public record SnapshotSource(String label, String source, Resolver resolver) {

    /** Produces the snapshot's local file; may block (a download) and fail with a message for the user. */
    @FunctionalInterface
    public interface Resolver {
        Path resolve() throws Exception;
    }

    public SnapshotSource {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(resolver, "resolver");
    }

    /** A local file, labelled by its name. */
    public static SnapshotSource file(Path p) {
        return new SnapshotSource(p.getFileName().toString(), p.toString(), () -> p);
    }
}
