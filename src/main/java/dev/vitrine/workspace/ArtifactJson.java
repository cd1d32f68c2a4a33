package dev.vitrine.workspace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * An artifact as the SDK registers it (ARTIFACTS.md 1.1, 1.3): absent fields left out, display_data
 * as {@code [[k, v], ...]}. One writer for task.json entries and for the server's requests.
 */
public final class ArtifactJson {
    private ArtifactJson() {}

    public static ObjectNode of(Artifact a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", a.key());
        o.put("type", a.type());
        o.put("mode", a.mode().wire());
        if (a.uri() != null) o.put("uri", a.uri());
        if (a.hash() != null) o.put("hash", a.hash());
        if (a.contentSize() != null) o.put("content_size", a.contentSize());
        if (a.timestamp() != null) o.put("timestamp", a.timestamp().getEpochSecond());
        ObjectNode td = o.putObject("type_data");
        if (a.preview() != null) td.put("preview", a.preview());
        if (a.contentType() != null) td.put("content_type", a.contentType());
        if (a.dataHash() != null) td.put("data_hash", a.dataHash());
        if (!a.displayData().isEmpty()) {
            ArrayNode dd = o.putArray("display_data");
            for (Map.Entry<String, String> e : a.displayData()) dd.addArray().add(e.getKey()).add(e.getValue());
        }
        return o;
    }
}
