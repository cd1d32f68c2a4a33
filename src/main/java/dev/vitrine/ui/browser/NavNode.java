package dev.vitrine.ui.browser;

import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Workspace;

/**
 * A node of the navigator tree: a workspace (project null) or one of its projects.
 * Equality is by identity of the workspace and the project id, so selection survives refreshes.
 */
public record NavNode(Workspace workspace, Project project) {

    public boolean isWorkspace() {
        return project == null;
    }

    public String label() {
        return project == null ? workspace.displayName() : project.basename();
    }

    public Long taskCount() {
        return project == null ? null : project.taskCount();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NavNode n && n.workspace == workspace
                && (project == null ? n.project == null : n.project != null && n.project.id().equals(project.id()));
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(workspace) * 31 + (project == null ? 0 : project.id().hashCode());
    }
}
