package dev.vitrine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.workspace.Artifact;
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
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vitrine inspect FILE} and {@code vitrine inspect TASK_ID KEY}: what the viewer knows about
 * a file's content, in CLI.md's shape for its kind. Works for any {@link PreviewContent}.
 */
@Command(name = "inspect", description = "What the viewer knows about a file's or an artifact's content.")
public final class InspectCommand implements Callable<Integer> {

    @ParentCommand
    VitrineCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..2", paramLabel = "FILE | TASK_ID KEY", description = "A local file, or a task id and an artifact key.")
    List<String> args;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "5", description = "Head rows/lines/items to show (default 5).")
    int rows;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        if (rows < 0) throw new CliException("--rows must not be negative", 2);
        Map<String, Object> facts;
        if (args.size() == 1) {
            Path file = Path.of(args.get(0));
            if (!Files.exists(file)) throw new CliException("No such file: " + file);
            facts = inspect(file, file.getFileName().toString(), null, null);
        } else {
            try (Workspace ws = root.opener().open(root.sources())) {
                String key = args.get(1);
                Artifact a = ws.artifacts(args.get(0), key).stream().findFirst()
                        .orElseThrow(() -> new CliException("Task " + args.get(0) + " has no artifact '" + key + "'"));
                Path local = root.localCopies().localCopy(a.location(), a.hash());
                String name = a.uri() == null ? local.getFileName().toString() : a.uri().substring(a.uri().lastIndexOf('/') + 1);
                facts = inspect(local, name, a.type(), a.contentType());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) Json.print(out, facts);
        else printHuman(out, facts);
        return 0;
    }

    private Map<String, Object> inspect(Path file, String name, String type, String contentType) {
        try (PreviewContent c = root.previewers().open(file, name, type, contentType)) {
            return c.inspect(rows);
        } catch (PreviewException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static void printHuman(PrintWriter out, Map<String, Object> facts) {
        for (Map.Entry<String, Object> e : facts.entrySet()) {
            Object v = e.getValue();
            if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
                out.println(e.getKey() + ":");
                Table t = new Table(first.keySet().stream().map(String::valueOf).toArray(String[]::new));
                for (Object o : list) {
                    Map<?, ?> m = (Map<?, ?>) o;
                    t.row(m.values().stream().map(InspectCommand::text).toArray(String[]::new));
                }
                t.print(out);
            } else if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof List<?>) {
                out.println(e.getKey() + ":");
                for (Object row : list) out.println("  " + Terminal.safe(text(row)));
            } else if (v instanceof String s && s.contains("\n")) {
                out.println(e.getKey() + ":");
                s.lines().forEach(l -> out.println("  " + Terminal.safe(l)));
            } else {
                out.println(Terminal.safe(e.getKey()) + ": " + Terminal.safe(text(v)));
            }
        }
        out.flush();
    }

    private static String text(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return s;
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        try {
            return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }
}
