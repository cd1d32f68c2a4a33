package dev.vitrine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.storage.StorageException;
import dev.vitrine.storage.StorageUri;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.TaskDetails;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vitrine get TASK_ID [KEY...] [--to DIR] [--extract]} and {@code get --model ID}: fetch
 * artifacts or a model's weights through the shared cache (CLI.md). Prints one local path per line,
 * or the {@code get} JSON list. Exit 1 when any fetch failed (the JSON still lists what succeeded).
 */
@Command(name = "get", description = "Fetch artifacts (all when no KEY) or a model's weights through the cache.")
public final class GetCommand implements Callable<Integer> {

    @ParentCommand
    VitrineCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TASK_ID", description = "The task whose artifacts to fetch.")
    String taskId;
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY", description = "Artifact keys (default: every artifact).")
    List<String> keys = new ArrayList<>();
    @Option(names = "--model", paramLabel = "MODEL_ID", description = "Fetch a model's weights file instead.")
    String modelId;
    @Option(names = "--to", paramLabel = "DIR", description = "Copy to DIR/<key>/<file name> instead of leaving files in the cache.")
    Path to;
    @Option(names = "--extract", description = "Unpack .zip/.tgz archives beside them, as the SDK's get_local_copy() does.")
    boolean extract;
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    /** For a failed fetch: which storage entry served the uri and why it failed ({@code doctor}'s diagnosis). */
    private final java.util.function.BiFunction<String, Throwable, java.util.Optional<String>> diagnosis;

    public GetCommand() {
        this((uri, e) -> java.util.Optional.empty());
    }

    public GetCommand(java.util.function.BiFunction<String, Throwable, java.util.Optional<String>> diagnosis) {
        this.diagnosis = diagnosis;
    }

    /** One thing to fetch: an artifact or a model. */
    private record Item(String key, String mode, String uri, String hash, Long size, Location location) {}

    @Override
    public Integer call() {
        if ((taskId == null) == (modelId == null)) throw new CliException("give a TASK_ID or --model MODEL_ID", 2);
        if (modelId != null && !keys.isEmpty()) throw new CliException("KEY arguments do not go with --model", 2);
        ArtifactCache cache = root.cache();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Item> items = new ArrayList<>();
        boolean explicit = modelId != null || !keys.isEmpty();
        int failures = 0;
        try (Workspace ws = root.opener().open(root.sources())) {
            if (modelId != null) {
                ModelRef m = ws.model(modelId);
                items.add(new Item(m.id(), null, m.uri(), null, null, m.location()));
            } else {
                if (keys.isEmpty()) {
                    TaskDetails d = ws.task(taskId);
                    if (d.allArtifacts()) {
                        for (Artifact a : d.artifacts()) items.add(item(a));
                    } else {
                        for (int page = 0; ; page++) {
                            Page<Artifact> p = ws.artifacts(taskId, page, 1000);
                            for (Artifact a : p.items()) items.add(item(a));
                            if (!p.hasMore() || p.items().isEmpty()) break;
                        }
                    }
                } else {
                    for (String k : new LinkedHashSet<>(keys)) {
                        List<Artifact> found = ws.artifacts(taskId, k);
                        if (found.isEmpty()) {
                            err.println("vitrine: " + Terminal.safe(k) + ": no such artifact on task " + Terminal.safe(taskId));
                            failures++;
                        }
                        for (Artifact a : found) items.add(item(a));
                    }
                }
            }
        }
        ArrayNode doc = Json.array();
        for (Item it : items) {
            ObjectNode o = Json.object();
            o.put("key", it.key());
            o.put("mode", it.mode());
            o.put("uri", it.uri());
            String skip = skipReason(it, explicit);
            if (skip != null) {
                o.put("skipped", skip);
                doc.add(o);
                continue;
            }
            try {
                ArtifactCache.Result r = cache.fetch(it.location(), blankToNull(it.hash()), it.size(), null, Cancellation.none());
                Path path = r.path();
                if (to != null) {
                    String dirName = StorageUri.safeName(it.key());
                    // a key with "/", ":" and the like: the folder name the SDK itself stores it under (R())
                    if (dirName == null) dirName = StorageUri.safeName(dev.vitrine.workspace.SdkNaming.r(it.key()));
                    String fileName = fileName(it, r.path());
                    if (dirName == null) throw new StorageException("the key '" + it.key() + "' cannot be a folder name");
                    if (fileName == null) throw new StorageException("no file name in the uri " + it.uri());
                    path = ArtifactCache.copyInto(r.path(), to.resolve(dirName), fileName, null);
                }
                Path extracted = null;
                if (extract && isArchive(path)) extracted = cache.extract(path, it.key(), null);
                o.put("path", path.toString());
                if (extracted != null) o.put("extracted", extracted.toString());
                o.put("size", r.size());
                o.put("sha256", it.hash() != null && !it.hash().isBlank() ? it.hash().toLowerCase(Locale.ROOT) : ArtifactCache.sha256(r.path()));
                o.put("from_cache", r.fromCache());
                doc.add(o);
                if (!json) out.println(extracted != null ? extracted : path);
            } catch (StorageException e) {
                failures++;
                String why = it.uri() == null ? "" : diagnosis.apply(it.uri(), e).map(d -> " (" + d + ")").orElse("");
                err.println("vitrine: " + Terminal.safe(it.key() + ": " + e.getMessage() + why));
            }
        }
        if (json) Json.print(out, doc);
        out.flush();
        err.flush();
        return failures > 0 ? 1 : 0;
    }

    private static Item item(Artifact a) {
        return new Item(a.key(), a.mode().wire(), a.uri(), a.hash(), a.contentSize(), a.location());
    }

    /** Why an item is not fetched (CLI.md: links and uris outside an offline session), or null. */
    private static String skipReason(Item it, boolean explicit) {
        Location loc = it.location();
        if (loc instanceof Location.OutsideSession) return "the uri is outside the offline session";
        if (it.uri() == null || it.uri().isBlank()) return "no file (the artifact has no uri)";
        if (loc instanceof Location.Remote r) {
            StorageUri u;
            try {
                u = StorageUri.parse(r.uri());
            } catch (StorageException e) {
                return null;
            }
            if (u.isHttp() && (it.hash() == null || it.hash().isBlank()) && it.size() == null && it.mode() != null) {
                return "a link to a web page";
            }
        }
        return null;
    }

    private static String fileName(Item it, Path local) {
        if (it.uri() != null && !it.uri().isBlank()) {
            try {
                String n = StorageUri.parse(it.uri()).fileName();
                if (n != null) return n;
            } catch (StorageException ignored) {
                // fall back to the local name
            }
        }
        return StorageUri.safeName(local.getFileName().toString());
    }

    private static boolean isArchive(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".zip") || n.endsWith(".tgz") || n.endsWith(".tar.gz");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
