package dev.vitrine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleFiles;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.StorageException;
import dev.vitrine.storage.StorageUri;
import dev.vitrine.workspace.SdkNaming;
import dev.vitrine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code vitrine samples TASK_ID [--metric M] [--variant V] [--iteration N] [--get DIR] [--json]}:
 * a task's debug samples (CLI.md), newest iteration first per metric/variant, only iterations whose
 * file still holds their own image. {@code --get} writes {@code DIR/<metric>/<variant>/<iteration>_<file>},
 * every segment a plain name (as the SDK stores titles: {@code train/inputs} becomes {@code train.slash.inputs}).
 */
@Command(name = "samples", description = "List a task's debug samples (media events); --get fetches their files.")
public final class SamplesCommand implements Callable<Integer> {

    @ParentCommand
    VitrineCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK_ID", description = "The task whose samples to list.")
    String taskId;
    @Option(names = "--metric", paramLabel = "M", description = "Only this metric (title).")
    String metric;
    @Option(names = "--variant", paramLabel = "V", description = "Only this variant (series).")
    String variant;
    @Option(names = "--iteration", paramLabel = "N", description = "The sample shown at iteration N: the newest at or before it, per metric/variant.")
    Long iteration;
    @Option(names = "--get", paramLabel = "DIR", description = "Fetch the files into DIR/<metric>/<variant>/<iteration>_<file name>.")
    Path get;
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    private final Function<Workspace, DebugSamples> samples;
    private final Supplier<SampleFiles> files;

    public SamplesCommand(Function<Workspace, DebugSamples> samples, Supplier<SampleFiles> files) {
        this.samples = samples;
        this.files = files;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Sample> chosen = new ArrayList<>();
        try (Workspace ws = root.opener().open(root.sources())) {
            DebugSamples source = samples.apply(ws);
            List<Sample> latest = source.latest(taskId).stream()
                    .filter(s -> metric == null || metric.equals(s.metric()))
                    .filter(s -> variant == null || variant.equals(s.variant()))
                    .toList();
            if (latest.isEmpty() && (metric != null || variant != null)) {
                throw new CliException("no debug samples" + (metric != null ? " of metric '" + metric + "'" : "")
                        + (variant != null ? " with variant '" + variant + "'" : "") + " on task " + taskId);
            }
            for (Sample l : latest) {
                SampleHistory h = source.history(taskId, l.metric(), l.variant());
                if (iteration == null) {
                    chosen.addAll(h.samples());
                    continue;
                }
                var at = h.atOrBefore(iteration);
                if (at.isPresent()) chosen.add(at.get());
                if (h.isRecycled(iteration) || (at.isEmpty() && h.hasRecycled() && iteration < h.minIteration())) {
                    err.println("vitrine: " + l.metric() + "/" + l.variant() + " @" + iteration + ": its file was overwritten by a later"
                            + " iteration (the task keeps only the last files per sample); the oldest still stored is " + h.minIteration());
                }
            }
        }
        int failures = 0;
        ArrayNode doc = Json.array();
        Table table = new Table("METRIC", "VARIANT", "ITER", "TYPE", "REPORTED", get != null ? "PATH" : "URL");
        SampleFiles sf = get != null ? files.get() : null;
        for (Sample s : chosen) {
            ObjectNode o = Json.object();
            o.put("task", s.task());
            o.put("metric", s.metric());
            o.put("variant", s.variant());
            o.put("iteration", s.iteration());
            o.put("url", s.url());
            o.put("timestamp", s.timestamp().toEpochMilli());
            o.put("type", s.kind().wire());
            String shown = s.url();
            if (sf != null) {
                try {
                    Path local = sf.fetch(s);
                    Path dir = get.resolve(segment(s.metric())).resolve(segment(s.variant()));
                    Path copy = ArtifactCache.copyInto(local, dir, segment(s.iteration() + "_" + s.fileName()), null);
                    o.put("path", copy.toString());
                    shown = copy.toString();
                } catch (StorageException e) {
                    failures++;
                    err.println("vitrine: " + s.metric() + "/" + s.variant() + " @" + s.iteration() + ": " + e.getMessage());
                    continue;
                }
            }
            doc.add(o);
            table.row(s.metric(), s.variant(), Long.toString(s.iteration()), s.kind().wire(), Json.instant(s.timestamp()), shown);
        }
        if (json) Json.print(out, doc);
        else table.print(out);
        out.flush();
        err.flush();
        return failures > 0 ? 1 : 0;
    }

    /**
     * One plain path segment for a title, series or file name from a server: the SDK's own R() form
     * ({@code /} as {@code .slash.}), control characters and leading/trailing dots escaped, so nothing
     * names a parent, a root or a drive.
     */
    static String segment(String name) {
        String plain = StorageUri.safeName(name);
        if (plain != null && plain.chars().noneMatch(Character::isISOControl) && !plain.startsWith(".")) return plain;
        String r = SdkNaming.r(name == null ? "" : name);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            boolean edgeDot = c == '.' && (i == 0 || i == r.length() - 1);
            if (Character.isISOControl(c) || c == '\\' || c == '/' || c == '\0' || edgeDot || (c == ' ' && i == r.length() - 1)) {
                b.append(String.format(Locale.ROOT, "0x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        String s = b.length() == 0 ? "_" : b.toString();
        return StorageUri.safeName(s) != null ? s : "_" + Integer.toHexString(s.hashCode());
    }
}
