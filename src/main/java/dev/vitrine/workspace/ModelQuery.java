package dev.vitrine.workspace;

/** Models of a project and/or created by a task; null means no filter. */
public record ModelQuery(String projectId, String taskId, int page, int pageSize) {
    public ModelQuery {
        pageSize = pageSize <= 0 ? 100 : Math.min(pageSize, 500);
    }

    public static ModelQuery all() {
        return new ModelQuery(null, null, 0, 500);
    }
}
