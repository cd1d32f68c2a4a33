package dev.vitrine.workspace.server;

import dev.vitrine.clearml.ArtifactInfo;
import dev.vitrine.clearml.TaskInfo;
import dev.vitrine.clearml.TasksApi;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactIntake;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.Project;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        TaskInfo fresh = reread(ws.tasksApi(), taskId);
        String status = fresh.status() == null ? "" : fresh.status();
        String projectId = fresh.projectId();
        String dest = fresh.outputDestination() == null ? "" : fresh.outputDestination();
        if (dest.isBlank()) dest = ws.client().config().filesServer();
        Set<String> outputs = new LinkedHashSet<>();
        for (ArtifactInfo a : fresh.artifacts()) {
            if (isOutput(a)) outputs.add(a.key());
        }
        return new Site(taskId, fresh.name(), status, WRITABLE.contains(status), projectId, projectName(projectId), dest, outputs);
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
        TasksApi tasks = ws.tasksApi();
        if (writable) {
            tasks.addOrUpdateArtifacts(taskId, List.of(wire(entry)), true);
        } else {
            // the documented alternative: the complete list, re-read just before writing so no concurrent change is lost
            List<ArtifactInfo> list = new ArrayList<>();
            for (ArtifactInfo a : reread(tasks, taskId).artifacts()) {
                if (!(entry.key().equals(a.key()) && isOutput(a))) list.add(a);
            }
            list.add(wire(entry));
            tasks.replaceArtifacts(taskId, list);
        }
    }

    private static TaskInfo reread(TasksApi tasks, String taskId) {
        List<TaskInfo> found = tasks.getAllEx(new TasksApi.Query().ids(List.of(taskId))
                .onlyFields(List.of("id", "name", "status", "project", "output.destination", "execution.artifacts")));
        if (found.isEmpty()) throw new NotFoundException("Task " + taskId + " no longer exists on the server");
        return found.get(0);
    }

    /** An entry's mode defaults to output (ARTIFACTS.md 1.1). */
    private static boolean isOutput(ArtifactInfo a) {
        return a.mode() == null || "output".equals(a.mode());
    }

    /** The entry as the SDK registers it (ARTIFACTS.md 1.1, 1.3): type_data always there, display_data only when set. */
    static ArtifactInfo wire(Artifact a) {
        List<List<Object>> dd = null;
        if (!a.displayData().isEmpty()) {
            dd = new ArrayList<>();
            for (Map.Entry<String, String> e : a.displayData()) dd.add(List.of(e.getKey(), e.getValue()));
        }
        return new ArtifactInfo(a.key(), a.type(), a.mode().wire(), a.uri(), a.hash(), a.contentSize(),
                a.timestamp() == null ? null : a.timestamp().getEpochSecond(),
                new ArtifactInfo.TypeData(a.preview(), a.contentType(), a.dataHash()), dd);
    }

    private String projectName(String projectId) {
        if (projectId == null) return null;
        for (Project p : ws.projects()) if (p.id().equals(projectId)) return p.name();
        return null;
    }
}
