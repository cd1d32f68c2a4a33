package dev.vitrine.cli;

import dev.vitrine.compare.Diffs;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.storage.StorageException;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vitrine diff A B}: compares two files, artifacts ({@code TASK_ID/KEY}) or models
 * ({@code model:ID}): checkpoints tensor by tensor, arrays, images pixel by pixel, tables by schema and
 * column statistics, text line by line, other files by hash.
 * The workspace is opened only when an operand needs it.
 */
@Command(name = "diff", description = "Compare two files, artifacts (TASK_ID/KEY) or models (model:ID).")
public final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    VitrineCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "A B", description = "Two operands; with --series, two or more in order.")
    List<String> operands = new java.util.ArrayList<>();
    @Option(names = "--json", description = "Print one JSON document.") boolean json;
    @Option(names = "--series", description = "How each tensor drifts across several checkpoints (A B C...), in order.") boolean series;
    @Option(names = "--versions-of", paramLabel = "model:ID", description = "A series over the versions of this model "
            + "(the models with its name in its project), oldest first; implies --series, takes no operands.") String versionsOf;

    private Workspace workspace;
    private final java.util.function.Supplier<LocalCopies> copies;

    public DiffCommand(java.util.function.Supplier<LocalCopies> copies) {
        this.copies = copies;
    }

    @Override
    public Integer call() {
        if (versionsOf != null) {
            if (!operands.isEmpty()) throw new CliException("--versions-of takes no operands: it compares the model's versions", 2);
            return SeriesDiff.versions(this, versionsOf, json, spec.commandLine().getOut());
        }
        if (series) {
            if (operands.size() < 2) throw new CliException("diff --series compares two or more operands (A B C...), in order", 2);
            return SeriesDiff.run(this, operands, json, spec.commandLine().getOut());
        }
        if (operands.size() < 2) throw new CliException("diff compares two operands (A B)", 2);
        if (operands.size() != 2) {
            throw new CliException("diff compares two operands (A B); use --series to compare " + operands.size() + " in order", 2);
        }
        try {
            Path pa = resolve(operands.get(0));
            Path pb = resolve(operands.get(1));
            Map<String, Object> doc;
            try {
                doc = Diffs.document(pa, pb);
            } catch (PreviewException e) {
                throw new CliException(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) Json.print(out, doc);
            else printHuman(out, doc);
            return 0;
        } finally {
            if (workspace != null) workspace.close();
        }
    }

    private LocalCopies copies() {
        return copies.get();
    }

    /** Closes the workspace a series opened (the two-operand path closes its own in {@link #call()}). */
    void closeWorkspace() {
        if (workspace != null) workspace.close();
        workspace = null;
    }

    Workspace workspace() {
        if (workspace == null) workspace = root.opener().open(root.sources());
        return workspace;
    }

    Path resolve(String operand) {
        try {
            if (operand.startsWith("model:")) {
                ModelRef m = workspace().model(operand.substring(6));
                return copies().localCopy(m.location(), null);
            }
            Path p = Path.of(operand);
            if (Files.isRegularFile(p)) return p;
            int slash = operand.indexOf('/');
            if (slash > 0 && slash < operand.length() - 1 && !Files.exists(p)) {
                String taskId = operand.substring(0, slash);
                String key = operand.substring(slash + 1);
                Artifact art = workspace().artifacts(taskId, key).stream().findFirst()
                        .orElseThrow(() -> new CliException("Task " + taskId + " has no artifact '" + key + "'"));
                return copies().localCopy(art.location(), art.hash());
            }
            throw new CliException("No such file: " + operand);
        } catch (StorageException e) {
            throw new CliException(e.getMessage());
        } catch (java.nio.file.InvalidPathException e) {
            throw new CliException("Not a file, TASK_ID/KEY or model:ID: " + operand);
        }
    }

    @SuppressWarnings("unchecked")
    private static void printHuman(PrintWriter out, Map<String, Object> doc) {
        String kind = (String) doc.get("kind");
        switch (kind) {
            case "checkpoint-diff": {
                Table t = new Table("TENSOR", "STATUS", "SHAPE A", "SHAPE B", "DTYPE", "L2 A", "L2 B", "L2 DIFF", "REL", "COSINE");
                for (Object o : (List<Object>) doc.get("tensors")) {
                    Map<String, Object> r = (Map<String, Object>) o;
                    String dtype = r.get("dtype_a") == null ? (String) r.get("dtype_b")
                            : r.get("dtype_b") == null || r.get("dtype_a").equals(r.get("dtype_b")) ? (String) r.get("dtype_a")
                            : r.get("dtype_a") + "->" + r.get("dtype_b");
                    t.row((String) r.get("name"), (String) r.get("status"), shape(r.get("shape_a")), shape(r.get("shape_b")), dtype,
                            num(r.get("l2_a")), num(r.get("l2_b")), num(r.get("l2_diff")), num(r.get("rel_change")), num(r.get("cosine")));
                }
                t.print(out);
                Map<String, Object> total = (Map<String, Object>) doc.get("total");
                out.println("total: " + total.get("changed") + " of " + total.get("tensors") + " tensors differ; l2 diff " + num(total.get("l2_diff"))
                        + ", relative " + num(total.get("rel_change")));
                break;
            }
            case "image-diff": {
                out.println(String.format(Locale.ROOT, "A: %s %sx%s   B: %s %sx%s", doc.get("format_a"), doc.get("width_a"), doc.get("height_a"),
                        doc.get("format_b"), doc.get("width_b"), doc.get("height_b")));
                if (doc.get("note") != null) out.println(doc.get("note"));
                if (Boolean.TRUE.equals(doc.get("identical"))) {
                    out.println("identical pixels");
                    break;
                }
                out.println(String.format(Locale.ROOT, "%,d of %,d pixels differ (%.4f%%); PSNR %s dB", doc.get("differing_pixels"), doc.get("pixel_count"),
                        100 * (Double) doc.get("fraction_differing"), num(doc.get("psnr"))));
                Table t = new Table("CHANNEL", "MEAN |A-B|", "MAX |A-B|");
                for (Object o : (List<Object>) doc.get("channels")) {
                    Map<String, Object> r = (Map<String, Object>) o;
                    t.row((String) r.get("channel"), num(r.get("mean_abs_diff")), num(r.get("max_abs_diff")));
                }
                t.print(out);
                break;
            }
            case "table-diff": {
                out.println("rows: " + doc.get("rows_a") + " -> " + doc.get("rows_b"));
                Table t = new Table("COLUMN", "STATUS", "TYPE A", "TYPE B", "NULLS A", "NULLS B", "DISTINCT A", "DISTINCT B", "MIN A", "MIN B",
                        "MAX A", "MAX B", "MEAN A", "MEAN B");
                for (Object o : (List<Object>) doc.get("columns")) {
                    Map<String, Object> r = (Map<String, Object>) o;
                    Map<String, Object> sa = (Map<String, Object>) r.get("stats_a"), sb = (Map<String, Object>) r.get("stats_b");
                    t.row((String) r.get("name"), (String) r.get("status"), str(r.get("type_a")), str(r.get("type_b")),
                            stat(sa, "nulls"), stat(sb, "nulls"), stat(sa, "distinct"), stat(sb, "distinct"), stat(sa, "min"), stat(sb, "min"),
                            stat(sa, "max"), stat(sb, "max"), stat(sa, "mean"), stat(sb, "mean"));
                }
                t.print(out);
                break;
            }
            case "text-diff":
                out.println(Boolean.TRUE.equals(doc.get("identical")) ? "identical" : doc.get("unified"));
                break;
            default:
                doc.forEach((k, v) -> out.println(k + ": " + v));
        }
        out.flush();
    }

    private static String str(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String stat(Map<String, Object> stats, String key) {
        return stats == null ? "-" : num(stats.get(key));
    }

    private static String shape(Object o) {
        return o == null ? "-" : o.toString().replace(" ", "");
    }

    private static String num(Object o) {
        if (o == null) return "-";
        if (o instanceof Double) return String.format(Locale.ROOT, "%.6g", (Double) o);
        return o.toString();
    }
}
