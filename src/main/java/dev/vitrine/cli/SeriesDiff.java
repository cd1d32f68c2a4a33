package dev.vitrine.cli;

import dev.vitrine.compare.CheckpointException;
import dev.vitrine.compare.series.CheckpointSeries;
import dev.vitrine.compare.series.SeriesCompare;
import dev.vitrine.compare.series.SnapshotSource;
import dev.vitrine.compare.series.TensorSeries;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.ModelVersions;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code vitrine diff --series A B C...}: the drift of every tensor across snapshots given in order
 * (files, {@code TASK_ID/KEY} artifacts, {@code model:ID} models). Models' names are looked up first
 * (labels); each file is fetched when the series reaches it.
 */
final class SeriesDiff {

    private SeriesDiff() {}

    static int run(DiffCommand cmd, List<String> operands, boolean json, PrintWriter out) {
        try {
            List<SnapshotSource> sources = new ArrayList<>();
            for (String op : operands) sources.add(source(cmd, op));
            return compute(sources, json, out);
        } finally {
            cmd.closeWorkspace();
        }
    }

    /**
     * {@code diff --versions-of model:ID}: the series over the model's versions ({@link ModelVersions}), each
     * labelled with its name and creation time, its source {@code model:ID} as if given in that order.
     */
    static int versions(DiffCommand cmd, String model, boolean json, PrintWriter out) {
        String id = model.startsWith("model:") ? model.substring(6) : model;
        if (id.isBlank()) throw new CliException("--versions-of needs a model: model:ID", 2);
        try {
            ModelRef m = cmd.workspace().model(id);
            List<ModelRef> versions = ModelVersions.of(cmd.workspace(), m);
            if (versions.size() < 2) {
                throw new CliException(m.name() + " (" + m.id() + ") has no other version in " + (m.projectName() == null ? "its project" : m.projectName())
                        + ": a series needs two or more");
            }
            List<String> labels = ModelVersions.labels(versions);
            List<SnapshotSource> sources = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                String op = "model:" + versions.get(i).id();
                sources.add(new SnapshotSource(labels.get(i), op, () -> cmd.resolve(op)));
            }
            return compute(sources, json, out);
        } finally {
            cmd.closeWorkspace();
        }
    }

    private static int compute(List<SnapshotSource> sources, boolean json, PrintWriter out) {
        CheckpointSeries s;
        try {
            s = SeriesCompare.compute(sources, SeriesCompare.Progress.NONE);
        } catch (CheckpointException e) {
            throw new CliException(e.getMessage());
        }
        if (json) Json.print(out, s.document());
        else print(out, s);
        return 0;
    }

    private static SnapshotSource source(DiffCommand cmd, String op) {
        if (op.startsWith("model:")) {
            ModelRef m = cmd.workspace().model(op.substring(6));
            return new SnapshotSource(m.name().isBlank() ? m.id() : m.name(), op, () -> cmd.resolve(op));
        }
        try {
            Path p = Path.of(op);
            if (Files.isRegularFile(p)) return new SnapshotSource(p.getFileName().toString(), op, () -> p);
        } catch (java.nio.file.InvalidPathException e) {
            // not a path: an artifact operand, or resolve() says what is wrong
        }
        return new SnapshotSource(op, op, () -> cmd.resolve(op));
    }

    /** A drift table: per tensor, its L2 in the first snapshot, then the change from the previous one at each step, then from the first. */
    static void print(PrintWriter out, CheckpointSeries s) {
        List<CheckpointSeries.Snapshot> snaps = s.snapshots();
        for (int i = 0; i < snaps.size(); i++) {
            out.println(String.format(Locale.ROOT, "[%d] %s  (%s, %s)", i, snaps.get(i).label(), snaps.get(i).format(), snaps.get(i).source()));
        }
        out.println();
        List<String> head = new ArrayList<>(List.of("TENSOR", "SHAPE", "DTYPE", "L2 [0]"));
        for (int i = 1; i < snaps.size(); i++) head.add("Δ[" + (i - 1) + "→" + i + "]");
        head.add("Δ[0→" + (snaps.size() - 1) + "]");
        head.add("L2 [" + (snaps.size() - 1) + "]");
        Table t = new Table(head.toArray(String[]::new));
        for (TensorSeries ts : s.tensors()) {
            List<String> row = new ArrayList<>();
            row.add(ts.name());
            row.add(shape(ts.shape()));
            row.add(ts.dtype());
            row.add(num(ts.l2(0)));
            for (int i = 1; i < snaps.size(); i++) row.add(ts.l2(i) == null ? "absent" : ts.relChangePrev(i) == null ? "-" : pct(ts.relChangePrev(i)));
            int last = snaps.size() - 1;
            row.add(ts.relChangeFirst(last) == null ? "-" : pct(ts.relChangeFirst(last)));
            row.add(num(ts.l2(last)));
            t.row(row.toArray(String[]::new));
        }
        t.print(out);
        out.println("Δ = relative change of the tensor, ||x_i - x_j|| / ||x_j||; \"-\" where it cannot be computed (missing, reshaped, zero norm).");
        out.flush();
    }

    private static String shape(long[] s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : ",").append(s[i]);
        return b.append(']').toString();
    }

    private static String num(Double d) {
        return d == null ? "absent" : String.format(Locale.ROOT, "%.6g", d);
    }

    private static String pct(double d) {
        if (Double.isNaN(d)) return "nan";
        if (d == 0) return "0";
        return String.format(Locale.ROOT, "%.3g%%", d * 100);
    }
}
