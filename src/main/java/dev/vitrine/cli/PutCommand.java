package dev.vitrine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.PreparedUpload;
import dev.vitrine.transfer.upload.UploadOptions;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vitrine put TASK_ID PATH...}: uploads files and folders and registers them as artifacts,
 * exactly as the SDK's {@code upload_artifact} would. Each path is stored before it is registered;
 * a failure stops at that path with what was registered so far printed.
 */
@Command(name = "put", description = "Upload files or folders and register them as the task's artifacts.")
public final class PutCommand implements Callable<Integer> {

    @ParentCommand
    VitrineCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK_ID")
    String taskId;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
    List<Path> paths = new ArrayList<>();
    @Option(names = "--name", paramLabel = "NAME", description = "Artifact name (one PATH only); defaults to the file or folder name.")
    String name;
    @Option(names = "--meta", paramLabel = "K=V", description = "Metadata for every PATH (repeatable).")
    List<String> meta = new ArrayList<>();
    @Option(names = "--replace", description = "Overwrite artifacts with the same name.")
    boolean replace;
    @Option(names = "--force-finished", description = "Add to a completed/stopped/failed/published task (keeps its status).")
    boolean forceFinished;
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    private final java.util.function.Supplier<ArtifactUploader> uploaders;

    public PutCommand(java.util.function.Supplier<ArtifactUploader> uploader) {
        this.uploaders = uploader;
    }

    @Override
    public Integer call() {
        if (name != null && paths.size() != 1) throw new CliException("--name needs exactly one PATH", 2);
        List<Map.Entry<String, String>> metadata = new ArrayList<>();
        for (String kv : meta) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new CliException("--meta expects KEY=VALUE, got '" + kv + "'", 2);
            metadata.add(Map.entry(kv.substring(0, eq), kv.substring(eq + 1)));
        }
        PrintWriter out = spec.commandLine().getOut();
        ArtifactUploader uploader = uploaders.get();
        try (Workspace ws = root.opener().open(root.sources())) {
            TaskDetails d = ws.task(taskId);
            if (ws.kind() == Workspace.Kind.SERVER && !d.task().isWritable() && !forceFinished) {
                throw new CliException("Task " + taskId + " is " + d.task().status() + ": the server accepts new artifacts only on created, queued "
                        + "or in-progress tasks. Use --force-finished to add them anyway (its status is kept).");
            }
            // check every name first: nothing is uploaded when one would clash
            List<String> keys = new ArrayList<>();
            for (Path p : paths) {
                String key = name != null ? name : p.getFileName() == null ? p.toString() : p.getFileName().toString();
                boolean exists = ws.artifacts(taskId, key).stream().anyMatch(a -> a.key().equals(key) && a.mode() == ArtifactMode.OUTPUT);
                if (exists && !replace) throw new CliException("Task " + taskId + " already has an artifact named '" + key + "': use --replace to overwrite it");
                if (keys.contains(key)) throw new CliException("Two paths would both be named '" + key + "'", 2);
                keys.add(key);
            }
            List<Artifact> registered = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                try (PreparedUpload p = uploader.prepare(paths.get(i), keys.get(i)).withMetadata(metadata)) {
                    registered.add(uploader.upload(ws, d.task(), p, new UploadOptions(replace, forceFinished), bytes -> {}));
                }
            }
            print(out, registered);
        }
        return 0;
    }

    private void print(PrintWriter out, List<Artifact> registered) {
        if (json) {
            ArrayNode arr = Json.array();
            for (Artifact a : registered) {
                ObjectNode o = arr.addObject();
                o.put("key", a.key());
                o.put("uri", a.uri());
                if (a.contentSize() == null) o.putNull("content_size"); else o.put("content_size", a.contentSize());
                o.put("hash", a.hash());
                o.put("type", a.type());
            }
            Json.print(out, arr);
        } else {
            for (Artifact a : registered) out.println(a.key() + "\t" + a.uri());
            out.flush();
        }
    }
}
