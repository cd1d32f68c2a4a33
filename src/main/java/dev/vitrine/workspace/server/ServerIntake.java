package dev.vitrine.workspace.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactIntake;
import dev.vitrine.workspace.ArtifactJson;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.Project;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A server's side of an upload (ARTIFACTS.md 1.3, 3): the task re-read just before, and the entry
 * registered with {@code tasks.add_or_update_artifacts} on a writable task or, on a finished one,
 * {@code tasks.edit} with {@code force} and the complete artifact list re-read just before writing.
 * Client errors pass through unchanged: the upload flow names them and removes what it stored.
 */
final class ServerIntake implements ArtifactIntake.Remote {

    private static final List<String> WRITABLE = List.of("created", "queued", "in_progress");

    private final ServerWorkspace ws;

    ServerIntake(ServerWorkspace ws) {
        this.ws = ws;
    }

    @Override
    public Site site(String taskId) {
        JsonNode fresh = reread(ws.client(), taskId);
        String status = fresh.path("status").asText("");
        String projectId = projectIdOf(fresh);
        String dest = fresh.path("output").path("destination").asText("");
        if (dest.isBlank()) dest = ws.client().config().filesServer();
        Set<String> outputs = new LinkedHashSet<>();
        for (JsonNode a : fresh.path("execution").path("artifacts")) {
            if ("output".equals(a.path("mode").asText("output"))) outputs.add(a.path("key").asText());
        }
        return new Site(taskId, fresh.path("name").asText(null), status, WRITABLE.contains(status), projectId,
                projectName(projectId), dest, outputs);
    }

    @Override
    public String storageScope() {
        return ws.storageScope();
    }

    @Override
    public Location locate(String uri) {
        return ServerWorkspace.location(uri, ws.storageScope());
    }

    @Override
    public void register(String taskId, Artifact entry, boolean writable) {
        ClearmlClient client = ws.client();
        if (writable) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("task", taskId);
            body.putArray("artifacts").add(ArtifactJson.of(entry));
            body.put("force", true);
            client.call("tasks.add_or_update_artifacts", body);
        } else {
            // the documented alternative: the complete list, re-read just before writing so no concurrent change is lost
            JsonNode latest = reread(client, taskId);
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (JsonNode a : latest.path("execution").path("artifacts")) {
                boolean same = entry.key().equals(a.path("key").asText()) && "output".equals(a.path("mode").asText("output"));
                if (!same) list.add(a);
            }
            list.add(ArtifactJson.of(entry));
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("task", taskId);
            body.put("force", true);
            body.putObject("execution").set("artifacts", list);
            client.call("tasks.edit", body);
        }
    }

    private static JsonNode reread(ClearmlClient client, String taskId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("id").add(taskId);
        ArrayNode only = body.putArray("only_fields");
        for (String f : List.of("id", "name", "status", "project", "output.destination", "execution.artifacts")) only.add(f);
        JsonNode tasks = client.call("tasks.get_all_ex", body).path("tasks");
        if (!tasks.isArray() || tasks.isEmpty()) throw new NotFoundException("Task " + taskId + " no longer exists on the server");
        return tasks.get(0);
    }

    private static String projectIdOf(JsonNode task) {
        JsonNode p = task.get("project");
        if (p == null || p.isNull()) return null;
        return p.isObject() ? p.path("id").asText(null) : p.asText(null);
    }

    private String projectName(String projectId) {
        if (projectId == null) return null;
        for (Project p : ws.projects()) if (p.id().equals(projectId)) return p.name();
        return null;
    }
}
