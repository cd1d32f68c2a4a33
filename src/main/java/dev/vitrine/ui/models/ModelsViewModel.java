package dev.vitrine.ui.models;

import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.workspace.ModelQuery;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.List;

/**
 * State of the models browser: every model of a workspace across projects, paged from the source as the
 * user scrolls (100k models never load at once), filtered by project, framework, tag, published/draft
 * and name as they type (each change supersedes the running request), sorted by the server; the
 * selected model's metadata, design and labels with the task that made it and the tasks that used it as
 * input. Lives on the FX thread.
 */
public final class ModelsViewModel {

    /** The selected model with what is looked up for it. */
    public record Detail(ModelRef model, Task producer, List<Task> consumers) {}

    static final int PAGE = 200;

    private final Async async;
    private final Workspace workspace;
    private final ObservableList<ModelRef> models = FXCollections.observableArrayList();
    private final ObservableList<ModelRef> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<Project> projects = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<LoadState> state = new ReadOnlyObjectWrapper<>(LoadState.EMPTY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Detail> detail = new ReadOnlyObjectWrapper<>();
    private ModelQuery query;
    private Async.Handle request;
    private Async.Handle detailRequest;
    private boolean loadingMore;

    private String projectId;
    private List<String> frameworks = List.of();
    private List<String> tags = List.of();
    private Boolean ready;
    private String name;
    private String orderBy = "-created";

    public ModelsViewModel(Async async, Workspace workspace) {
        this.async = async;
        this.workspace = workspace;
    }

    public ObservableList<ModelRef> models() { return modelsView; }
    public ObservableList<Project> projects() { return projects; }
    public ReadOnlyObjectProperty<LoadState> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty hasMoreProperty() { return hasMore.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Detail> detailProperty() { return detail.getReadOnlyProperty(); }
    public String workspaceName() { return workspace.displayName(); }

    /** Lists the projects (for the filter) and the first page of models. */
    public void open() {
        async.run(workspace::projects, projects::setAll, e -> { });
        reload();
    }

    public void filterProject(Project p) { projectId = p == null ? null : p.id(); reload(); }
    public void filterFramework(String text) { frameworks = split(text); reload(); }
    public void filterTag(String text) { tags = split(text); reload(); }
    /** true: published only, false: drafts only, null: both. */
    public void filterPublished(Boolean published) { ready = published; reload(); }
    public void filterName(String text) { name = text; reload(); }

    /** Sorts by a model field on the server ({@code name}, {@code framework}, {@code ready}, {@code created}, {@code last_update}). */
    public void sort(String field, boolean descending) {
        orderBy = field == null ? "-created" : (descending ? "-" : "") + field;
        reload();
    }

    /** The next page, when the user scrolls near the end; no-op while one loads or at the end. */
    public void loadMore() {
        if (!hasMore.get() || loadingMore || query == null) return;
        load(query.withPage(query.page() + 1), false);
    }

    public void select(ModelRef m) {
        if (detailRequest != null) detailRequest.cancel();
        if (m == null) {
            detail.set(null);
            return;
        }
        detail.set(new Detail(m, null, List.of()));
        detailRequest = async.run(() -> {
            Task producer = null;
            if (m.taskId() != null) {
                try {
                    producer = workspace.task(m.taskId()).task();
                } catch (RuntimeException e) {
                    // the task was deleted or is not visible: the model stays shown without it
                }
            }
            return new Detail(m, producer, workspace.tasksUsingModel(m.id()));
        }, detail::set, e -> message.set("Could not look up the tasks of " + m.name() + ": " + Messages.of(e)));
    }

    public void dispose() {
        if (request != null) request.cancel();
        if (detailRequest != null) detailRequest.cancel();
    }

    private void reload() {
        load(new ModelQuery(projectId, null, frameworks, tags, ready, name, orderBy, 0, PAGE), true);
    }

    private void load(ModelQuery q, boolean first) {
        if (request != null) request.cancel();
        query = q;
        if (first) {
            state.set(LoadState.LOADING);
            message.set("Listing the models of " + workspace.displayName() + "…");
        }
        loadingMore = !first;
        request = async.run(() -> workspace.models(q), page -> onPage(page, first), e -> {
            loadingMore = false;
            hasMore.set(false);
            state.set(LoadState.ERROR);
            message.set("Could not list the models: " + Messages.of(e));
        });
    }

    private void onPage(Page<ModelRef> page, boolean first) {
        loadingMore = false;
        if (first) models.setAll(page.items());
        else models.addAll(page.items());
        hasMore.set(page.hasMore());
        state.set(models.isEmpty() ? LoadState.EMPTY : LoadState.READY);
        message.set(models.isEmpty() ? "No model matches" : models.size() + (page.hasMore() ? "+ models (more as you scroll)" : " models"));
    }

    private static List<String> split(String text) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
