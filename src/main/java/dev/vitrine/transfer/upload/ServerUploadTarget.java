package dev.vitrine.transfer.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageException;
import dev.vitrine.storage.StorageUri;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.SdkNaming;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Function;

/**
 * Uploads to a ClearML server's task exactly as {@code task.upload_artifact()} would
 * (ARTIFACTS.md 1.3, 3): the bytes go to the task's output destination (else the files server)
 * under the SDK's key, their size is checked at the destination, and only then is the entry
 * registered, with {@code tasks.add_or_update_artifacts} on a writable task or, after the user
 * confirmed, {@code tasks.edit} with {@code force} and the complete artifact list (re-read just
 * before writing) on a finished one, whose status is never changed. A failed registration removes
 * the uploaded object, so nothing is left half-done; a cancelled upload registers nothing.
 */
public final class ServerUploadTarget implements UploadTarget {

    private static final Logger LOG = LoggerFactory.getLogger(ServerUploadTarget.class);
    private static final List<String> WRITABLE = List.of("created", "queued", "in_progress");

    private final Function<ServerWorkspace, StorageDrivers> drivers;

    /** @param drivers the storage drivers of a server (its files server token, its S3 credentials) */
    public ServerUploadTarget(Function<ServerWorkspace, StorageDrivers> drivers) {
        this.drivers = drivers;
    }

    @Override
    public boolean accepts(Workspace ws) {
        return ws instanceof ServerWorkspace;
    }

    @Override
    public Artifact upload(Workspace ws, Task task, PreparedUpload prepared, UploadOptions options, LongConsumer progress) {
        ServerWorkspace sw = (ServerWorkspace) ws;
        ClearmlClient client = sw.client();
        JsonNode fresh = reread(client, task.id());
        String status = fresh.path("status").asText("");
        boolean writable = WRITABLE.contains(status);
        if (!writable && !options.forceFinished()) {
            throw new StorageException("Task " + task.name() + " is " + status + ": the server accepts new artifacts only on created, "
                    + "queued or in-progress tasks; confirm to add it anyway (the status is kept)");
        }
        if (!options.replace() && hasOutput(fresh, prepared.key())) {
            throw new StorageException("Task " + task.name() + " already has an artifact named '" + prepared.key() + "'");
        }

        String projectId = projectIdOf(fresh);
        String projectName = projectName(sw, projectId);
        String dest = options.destination() != null ? options.destination() : fresh.path("output").path("destination").asText("");
        if (dest.isBlank()) dest = client.config().filesServer();
        if (dest == null || dest.isBlank()) throw new StorageException("Neither the task's output destination nor a files server is configured");
        String key = SdkNaming.artifactKey(projectName, projectId, fresh.path("name").asText(task.name()), task.id(), prepared.key(), prepared.storedName());
        String uri = SdkNaming.uri(dest, key);
        StorageUri target = StorageUri.parse(uri);
        StorageDrivers d = drivers.apply(sw);

        Thread caller = Thread.currentThread();
        Cancellation cancel = new Cancellation();
        try {
            d.upload(prepared.file(), target, (done, total) -> {
                if (caller.isInterrupted()) cancel.cancel();
                progress.accept(done);
            }, cancel);
        } catch (RuntimeException e) {
            removeQuietly(d, target);
            throw e;
        }
        if (caller.isInterrupted() || cancel.isCancelled()) {
            removeQuietly(d, target);
            throw new StorageException("Cancelled: nothing was registered");
        }
        long stored = d.driverFor(d.resolve(target)).stat(d.resolve(target)).size();
        if (stored != prepared.size()) {
            removeQuietly(d, target);
            throw new StorageException("The stored file has " + stored + " bytes, not " + prepared.size() + ": nothing was registered");
        }

        Artifact entry = prepared.entry(uri, Instant.ofEpochSecond(Instant.now().getEpochSecond()), ServerWorkspace.location(uri, sw.storageScope()));
        try {
            if (writable) {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.put("task", task.id());
                body.putArray("artifacts").add(dev.vitrine.workspace.ArtifactJson.of(entry));
                body.put("force", true);
                client.call("tasks.add_or_update_artifacts", body);
            } else {
                // the documented alternative: the complete list, re-read just before writing so no concurrent change is lost
                JsonNode latest = reread(client, task.id());
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (JsonNode a : latest.path("execution").path("artifacts")) {
                    boolean same = entry.key().equals(a.path("key").asText()) && "output".equals(a.path("mode").asText("output"));
                    if (!same) list.add(a);
                }
                list.add(dev.vitrine.workspace.ArtifactJson.of(entry));
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.put("task", task.id());
                body.put("force", true);
                body.putObject("execution").set("artifacts", list);
                client.call("tasks.edit", body);
            }
        } catch (RuntimeException e) {
            removeQuietly(d, target);
            throw new StorageException("Uploaded, but the server did not register it (" + e.getMessage()
                    + "): the upload was removed, retry when the server is back", e);
        }
        return entry;
    }

    private static JsonNode reread(ClearmlClient client, String taskId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("id").add(taskId);
        ArrayNode only = body.putArray("only_fields");
        for (String f : List.of("id", "name", "status", "project", "output.destination", "execution.artifacts")) only.add(f);
        JsonNode tasks = client.call("tasks.get_all_ex", body).path("tasks");
        if (!tasks.isArray() || tasks.isEmpty()) throw new StorageException("Task " + taskId + " no longer exists on the server");
        return tasks.get(0);
    }

    private static boolean hasOutput(JsonNode task, String key) {
        for (JsonNode a : task.path("execution").path("artifacts")) {
            if (key.equals(a.path("key").asText()) && "output".equals(a.path("mode").asText("output"))) return true;
        }
        return false;
    }

    private static String projectIdOf(JsonNode task) {
        JsonNode p = task.get("project");
        if (p == null || p.isNull()) return null;
        return p.isObject() ? p.path("id").asText(null) : p.asText(null);
    }

    private static String projectName(ServerWorkspace ws, String projectId) {
        if (projectId == null) return null;
        for (Project p : ws.projects()) if (p.id().equals(projectId)) return p.name();
        return null;
    }

    private static void removeQuietly(StorageDrivers d, StorageUri target) {
        try {
            StorageUri t = d.resolve(target);
            d.driverFor(t).delete(t);
        } catch (RuntimeException e) {
            LOG.info("could not remove {} after a failed upload: {}", target, e.toString());
        }
    }
}
