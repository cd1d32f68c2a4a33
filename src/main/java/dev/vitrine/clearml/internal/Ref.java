package dev.vitrine.clearml.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;

/**
 * A reference field: a plain id string in {@code get_all}/{@code get_by_id} replies, an object
 * {@code {"id", "name"?}} in every {@code *_ex} reply (transcripts README 9). Both parse to this.
 */
@JsonDeserialize(using = Ref.Deserializer.class)
public record Ref(String id, String name) {

    public static String id(Ref r) {
        return r == null ? null : r.id();
    }

    public static String name(Ref r) {
        return r == null ? null : r.name();
    }

    static final class Deserializer extends JsonDeserializer<Ref> {
        @Override
        public Ref deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode n = p.readValueAsTree();
            if (n == null || n.isNull()) return null;
            if (n.isTextual()) return n.asText().isEmpty() ? null : new Ref(n.asText(), null);
            if (n.isObject()) {
                String id = n.hasNonNull("id") ? n.get("id").asText() : null;
                String name = n.hasNonNull("name") ? n.get("name").asText() : null;
                return id == null && name == null ? null : new Ref(id, name);
            }
            return null;
        }
    }
}
