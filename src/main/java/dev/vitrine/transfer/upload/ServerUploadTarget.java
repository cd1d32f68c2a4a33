package dev.vitrine.transfer.upload;

import dev.vitrine.storage.Cancellation;
import dev.vitrine.storage.StorageDriver;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageException;
import dev.vitrine.storage.StorageUri;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactIntake;
import dev.vitrine.workspace.SdkNaming;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.LongConsumer;
import java.util.function.Function;

/**
 * Uploads to a ClearML server's task exactly as {@code task.upload_artifact()} would
 * (ARTIFACTS.md 1.3, 3): the bytes go to the task's output destination (else the files server)
 * under the SDK's key, their size is checked at the destination, and only then is the entry
 * registered through the workspace's {@link ArtifactIntake.Remote} (on a finished task only after
 * the user confirmed; its status is never changed). A failed registration removes
 * the uploaded object, so nothing is left half-done; a cancelled upload registers nothing.
 *
 * <p>Replacing writes to the same uri the SDK would (its key does not change with the content),
 * so that uri may hold the object the current entry points to. Every driver swaps an object only
 * when its upload completes (a files server saves a POST once received, S3 completes a multipart,
 * GCS finalises a resumable session, Azure commits its blocks, a local file is moved into place),
 * so a dropped or cancelled replace leaves the old object whole; it is therefore never deleted
 * afterwards. Only an object that did not exist before this upload is removed on failure.
 */
public final class ServerUploadTarget implements UploadTarget {

    private static final Logger LOG = LoggerFactory.getLogger(ServerUploadTarget.class);
    private final Function<String, StorageDrivers> drivers;

    /** @param drivers the storage drivers of a storage scope (a server's files server token, its S3 credentials) */
    public ServerUploadTarget(Function<String, StorageDrivers> drivers) {
        this.drivers = drivers;
    }

    @Override
    public boolean accepts(Workspace ws) {
        return ws.intake().orElse(null) instanceof ArtifactIntake.Remote;
    }

    @Override
    public Artifact upload(Workspace ws, Task task, PreparedUpload prepared, UploadOptions options, LongConsumer progress) {
        ArtifactIntake.Remote intake = (ArtifactIntake.Remote) ws.intake().orElseThrow();
        ArtifactIntake.Site fresh = intake.site(task.id());
        boolean writable = fresh.writable();
        if (!writable && !options.forceFinished()) {
            throw new StorageException("Task " + task.name() + " is " + fresh.status() + ": the server accepts new artifacts only on created, "
                    + "queued or in-progress tasks; confirm to add it anyway (the status is kept)");
        }
        if (!options.replace() && fresh.outputKeys().contains(prepared.key())) {
            throw new StorageException("Task " + task.name() + " already has an artifact named '" + prepared.key() + "'");
        }

        String dest = options.destination() != null ? options.destination() : fresh.destination();
        if (dest == null || dest.isBlank()) throw new StorageException("Neither the task's output destination nor a files server is configured");
        String taskName = fresh.name() != null ? fresh.name() : task.name();
        String key = SdkNaming.artifactKey(fresh.projectName(), fresh.projectId(), taskName, task.id(), prepared.key(), prepared.storedName());
        String uri = SdkNaming.uri(dest, key);
        StorageUri target = StorageUri.parse(uri);
        StorageDrivers d = drivers.apply(intake.storageScope());

        // an object already there may be what a registered artifact points to: never delete it
        boolean ours = !options.replace() || absent(d, target);
        Thread caller = Thread.currentThread();
        Cancellation cancel = new Cancellation();
        try {
            d.upload(prepared.file(), target, (done, total) -> {
                if (caller.isInterrupted()) cancel.cancel();
                progress.accept(done);
            }, cancel);
        } catch (RuntimeException e) {
            if (ours) removeQuietly(d, target);
            if (caller.isInterrupted() || cancel.isCancelled()) throw StorageException.cancelled("upload to " + uri + ": nothing was registered");
            // a replace whose last answer was lost may have swapped the object all the same: the entry
            // must then name the new bytes, or it would list a hash its object no longer has
            if (ours || !holds(d, target, prepared)) throw e;
        }
        if (caller.isInterrupted() || cancel.isCancelled()) {
            if (ours) removeQuietly(d, target);
            throw new StorageException("Cancelled: nothing was registered");
        }
        long stored = d.driverFor(d.resolve(target)).stat(d.resolve(target)).size();
        if (stored != prepared.size()) {
            if (ours) removeQuietly(d, target);
            throw new StorageException("The stored file has " + stored + " bytes, not " + prepared.size() + ": nothing was registered");
        }

        Artifact entry = prepared.entry(uri, Instant.ofEpochSecond(Instant.now().getEpochSecond()), intake.locate(uri));
        try {
            intake.register(task.id(), entry, writable);
        } catch (RuntimeException e) {
            // the server may have applied the call and lost only its answer (a garbled or cut reply):
            // removing the object then would leave a registered artifact without its bytes
            if (registered(ws, task.id(), entry)) return entry;
            if (!ours) {
                throw new StorageException("Uploaded to " + uri + ", but the server did not register it (" + e.getMessage()
                        + "): the task's entry still lists the previous size and hash, retry when the server is back", e);
            }
            removeQuietly(d, target);
            throw new StorageException("Uploaded, but the server did not register it (" + e.getMessage()
                    + "): the upload was removed, retry when the server is back", e);
        }
        return entry;
    }

    /** True only when the storage says there is no object at {@code target}. */
    private static boolean absent(StorageDrivers d, StorageUri target) {
        try {
            StorageUri t = d.resolve(target);
            d.driverFor(t).stat(t);
            return false;
        } catch (StorageException e) {
            return e.kind() == StorageException.Kind.NOT_FOUND;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the object at {@code target} is exactly the prepared bytes (read back and hashed; only after a failed replace). */
    private static boolean holds(StorageDrivers d, StorageUri target, PreparedUpload prepared) {
        java.nio.file.Path back = null;
        try {
            StorageUri t = d.resolve(target);
            StorageDriver driver = d.driverFor(t);
            if (driver.stat(t).size() != prepared.size()) return false;
            back = java.nio.file.Files.createTempFile("vitrine-replace-check", ".bin");
            driver.download(t, back, prepared.size(), null, null);
            return prepared.sha256().equalsIgnoreCase(dev.vitrine.storage.ArtifactCache.sha256(back));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        } finally {
            if (back != null) back.toFile().delete();
        }
    }

    /**
     * Whether the task now lists exactly this entry (same uri, hash and size). Asked with the
     * interrupt flag cleared: a cancel must not stop the check that decides what to clean up.
     */
    private static boolean registered(Workspace ws, String taskId, Artifact entry) {
        boolean interrupted = Thread.interrupted();
        try {
            return ws.task(taskId).artifact(entry.key())
                    .filter(a -> entry.uri().equals(a.uri()) && entry.hash().equalsIgnoreCase(String.valueOf(a.hash()))
                            && entry.size().equals(a.size()))
                    .isPresent();
        } catch (RuntimeException e) {
            return false;
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Removes what this upload stored; runs even when the upload was cancelled (the interrupt flag is set again after). */
    private static void removeQuietly(StorageDrivers d, StorageUri target) {
        boolean interrupted = Thread.interrupted();
        try {
            StorageUri t = d.resolve(target);
            d.driverFor(t).delete(t);
        } catch (RuntimeException e) {
            LOG.info("could not remove {} after a failed upload: {}", target, e.toString());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
