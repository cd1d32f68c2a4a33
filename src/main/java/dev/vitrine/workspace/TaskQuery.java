package dev.vitrine.workspace;

import java.util.List;

/**
 * What to list: every filter is optional (null or empty means no filter).
 *
 * @param projectId  tasks of this project (and its sub-projects when {@code includeSubprojects})
 * @param search     free text matched against name, id and comment
 * @param orderBy    a field name, {@code -} first for descending (ClearML's {@code order_by})
 */
public record TaskQuery(
        String projectId,
        boolean includeSubprojects,
        List<String> statuses,
        List<String> types,
        List<String> tags,
        List<String> users,
        String search,
        String orderBy,
        int page,
        int pageSize) {

    public TaskQuery {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        types = types == null ? List.of() : List.copyOf(types);
        tags = tags == null ? List.of() : List.copyOf(tags);
        users = users == null ? List.of() : List.copyOf(users);
        orderBy = orderBy == null || orderBy.isBlank() ? "-last_update" : orderBy;
        pageSize = pageSize <= 0 ? 100 : Math.min(pageSize, 500);
    }

    public static TaskQuery all() {
        return new TaskQuery(null, true, null, null, null, null, null, null, 0, 100);
    }

    public static TaskQuery ofProject(String projectId) {
        return new TaskQuery(projectId, true, null, null, null, null, null, null, 0, 100);
    }

    public TaskQuery withPage(int newPage) {
        return new TaskQuery(projectId, includeSubprojects, statuses, types, tags, users, search, orderBy, newPage, pageSize);
    }

    public TaskQuery withPageSize(int newSize) {
        return new TaskQuery(projectId, includeSubprojects, statuses, types, tags, users, search, orderBy, page, newSize);
    }

    public TaskQuery withSearch(String text) {
        return new TaskQuery(projectId, includeSubprojects, statuses, types, tags, users, text, orderBy, page, pageSize);
    }

    public TaskQuery withOrderBy(String order) {
        return new TaskQuery(projectId, includeSubprojects, statuses, types, tags, users, search, order, page, pageSize);
    }

    public TaskQuery withFilters(List<String> newStatuses, List<String> newTypes, List<String> newTags, List<String> newUsers) {
        return new TaskQuery(projectId, includeSubprojects, newStatuses, newTypes, newTags, newUsers, search, orderBy, page, pageSize);
    }
}
