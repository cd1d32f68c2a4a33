package dev.vitrine.clearml;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Untyped requests for tests that set up or inspect a server's state with calls Vitrine itself does
 * not make (tasks.delete_artifacts, tasks.get_all by name); main code uses the typed calls.
 */
public final class RawCalls {
    private RawCalls() {}

    public static JsonNode call(ClearmlClient client, String endpoint, Object body) {
        return client.call(endpoint, body);
    }
}
