package dev.vitrine.clearml;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model as {@code models.get_all_ex} answers it (API.md 5.8); fields not asked for with
 * {@code only_fields} are null.
 *
 * @param design   the design text ({@code design.design}, else the whole design object as JSON), or null
 * @param metadata each metadata item's {@code value} (or the item itself when it is a plain value), as text, in order
 */
public record ModelInfo(String id, String name, String framework, String uri, String taskId, String projectId, String projectName,
                        Instant created, List<String> tags, List<String> systemTags, Map<String, Integer> labels, Boolean ready,
                        String comment, String design, Map<String, String> metadata) {}
