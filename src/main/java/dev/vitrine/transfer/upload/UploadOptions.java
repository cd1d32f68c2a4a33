package dev.vitrine.transfer.upload;

/**
 * How an upload may treat the task.
 *
 * @param replace       overwrite an artifact with the same key (after the user confirmed)
 * @param forceFinished write to a completed/stopped/failed/published task through the documented
 *                      {@code tasks.edit} alternative, keeping its status (after the user confirmed)
 */
public record UploadOptions(boolean replace, boolean forceFinished) {
    public static UploadOptions defaults() {
        return new UploadOptions(false, false);
    }
}
