package dev.vitrine.workspace;

import java.util.Objects;

/**
 * A ClearML project. {@code name} is the full name, nested projects joined with {@code /}
 * ("Vision/Detection"), as the server stores it.
 *
 * @param parentId  the parent project's id, or null for a root project
 * @param taskCount the number of tasks, or null when the source does not know it
 */
public record Project(String id, String name, String parentId, Long taskCount) {
    public Project {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** The last segment of the nested name: "Detection" for "Vision/Detection". */
    public String basename() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }
}
