package dev.vitrine.testutil;

import dev.vitrine.workspace.ModelQuery;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory workspace of N generated tasks that counts page requests, for paging tests. */
public final class ListWorkspace implements Workspace {
    private final List<Task> tasks = new ArrayList<>();
    public final AtomicInteger pageRequests = new AtomicInteger();

    public ListWorkspace(int n) {
        for (int i = 0; i < n; i++) {
            tasks.add(new Task(String.format("t%06d", i), "task " + i, "p1", "Big", i % 3 == 0 ? "completed" : "in_progress",
                    "training", "alice", List.of(), List.of(), Instant.ofEpochSecond(1_700_000_000L + i), null,
                    Instant.ofEpochSecond(1_700_000_000L + i), null, null));
        }
    }

    @Override
    public String displayName() {
        return "list";
    }

    @Override
    public Kind kind() {
        return Kind.SERVER;
    }

    @Override
    public List<Project> projects() {
        return List.of(new Project("p1", "Big", null, (long) tasks.size()));
    }

    @Override
    public Page<Task> tasks(TaskQuery q) {
        pageRequests.incrementAndGet();
        List<Task> all = new ArrayList<>(tasks);
        if (q.search() != null && !q.search().isBlank()) all.removeIf(t -> !t.name().contains(q.search()));
        if (!q.statuses().isEmpty()) all.removeIf(t -> !q.statuses().contains(t.status()));
        Comparator<Task> c = q.orderBy().endsWith("name") ? Comparator.comparing(Task::name) : Comparator.comparing(Task::lastUpdate);
        all.sort(q.orderBy().startsWith("-") ? c.reversed() : c);
        return Page.of(all, q.page(), q.pageSize());
    }

    @Override
    public TaskDetails task(String taskId) {
        Task t = tasks.stream().filter(x -> x.id().equals(taskId)).findFirst().orElseThrow(() -> new NotFoundException("no " + taskId));
        return new TaskDetails(t, List.of(), List.of(), List.of());
    }

    @Override
    public Page<ModelRef> models(ModelQuery query) {
        return new Page<>(List.of(), 0, query.pageSize(), false);
    }

    @Override
    public ModelRef model(String modelId) {
        throw new NotFoundException("no model " + modelId);
    }
}
