package dev.vitrine.ui.models;

import dev.vitrine.ui.common.Async;
import dev.vitrine.ui.common.LoadState;
import dev.vitrine.ui.common.Messages;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelQuery;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.ModelVersions;
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

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * State of the models browser: every model of a workspace across projects, paged from the source as the
 * user scrolls (100k models never load at once), filtered by project, framework, tag, published/draft
 * and name as they type (each change supersedes the running request), sorted by the server; the
 * selected model's metadata, design and labels with the task that made it and the tasks that used it as
 * input. Sizes (which ClearML does not record for models) are asked of the storage for the rows the
 * table shows, a few at a time in the background, once per model. Lives on the FX thread.
 */
public final class ModelsViewModel {

    /** The selected model with what is looked up for it. */
    public record Detail(ModelRef model, Task producer, List<Task> consumers) {}

    static final int PAGE = 200;
    /** Size lookups at once, and how many wait before the ones asked for longest ago (rows scrolled past) are dropped. */
    static final int SIZE_LOOKUPS = 4;
    static final int SIZE_QUEUE = 64;
    /** The value of {@link #size} when the storage cannot tell. */
    public static final long UNKNOWN_SIZE = -1;

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

    private final ToLongFunction<Location> sizer;
    private final Map<String, ReadOnlyObjectWrapper<Long>> sizes = new HashMap<>();
    private final Deque<ModelRef> sizeQueue = new ArrayDeque<>();
    private final Set<String> sizeWanted = new HashSet<>();
    private final Set<Async.Handle> sizeRequests = new HashSet<>();
    private Async.Handle versionsRequest;
    private final ObservableList<ModelRef> picked = FXCollections.observableArrayList();
    private final ObservableList<ModelRef> pickedView = FXCollections.unmodifiableObservableList(picked);

    /** A browser without storage: every size is unknown. */
    public ModelsViewModel(Async async, Workspace workspace) {
        this(async, workspace, l -> UNKNOWN_SIZE);
    }

    /** @param sizer the size of a model's weights file from its location (blocking; {@link #UNKNOWN_SIZE} when unknown) */
    public ModelsViewModel(Async async, Workspace workspace, ToLongFunction<Location> sizer) {
        this.async = async;
        this.workspace = workspace;
        this.sizer = sizer;
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

    /**
     * Sorts by a model field on the server ({@code name}, {@code framework}, {@code ready}, {@code created},
     * {@code last_update}). {@code size} is no server field: it sorts the models loaded so far by the sizes known
     * so far, the others after them, and pages loaded later are appended unsorted (the message says so).
     */
    public void sort(String field, boolean descending) {
        if ("size".equals(field)) {
            sortBySize(descending);
            return;
        }
        orderBy = field == null ? "-created" : (descending ? "-" : "") + field;
        reload();
    }

    private void sortBySize(boolean descending) {
        Comparator<Long> bytes = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        models.sort(Comparator.comparing((ModelRef m) -> knownSize(m) == null ? 1 : 0).thenComparing(m -> knownSize(m) == null ? 0L : knownSize(m), bytes));
        long known = models.stream().filter(m -> knownSize(m) != null).count();
        message.set("Sorted by size: " + known + " of the " + models.size() + " loaded models have a known size (the others follow"
                + (hasMore.get() ? "; more pages load unsorted)" : ")"));
    }

    private Long knownSize(ModelRef m) {
        ReadOnlyObjectWrapper<Long> p = sizes.get(m.id());
        return p == null || p.get() == null || p.get() < 0 ? null : p.get();
    }

    /**
     * The size of a model's weights file: null until known, {@link #UNKNOWN_SIZE} when the storage cannot tell
     * (missing, refused, unreachable), else bytes. Asking (a row coming into view) starts the lookup once; the
     * latest asked go first, and lookups for rows long scrolled past are dropped until asked again.
     */
    public ReadOnlyObjectProperty<Long> size(ModelRef m) {
        ReadOnlyObjectWrapper<Long> p = sizes.computeIfAbsent(m.id(), id -> new ReadOnlyObjectWrapper<>());
        if (p.get() == null && sizeWanted.add(m.id())) {
            sizeQueue.addFirst(m);
            while (sizeQueue.size() > SIZE_QUEUE) sizeWanted.remove(sizeQueue.removeLast().id());
            pumpSizes();
        }
        return p.getReadOnlyProperty();
    }

    private void pumpSizes() {
        while (sizeRequests.size() < SIZE_LOOKUPS && !sizeQueue.isEmpty()) {
            ModelRef m = sizeQueue.pollFirst();
            Async.Handle[] h = new Async.Handle[1];
            h[0] = async.run(() -> sizer.applyAsLong(m.location()), v -> sized(h[0], m, v), e -> sized(h[0], m, UNKNOWN_SIZE));
            // a same-thread Async (tests) has answered already; the app's answers come after this returns
            if (sizes.get(m.id()).get() == null) sizeRequests.add(h[0]);
        }
    }

    private void sized(Async.Handle h, ModelRef m, long bytes) {
        if (h != null) sizeRequests.remove(h);
        sizes.get(m.id()).set(bytes < 0 ? UNKNOWN_SIZE : bytes);
        pumpSizes();
    }

    /** The next page, when the user scrolls near the end; no-op while one loads or at the end. */
    public void loadMore() {
        if (!hasMore.get() || loadingMore || query == null) return;
        load(query.withPage(query.page() + 1), false);
    }

    /** The selected models in the order the user picked them (the series' order). */
    public ObservableList<ModelRef> picked() { return pickedView; }

    /**
     * Follows the table's selection: models no longer selected leave, newly selected ones join at the end
     * (a range selected at once joins in table order).
     */
    public void pick(List<? extends ModelRef> selected) {
        Set<String> now = new HashSet<>();
        for (ModelRef m : selected) if (m != null) now.add(m.id());
        picked.removeIf(m -> !now.contains(m.id()));
        Set<String> have = new HashSet<>();
        for (ModelRef m : picked) have.add(m.id());
        for (ModelRef m : selected) if (m != null && have.add(m.id())) picked.add(m);
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

    /**
     * The versions of a model (the models with its name in its project, oldest first: {@link ModelVersions}), looked
     * up in the background and handed to {@code then}; a series needs two, so fewer is said in the message.
     */
    public void versionsOf(ModelRef m, Consumer<List<ModelRef>> then) {
        if (m == null) return;
        if (versionsRequest != null) versionsRequest.cancel();
        message.set("Looking up the versions of " + m.name() + "…");
        versionsRequest = async.run(() -> ModelVersions.of(workspace, m), versions -> {
            if (versions.size() < 2) {
                message.set(m.name() + " has no other version in " + (m.projectName() == null ? "its project" : m.projectName())
                        + ": a series needs two or more");
                return;
            }
            message.set(versions.size() + " versions of " + m.name());
            then.accept(versions);
        }, e -> message.set("Could not look up the versions of " + m.name() + ": " + Messages.of(e)));
    }

    public void dispose() {
        if (request != null) request.cancel();
        if (detailRequest != null) detailRequest.cancel();
        if (versionsRequest != null) versionsRequest.cancel();
        sizeRequests.forEach(Async.Handle::cancel);
        sizeRequests.clear();
        sizeQueue.clear();
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
