package dev.vitrine.ui.browser;

import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Workspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The projects of a workspace as a tree (toolkit-free): nested names with {@code /} become
 * children; a parent that the source does not list is added so no project is orphaned.
 */
public record ProjectTree(NavNode node, List<ProjectTree> children) {

    public static ProjectTree of(Workspace ws, List<Project> projects) {
        Map<String, Project> byName = new LinkedHashMap<>();
        projects.stream().sorted(Comparator.comparing(Project::name, String.CASE_INSENSITIVE_ORDER))
                .forEach(p -> byName.put(p.name(), p));
        for (Project p : List.copyOf(byName.values())) {
            String name = p.name();
            int slash;
            while ((slash = name.lastIndexOf('/')) > 0) {
                name = name.substring(0, slash);
                byName.putIfAbsent(name, new Project("name:" + name, name, null, null));
            }
        }
        Map<String, List<ProjectTree>> kids = new LinkedHashMap<>();
        List<ProjectTree> roots = new ArrayList<>();
        List<Project> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(Project::name, String.CASE_INSENSITIVE_ORDER));
        Map<String, ProjectTree> nodes = new LinkedHashMap<>();
        for (Project p : sorted) {
            ProjectTree t = new ProjectTree(new NavNode(ws, p), new ArrayList<>());
            nodes.put(p.name(), t);
        }
        for (Project p : sorted) {
            int slash = p.name().lastIndexOf('/');
            ProjectTree t = nodes.get(p.name());
            if (slash > 0 && nodes.containsKey(p.name().substring(0, slash))) {
                nodes.get(p.name().substring(0, slash)).children().add(t);
            } else {
                roots.add(t);
            }
        }
        kids.clear();
        return new ProjectTree(new NavNode(ws, null), roots);
    }
}
