package dev.vitrine.workspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A model's versions as ClearML users have them: ClearML has no version entity, and a training run
 * that saves a checkpoint per epoch (or a pipeline re-run) creates a new model under the same name
 * (the task's name by default) in the same project. So the versions of a model are the models
 * with exactly its name in its project, oldest first (archived ones left out, as the web app does).
 */
public final class ModelVersions {

    /** Beyond this many versions the oldest are left out: a series over more is not readable anyway. */
    public static final int MAX = 1_000;

    private ModelVersions() {}

    /** The versions of {@code model} in {@code workspace}, oldest first; always includes {@code model} itself. Blocks. */
    public static List<ModelRef> of(Workspace workspace, ModelRef model) {
        Objects.requireNonNull(model, "model");
        if (model.name().isBlank()) return List.of(model); // nothing names its versions
        List<ModelRef> out = new ArrayList<>();
        // the name goes as a search (the server matches it anywhere in name, id or comment), equality is checked here
        ModelQuery q = new ModelQuery(model.projectId(), null, null, null, null, model.name(), "-created", 0, 500);
        while (true) {
            Page<ModelRef> page = workspace.models(q);
            for (ModelRef m : page.items()) {
                if (m.name().equals(model.name()) && Objects.equals(m.projectId(), model.projectId())) out.add(m);
            }
            if (!page.hasMore() || out.size() >= MAX) break;
            q = q.withPage(q.page() + 1);
        }
        if (out.stream().noneMatch(m -> m.id().equals(model.id()))) out.add(model);
        // asked newest first so the cap keeps the latest; then oldest first for the series. Offline sessions record no
        // creation time: their models keep the order the sessions wrote them in (update_weights calls)
        List<ModelRef> kept = new ArrayList<>(out.subList(0, Math.min(out.size(), MAX)));
        if (kept.stream().anyMatch(m -> m.created() != null)) {
            java.util.Collections.reverse(kept);
            kept.sort(Comparator.comparing(ModelRef::created, Comparator.nullsFirst(Comparator.naturalOrder())));
        }
        return kept;
    }

    /**
     * Labels for models shown side by side: the name, and where names repeat (versions) when each was created,
     * else the end of its id, so the snapshots of a series can be told apart.
     */
    public static List<String> labels(List<ModelRef> models) {
        java.util.Map<String, Integer> count = new java.util.HashMap<>();
        for (ModelRef m : models) count.merge(m.name(), 1, Integer::sum);
        java.time.format.DateTimeFormatter when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
        List<String> out = new ArrayList<>();
        for (ModelRef m : models) {
            String name = m.name().isBlank() ? m.id() : m.name();
            if (count.get(m.name()) < 2) out.add(name);
            else if (m.created() != null) out.add(name + " · " + when.format(m.created()));
            else out.add(name + " · …" + m.id().substring(Math.max(0, m.id().length() - 6)));
        }
        return out;
    }
}
