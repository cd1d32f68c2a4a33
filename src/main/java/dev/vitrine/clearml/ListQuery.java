package dev.vitrine.clearml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters, projection and paging every {@code *.get_all} / {@code *.get_all_ex} takes (API.md 4),
 * sent in the order they are set. Not thread-safe: build one per call.
 */
public abstract class ListQuery<Q extends ListQuery<Q>> {

    final Map<String, Object> body = new LinkedHashMap<>();

    ListQuery() {}

    @SuppressWarnings("unchecked")
    final Q put(String field, Object value) {
        body.put(field, value);
        return (Q) this;
    }

    public Q ids(List<String> ids) {
        return put("id", List.copyOf(ids));
    }

    /** A case-sensitive regex on the name (the SDK's exact match is {@code ^re.escape(name)$}). */
    public Q name(String pattern) {
        return put("name", pattern);
    }

    public Q projects(List<String> projectIds) {
        return put("project", List.copyOf(projectIds));
    }

    public Q tags(List<String> tags) {
        return put("tags", List.copyOf(tags));
    }

    /** A {@code -} prefix excludes ({@code -archived}). */
    public Q systemTags(List<String> systemTags) {
        return put("system_tags", List.copyOf(systemTags));
    }

    /** {@code _any_}: a case-insensitive regex matched against any of {@code fields}. */
    public Q search(String pattern, List<String> fields) {
        Map<String, Object> any = new LinkedHashMap<>();
        any.put("pattern", pattern);
        any.put("fields", List.copyOf(fields));
        return put("_any_", any);
    }

    /** Includes hidden tasks and projects (dataset and pipeline projects are hidden). */
    public Q searchHidden(boolean searchHidden) {
        return put("search_hidden", searchHidden);
    }

    public Q onlyFields(List<String> fields) {
        return put("only_fields", List.copyOf(fields));
    }

    /** Field names, {@code -} prefix for descending. */
    public Q orderBy(List<String> fields) {
        return put("order_by", List.copyOf(fields));
    }

    /** {@code page_size} is capped at 500 by the server. */
    public Q page(int page, int pageSize) {
        put("page", page);
        return put("page_size", pageSize);
    }
}
