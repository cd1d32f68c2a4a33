package dev.vitrine.storage;

import dev.vitrine.workspace.Location;

import java.util.Objects;

/**
 * What {@link ArtifactCache#fetch(FetchRequest)} is asked for: a uri (with the storage scope whose
 * drivers fetch it), what the bytes must be, and who watches and may cancel. Immutable; build with
 * {@link #of(String)} or {@link #of(Location.Remote)} and the {@code with} methods.
 *
 * @param uri      the artifact's uri as registered
 * @param storage  the storage scope ({@link Location.Remote#storage()}), or null for the default drivers
 * @param sha256   the artifact's hash, checked after download when not blank
 * @param size     the artifact's content_size when known: caps and checks the download, and a cached
 *                 file of another size is downloaded again
 * @param force    download even when cached
 */
public record FetchRequest(String uri, String storage, String sha256, Long size, boolean force,
                           ProgressListener progress, Cancellation cancel) {

    public FetchRequest {
        Objects.requireNonNull(uri, "uri");
        if (progress == null) progress = ProgressListener.NONE;
        if (cancel == null) cancel = Cancellation.none();
    }

    public static FetchRequest of(String uri) {
        return new FetchRequest(uri, null, null, null, false, null, null);
    }

    public static FetchRequest of(Location.Remote remote) {
        return new FetchRequest(remote.uri(), remote.storage(), null, null, false, null, null);
    }

    /** The content the bytes must have: a hash and/or a size, each null when unknown. */
    public FetchRequest expecting(String sha256, Long size) {
        return new FetchRequest(uri, storage, sha256, size, force, progress, cancel);
    }

    public FetchRequest forced() {
        return new FetchRequest(uri, storage, sha256, size, true, progress, cancel);
    }

    public FetchRequest observed(ProgressListener progress, Cancellation cancel) {
        return new FetchRequest(uri, storage, sha256, size, force, progress, cancel);
    }
}
