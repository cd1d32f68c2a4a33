package dev.vitrine.ui.browser;

import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * The navigator: opened workspaces with their project trees, and the tasks of the selected node,
 * paged from the source as the user scrolls (never the whole list). Sorting, searching and filters
 * restart the paging; a newer request supersedes an older one.
 */
public final class BrowserViewModel {

    static final int PAGE_SIZE = 200;

    private final Async async;

    // ---- state for the View (read-only outside) ----
    private final ObservableList<ProjectTree> trees = FXCollections.observableArrayList();
    private final ObservableList<Task> tasks = FXCollections.observableArrayList();
    // Read-only views made once: a wrapper made per call would be collected with its listeners.
    private final ObservableList<ProjectTree> treesView = FXCollections.unmodifiableObservableList(trees);
    private final ObservableList<Task> tasksView = FXCollections.unmodifiableObservableList(tasks);
    private final ObjectProperty<LoadState> treeState = new SimpleObjectProperty<>(LoadState.EMPTY);
    private final StringProperty treeMessage = new SimpleStringProperty("Open the demo, an offline session or a server");
    private final ObjectProperty<LoadState> tasksState = new SimpleObjectProperty<>(LoadState.EMPTY);
    private final StringProperty tasksMessage = new SimpleStringProperty("Select a workspace or a project");
    private final BooleanProperty hasMore = new SimpleBooleanProperty(false);
    private final BooleanProperty loadingMore = new SimpleBooleanProperty(false);
    private final ObjectProperty<Long> tasksTotal = new SimpleObjectProperty<>();
    private final ObjectProperty<NavNode> selectedNode = new SimpleObjectProperty<>();
    private final ObjectProperty<Task> selectedTask = new SimpleObjectProperty<>();
    private final javafx.collections.ObservableList<Task> selectedTasks = javafx.collections.FXCollections.observableArrayList();
    private final javafx.collections.ObservableList<Task> selectedTasksView = javafx.collections.FXCollections.unmodifiableObservableList(selectedTasks);

    // ---- query ----
    private final StringProperty search = new SimpleStringProperty("");
    private String orderBy = "-last_update";
    private List<String> statuses = List.of();
    private List<String> types = List.of();
    private List<String> tags = List.of();
    private List<String> users = List.of();

    private TaskQuery query;
    private Async.Handle tasksRequest;
    private Async.Handle countRequest;
    private final List<Workspace> workspaces = new ArrayList<>();

    public BrowserViewModel(Async async) {
        this.async = async;
        selectedNode.addListener((o, a, b) -> reloadTasks());
    }

    // ================= intents =================

    /** Adds a workspace to the navigator (replacing one of the same name) and selects it. */
    public void addWorkspace(Workspace ws) {
        workspaces.removeIf(w -> {
            boolean same = w.displayName().equals(ws.displayName()) && w.kind() == ws.kind();
            if (same && w != ws) w.close();
            return same;
        });
        workspaces.add(ws);
        refreshTrees(ws);
    }

    public List<Workspace> workspaces() {
        return List.copyOf(workspaces);
    }

    /** Reloads every project tree and the task list. */
    public void refresh() {
        refreshTrees(selectedNode.get() == null ? null : selectedNode.get().workspace());
    }

    private void refreshTrees(Workspace select) {
        treeState.set(LoadState.LOADING);
        treeMessage.set("Loading projects…");
        List<Workspace> snapshot = List.copyOf(workspaces);
        async.run(() -> {
            List<ProjectTree> out = new ArrayList<>();
            for (Workspace w : snapshot) out.add(ProjectTree.of(w, w.projects()));
            return out;
        }, result -> {
            trees.setAll(result);
            treeState.set(result.isEmpty() ? LoadState.EMPTY : LoadState.READY);
            NavNode keep = selectedNode.get();
            NavNode target = select != null ? new NavNode(select, null) : keep;
            if (keep != null && select != null && keep.workspace() == select) target = keep;
            if (target == null && !result.isEmpty()) target = result.get(0).node();
            if (java.util.Objects.equals(target, selectedNode.get())) reloadTasks();
            else selectedNode.set(target);
        }, error -> {
            treeState.set(LoadState.ERROR);
            treeMessage.set(Messages.of(error));
        });
    }

    public void select(NavNode node) {
        selectedNode.set(node);
    }

    /** Several tasks selected together in the list (Ctrl/Shift): what compares them reads this. */
    public void selectTasks(List<Task> tasks) {
        if (!selectedTasks.equals(tasks)) selectedTasks.setAll(tasks);
    }

    /** The tasks selected together in the list, in selection order (one or none: no comparison). */
    public javafx.collections.ObservableList<Task> selectedTasks() {
        return selectedTasksView;
    }

    public void selectTask(Task task) {
        selectedTask.set(task);
    }

