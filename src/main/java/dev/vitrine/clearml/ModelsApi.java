package dev.vitrine.clearml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.clearml.internal.Dtos;
import dev.vitrine.clearml.internal.Ref;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed calls of the models service (API.md 5.8, OFFLINE.md 5): bodies are built here, replies
 * read into {@link ModelInfo}. Blocks; thread-safe as the client is; errors as the client throws them.
 */
public final class ModelsApi {

    private final ClearmlClient client;

    public ModelsApi(ClearmlClient client) {
        this.client = client;
    }

    /** What {@code models.get_all_ex} filters on, beyond the shared filters. */
    public static final class Query extends ListQuery<Query> {
        /** Models created by these tasks. */
        public Query tasks(List<String> taskIds) {
            return put("task", List.copyOf(taskIds));
        }

        /** Exact framework names ("PyTorch"). */
        public Query frameworks(List<String> frameworks) {
            return put("framework", List.copyOf(frameworks));
        }

        /** Published (true) or not (false). */
        public Query ready(boolean ready) {
            return put("ready", ready);
        }
    }

    /**
     * A {@code models.edit}: null fields are left out, so they keep their stored value.
     *
     * @param design the design text, sent as the SDK sends it ({@code {"design": text}})
     */
    public record Edit(String model, String uri, String name, String comment, Map<String, Integer> labels, String design,
                       String framework, String task, String project, List<String> tags, Long iteration) {}

    /** {@code models.get_all_ex}: one page, references joined as asked by {@code only_fields} ({@code project.name}). */
    public List<ModelInfo> getAllEx(Query q) {
        Dtos.ModelsReply r = client.call("models.get_all_ex", q.body, Dtos.ModelsReply.class);
        List<ModelInfo> out = new ArrayList<>();
        for (Dtos.ModelDto m : Wire.list(r.models())) out.add(model(m));
        return out;
    }

    /** {@code models.create} as the SDK's {@code OutputModel} does it; the new model's id, or null when the answer has none. */
    public String create(String uri, String name, Map<String, Integer> labels, String projectId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uri", uri);
        body.put("name", name);
        body.put("labels", new LinkedHashMap<>(labels));
        body.put("project", projectId);
        return client.call("models.create", body, Dtos.IdReply.class).id();
    }

    public void edit(Edit e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", e.model());
        Wire.putIf(body, "uri", e.uri());
        Wire.putIf(body, "name", e.name());
        Wire.putIf(body, "comment", e.comment());
        Wire.putIf(body, "labels", e.labels() == null ? null : new LinkedHashMap<>(e.labels()));
        Wire.putIf(body, "design", e.design() == null ? null : Map.of("design", e.design()));
        Wire.putIf(body, "framework", e.framework());
        Wire.putIf(body, "task", e.task());
        Wire.putIf(body, "project", e.project());
        Wire.putIf(body, "tags", e.tags() == null ? null : List.copyOf(e.tags()));
        Wire.putIf(body, "iteration", e.iteration());
        client.call("models.edit", body);
    }

    /** {@code models.delete}; the weights file stays where it is. */
    public void delete(String modelId, boolean force) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", modelId);
        body.put("force", force);
        client.call("models.delete", body);
    }

    static ModelInfo model(Dtos.ModelDto m) {
        return new ModelInfo(m.id(), m.name(), m.framework(), m.uri(), Ref.id(m.task()), Ref.id(m.project()), Ref.name(m.project()),
                Wire.instant(m.created()), m.tags(), m.systemTags(), m.labels(), m.ready(), m.comment(), design(m.design()),
                metadata(m.metadata()));
    }

    /** The SDK stores {@code {"design": text}}; anything else is shown as its JSON. */
    private static String design(JsonNode d) {
        if (d == null || d.isNull()) return null;
        return d.isObject() && d.has("design") ? d.get("design").asText() : d.toString();
    }

    /** {@code {key: {key, type, value}}} (API 2.17+; {@code []} before). */
    private static Map<String, String> metadata(JsonNode md) {
        Map<String, String> out = new LinkedHashMap<>();
        if (md != null && md.isObject()) {
            md.fields().forEachRemaining(e -> out.put(e.getKey(),
                    e.getValue().isObject() ? e.getValue().path("value").asText("") : e.getValue().asText()));
        }
        return out;
    }
}
