package dev.vitrine.clearml;

import dev.vitrine.clearml.internal.Dtos;
import dev.vitrine.clearml.internal.Ref;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed calls of the projects service (API.md 5.1): bodies are built here, replies read into
 * {@link ProjectInfo}. Blocks; thread-safe as the client is; errors as the client throws them.
 */
public final class ProjectsApi {

    private final ClearmlClient client;

    public ProjectsApi(ClearmlClient client) {
        this.client = client;
    }

    /** What {@code projects.get_all(_ex)} filters on, beyond the shared filters. */
    public static final class Query extends ListQuery<Query> {
        /** {@code get_all_ex} only: active task counts per project ({@link ProjectInfo#totalTasks()}). */
        public Query includeStats(boolean include) {
            return put("include_stats", include);
        }

        /** {@code get_all_ex} (API 2.17): the stats count only the tasks matching these list filters (field -> values). */
        public Query includeStatsFilter(Map<String, List<String>> filter) {
            Map<String, Object> f = new LinkedHashMap<>();
            filter.forEach((k, v) -> f.put(k, List.copyOf(v)));
            return put("include_stats_filter", f);
        }

        /** {@code get_all_ex}: stats include the sub-projects' tasks. */
        public Query statsWithChildren(boolean with) {
            return put("stats_with_children", with);
        }
    }

    /** {@code projects.get_all_ex}: one page. */
    public List<ProjectInfo> getAllEx(Query q) {
        return projects(client.call("projects.get_all_ex", q.body, Dtos.ProjectsReply.class));
    }

    /** {@code projects.get_all}, as the SDK looks a project up by name. */
    public List<ProjectInfo> getAll(Query q) {
        return projects(client.call("projects.get_all", q.body, Dtos.ProjectsReply.class));
    }

    /** {@code projects.create}; the new project's id, or null when the answer has none. */
    public String create(String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", description);
        return client.call("projects.create", body, Dtos.IdReply.class).id();
    }

    /** {@code projects.delete}; without force the server refuses a project that holds tasks or models. */
    public void delete(String projectId, boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", projectId);
        body.put("force", force);
        client.call("projects.delete", body);
    }

    private static List<ProjectInfo> projects(Dtos.ProjectsReply r) {
        List<ProjectInfo> out = new ArrayList<>();
        for (Dtos.ProjectDto p : Wire.list(r.projects())) {
            Long count = p.stats() != null && p.stats().active() != null ? p.stats().active().totalTasks() : null;
            boolean hidden = Boolean.TRUE.equals(p.hidden()) || (p.systemTags() != null && p.systemTags().contains("hidden"));
            out.add(new ProjectInfo(p.id(), p.name(), Ref.id(p.parent()), count, hidden));
        }
        return out;
    }
}
