package dev.vitrine.workspace;

import java.util.List;
import java.util.Locale;

/**
 * Models of a project and/or created by a task, optionally narrowed; null or empty means no filter.
 *
 * @param frameworks any of these frameworks, exactly as ClearML stores them ("PyTorch", "ScikitLearn")
 * @param tags       models carrying any of these tags
 * @param ready      true: published only; false: drafts only; null: both
 * @param search     text matched case-insensitively anywhere in the name, id or comment
 * @param orderBy    a field name, {@code -} first for descending (ClearML's {@code order_by}); newest first by default
 */
public record ModelQuery(String projectId, String taskId, List<String> frameworks, List<String> tags, Boolean ready, String search,
                         String orderBy, int page, int pageSize) {
    public ModelQuery {
        frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
        tags = tags == null ? List.of() : List.copyOf(tags);
        search = search == null || search.isBlank() ? null : search.strip();
        orderBy = orderBy == null || orderBy.isBlank() ? "-created" : orderBy;
        pageSize = pageSize <= 0 ? 100 : Math.min(pageSize, 500);
    }

    public ModelQuery(String projectId, String taskId, int page, int pageSize) {
        this(projectId, taskId, null, null, null, null, null, page, pageSize);
    }

    public static ModelQuery all() {
        return new ModelQuery(null, null, 0, 500);
    }

    public ModelQuery withPage(int newPage) {
        return new ModelQuery(projectId, taskId, frameworks, tags, ready, search, orderBy, newPage, pageSize);
    }

    /**
     * Whether a model passes the framework, tag, ready and search filters (not project/task, which each
     * source scopes its own way): for sources that filter in memory, with the server's semantics.
     */
    public boolean matches(ModelRef m) {
        if (!frameworks.isEmpty() && !frameworks.contains(m.framework())) return false;
        if (!tags.isEmpty() && m.tags().stream().noneMatch(tags::contains)) return false;
        if (ready != null && !ready.equals(m.ready() != null && m.ready())) return false;
        if (search != null) {
            String s = search.toLowerCase(Locale.ROOT);
            return contains(m.name(), s) || contains(m.id(), s) || contains(m.comment(), s);
        }
        return true;
    }

    private static boolean contains(String field, String lower) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(lower);
    }
}
