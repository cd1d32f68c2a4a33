package dev.vitrine.clearml;

/**
 * A project as {@code projects.get_all} / {@code get_all_ex} answer it (API.md 5.1); fields not
 * asked for with {@code only_fields} are null.
 *
 * @param totalTasks active tasks (from {@code include_stats}), or null when not asked for
 * @param hidden     a hidden project (its {@code hidden} flag or {@code hidden} system tag: datasets, pipelines)
 */
public record ProjectInfo(String id, String name, String parentId, Long totalTasks, boolean hidden) {}