    /** Searches tasks by name, id and comment (the View debounces typing). */
    public void search(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals(search.get())) return;
        search.set(t);
        reloadTasks();
    }

    /** Orders by a ClearML field ("name", "status", "type", "user", "started", "last_update"), descending with "-". */
    public void sortBy(String order) {
        if (order == null || order.equals(orderBy)) return;
        orderBy = order;
        reloadTasks();
    }

    public String orderBy() {
        return orderBy;
    }

    public void filter(List<String> newStatuses, List<String> newTypes) {
        filter(newStatuses, newTypes, tags, users);
    }

    /** Filters by status, type, tag and user (ids or names as the source knows them); empty lists mean all. */
    public void filter(List<String> newStatuses, List<String> newTypes, List<String> newTags, List<String> newUsers) {
        statuses = newStatuses == null ? List.of() : List.copyOf(newStatuses);
        types = newTypes == null ? List.of() : List.copyOf(newTypes);
        tags = newTags == null ? List.of() : List.copyOf(newTags);
        users = newUsers == null ? List.of() : List.copyOf(newUsers);
        reloadTasks();
    }

    public boolean isFiltered() {
        return !statuses.isEmpty() || !types.isEmpty() || !tags.isEmpty() || !users.isEmpty();
    }

    /** Fetches the next page when the user scrolls near the end; no-op while one is loading or at the end. */
    public void loadMore() {
        if (!hasMore.get() || loadingMore.get() || query == null) return;
        loadPage(query.withPage(query.page() + 1), false);
    }

    public void reloadTasks() {
        NavNode node = selectedNode.get();
        if (tasksRequest != null) tasksRequest.cancel();
        if (countRequest != null) countRequest.cancel();
        tasks.clear();
        tasksTotal.set(null);
        selectedTask.set(null);
        hasMore.set(false);
        loadingMore.set(false);
        if (node == null) {
            query = null;
            tasksState.set(LoadState.EMPTY);
            tasksMessage.set("Select a workspace or a project");
            return;
        }
        String projectId = node.project() == null || node.project().id().startsWith("name:") ? null : node.project().id();
        TaskQuery q = new TaskQuery(projectId, true, statuses, types, tags, users, search.get(), orderBy, 0, PAGE_SIZE);
        if (node.project() != null && node.project().id().startsWith("name:")) {
            // a parent that only exists through its children's names: list through a real project id when the source has one
            var real = node.workspace().projectByName(node.project().name());
            q = new TaskQuery(real == null ? null : real.id(), true, statuses, types, tags, users, search.get(), orderBy, 0, PAGE_SIZE);
        }
        tasksState.set(LoadState.LOADING);
        tasksMessage.set("Loading tasks…");
        loadPage(q, true);
    }

    private void loadPage(TaskQuery q, boolean first) {
        Workspace ws = selectedNode.get().workspace();
        loadingMore.set(true);
        tasksRequest = async.run(() -> ws.tasks(q), page -> onPage(q, page, first), error -> {
            loadingMore.set(false);
            if (first) {
                tasksState.set(LoadState.ERROR);
                tasksMessage.set(Messages.of(error));
            } else {
                hasMore.set(false);
                tasksMessage.set(Messages.of(error));
            }
        });
    }

    private void onPage(TaskQuery q, Page<Task> page, boolean first) {
        query = q;
        tasks.addAll(page.items());
        hasMore.set(page.hasMore());
        loadingMore.set(false);
        if (tasks.isEmpty()) {
            tasksState.set(LoadState.EMPTY);
            tasksMessage.set(search.get().isEmpty() && !isFiltered()
                    ? "No tasks here" : "No task matches the search or filters");
        } else {
            tasksState.set(LoadState.READY);
            if (first && selectedTask.get() == null) selectedTask.set(tasks.get(0));
        }
        if (!page.hasMore()) tasksTotal.set((long) tasks.size());
        else if (first) countTotal(q);
    }

    /**
     * The total behind "200+": the project tree's own count when nothing narrows the list (counted
     * once, by the source, so the two agree), else the source's count for the filters when it can
     * give one.
     */
    private void countTotal(TaskQuery q) {
        NavNode node = selectedNode.get();
        if (node == null) return;
        boolean narrowed = !search.get().isEmpty() || isFiltered();
        if (!narrowed && node.taskCount() != null) {
            tasksTotal.set(node.taskCount());
            return;
        }
        Workspace ws = node.workspace();
        countRequest = async.run(() -> java.util.Optional.ofNullable(ws.countTasks(q)), n -> n.ifPresent(tasksTotal::set), e -> {
            // the footer keeps "200+": a count is a nicety, the list itself loaded
        });
    }

    // ================= read-only state =================

    public ObservableList<ProjectTree> trees() {
        return treesView;
    }

    public ObservableList<Task> tasks() {
        return tasksView;
    }

    public ReadOnlyObjectProperty<LoadState> treeStateProperty() {
        return treeState;
    }

    public ReadOnlyStringProperty treeMessageProperty() {
        return treeMessage;
    }

    public ReadOnlyObjectProperty<LoadState> tasksStateProperty() {
        return tasksState;
    }

    public ReadOnlyStringProperty tasksMessageProperty() {
        return tasksMessage;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore;
    }

    /** How many tasks the list holds in all, when the source can tell before every page is loaded; null otherwise. */
    public ReadOnlyObjectProperty<Long> tasksTotalProperty() {
        return tasksTotal;
    }

    /** The footer under the task list: "10 tasks", "200 of 2000 tasks", or "200+ tasks" when the total is unknown. */
    public static String countText(int loaded, Long total, boolean more) {
        if (total != null && total > loaded) return loaded + " of " + total + " tasks";
        if (total == null && more) return loaded + "+ tasks";
        return loaded + (loaded == 1 ? " task" : " tasks");
    }

    public ReadOnlyBooleanProperty loadingMoreProperty() {
        return loadingMore;
    }

    public ReadOnlyObjectProperty<NavNode> selectedNodeProperty() {
        return selectedNode;
    }

    public ReadOnlyObjectProperty<Task> selectedTaskProperty() {
        return selectedTask;
    }

    public ReadOnlyStringProperty searchProperty() {
        return search;
    }
}
