package dev.vitrine.clearml.archfixture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * A ClearML client that shows Jackson to its callers and offers an untyped call, for
 * {@code ArchitectureRulesCatchViolationsTest}: in a result, in a type argument, in a public
 * mutable mapper, in a record's accessor. Never run.
 */
public final class LeakyClient {

    public static final ObjectMapper shared = new ObjectMapper();

    public record Reply(JsonNode data) {}

    public JsonNode call(String endpoint, Object body) {
        return null;
    }

    public List<JsonNode> nodes() {
        return List.of();
    }

    /** Package-private: neither rule concerns it. */
    JsonNode hidden(Object body) {
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
