package dev.vitrine.transfer.upload;

/**
 * How an upload may treat the task.
 *
 * @param replace       overwrite an artifact with the same key (after the user confirmed)
 * @param forceFinished write to a completed/stopped/failed/published task through the documented
 *                      {@code tasks.edit} alternative, keeping its status (after the user confirmed)
 * @param destination   where to store instead of the task's output destination (null: the task's,
 *                      else the files server), as {@code upload_artifact}'s destination would
 */
public record UploadOptions(boolean replace, boolean forceFinished, String destination) {
    public UploadOptions(boolean replace, boolean forceFinished) {
        this(replace, forceFinished, null);
    }

    public static UploadOptions defaults() {
        return new UploadOptions(false, false, null);
    }
}
