package dev.vitrine.clearml;

/**
 * One stored media event ({@code training_debug_image}) as every events read call returns it
 * (EVENTS.md 2): the reporting iteration, title ({@code metric}) and series ({@code variant}), the
 * storage key (not encoded) and the url (percent-encoded, to be fetched as given).
 *
 * @param timestamp the SDK's report time, epoch milliseconds
 */
public record DebugEvent(String task, long iter, String metric, String variant, String key, String url, long timestamp) {}
