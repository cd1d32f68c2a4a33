package dev.vitrine.transfer;

import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.storage.StorageException;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.SdkNaming;
import dev.vitrine.workspace.StoredFile;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * "Save as", "Download all" and drag-out: artifacts and models fetched through the cache (remote)
 * or the session (local), then copied to a folder the user chose, each as a job of the Transfers
 * panel. Names from the server become plain file names: nothing escapes the chosen folder.
 */
public final class Downloads {

    private final Transfers transfers;
    private final Supplier<ArtifactCache> cache;
    private final LocalCopies local;

    public Downloads(Transfers transfers, Supplier<ArtifactCache> cache, LocalCopies local) {
        this.transfers = transfers;
        this.cache = cache;
        this.local = local;
    }

    /** Fetches one artifact or model and copies it to {@code dir/fileName}, the name the user chose (kept as typed). */
    public TransferJob saveTo(StoredFile item, Path dir, String fileName) {
        String name = dev.vitrine.storage.StorageUri.safeName(fileName);
        if (name == null) throw new StorageException("Not a plain file name: " + fileName);
        return save(item, dir, name);
    }

    private TransferJob save(StoredFile item, Path dir, String name) {
        Location loc = location(item);
        return transfers.submit("Save " + name, TransferJob.Direction.DOWNLOAD, source(item, loc), storage(loc), (progress, cancel) -> {
            Path file = loc instanceof Location.Remote r ? cache.get().fetch(r, item.hash(), item.size(), progress, cancel).path()
                    : local.localCopy(loc, item.hash());
            return ArtifactCache.copyInto(file, dir, name, cancel);
        });
    }

    /**
     * Every readable artifact of each task into {@code dir/<task name>.<id>/<key>/<file>}; links
     * and files outside their session are skipped (listed in the result).
     */
    public Batch downloadAll(Workspace ws, List<Task> tasks, Path dir) {
        List<TransferJob> jobs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Task t : tasks) {
            TaskDetails d = ws.task(t.id());
            Path taskDir = dir.resolve(safeName(t.name() + "." + t.id()));
            List<Artifact> all = d.allArtifacts() ? d.artifacts() : allArtifacts(ws, t.id());
            for (Artifact a : all) {
                Location loc = a.location();
                if (loc instanceof Location.Missing || loc instanceof Location.OutsideSession) {
                    skipped.add(t.name() + "/" + a.key());
                    continue;
                }
                if (loc instanceof Location.Remote && a.hash() == null && a.contentSize() == null) {
                    skipped.add(t.name() + "/" + a.key() + " (a link)");
                    continue;
                }
                jobs.add(save(a, taskDir.resolve(safeName(a.key())), safeName(a.suggestedFileName())));
            }
        }
        return new Batch(jobs, skipped);
    }

    private static List<Artifact> allArtifacts(Workspace ws, String taskId) {
        List<Artifact> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            dev.vitrine.workspace.Page<Artifact> p = ws.artifacts(taskId, page, 1000);
            all.addAll(p.items());
            if (!p.hasMore() || p.items().isEmpty()) return all;
        }
    }

    /** The jobs started, and what was not downloadable. */
    public record Batch(List<TransferJob> jobs, List<String> skipped) {}

    /**
     * The local file for a drag to the desktop, when it is already on this machine (a local
     * file, an extracted session member, a cached download); null when it must be fetched first.
     */
    public Path readyFile(StoredFile item) {
        Location loc = location(item);
        if (loc instanceof Location.LocalFile f) return Files.isRegularFile(f.path()) ? f.path() : null;
        if (loc instanceof Location.Remote r) {
            try {
                Path p = cache.get().cacheFileFor(r.uri());
                return p != null && Files.isRegularFile(p) ? p : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** Starts fetching a file for a later drag (a zip member is extracted, a remote one downloaded). */
    public TransferJob prepare(StoredFile item) {
        Location loc = location(item);
        return transfers.submit("Fetch " + item.label(), TransferJob.Direction.DOWNLOAD, source(item, loc), storage(loc), (progress, cancel) ->
                loc instanceof Location.Remote r ? cache.get().fetch(r, item.hash(), item.size(), progress, cancel).path()
                        : local.localCopy(loc, item.hash()));
    }

    /** A plain file name: no separators, no "..", nothing empty. */
    static String safeName(String name) {
        String n = name == null ? "" : SdkNaming.r(name).replace('\\', '_');
        if (n.isBlank() || n.chars().allMatch(c -> c == '.')) n = "_" + n;
        return n.length() > 200 ? n.substring(0, 200) : n;
    }

    private static String storage(Location loc) {
        return loc instanceof Location.Remote r ? r.storage() : null;
    }

    private static Location location(StoredFile item) {
        if (item == null) throw new StorageException("Nothing selected to download");
        return item.location();
    }

    private static String source(StoredFile item, Location loc) {
        return loc instanceof Location.Remote r ? r.uri() : item.uri();
    }
}
