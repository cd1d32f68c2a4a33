package dev.vitrine.clearml;

import java.util.List;

/**
 * One entry of {@code execution.artifacts} (ARTIFACTS.md 1.1), read from a task or sent to
 * {@code tasks.add_or_update_artifacts} / {@code tasks.edit}. Null fields are absent on the wire
 * both ways, so an entry read and sent back is stored as it was.
 *
 * @param timestamp   epoch seconds
 * @param typeData    null when absent; all-null fields send {@code {}}
 * @param displayData {@code [[key, value], ...]} as the server stores it (string, number or null elements); null when absent
 */
public record ArtifactInfo(String key, String type, String mode, String uri, String hash, Long contentSize, Long timestamp,
                           TypeData typeData, List<List<Object>> displayData) {

    public record TypeData(String preview, String contentType, String dataHash) {}
}
