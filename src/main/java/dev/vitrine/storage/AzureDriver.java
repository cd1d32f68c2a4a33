package dev.vitrine.storage;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.common.StorageSharedKeyCredential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@code azure://<account>.blob.core.windows.net/<container>/<blob>} on Azure Blob Storage with the
 * Azure SDK (the library the ClearML SDK uses) and the shared-key credentials {@link AzureSettings}
 * resolves. Downloads stream the blob from an offset (resume = a ranged read); uploads are block
 * blobs in 8 MiB blocks sent in parallel, with the content type the SDK sets; a cancelled upload
 * commits nothing (uncommitted blocks are discarded by the service). Thread-safe; close it.
 */
public final class AzureDriver implements StorageDriver, AutoCloseable {

    private static final long BLOCK = 8L << 20;

    private final AzureSettings settings;
    private final Map<AzureSettings.Container, BlobServiceClient> clients = new ConcurrentHashMap<>();
    private final ExecutorService uploads;
    /** The executors this driver made itself when none were handed in; null when they belong to the caller. */
    private final dev.vitrine.concurrent.ExecutorFactory owned;

    /** A driver with an upload executor of its own, stopped on close. */
    public AzureDriver(AzureSettings settings) {
        this(settings, null);
    }

    /** @param executors where uploads run (the Azure SDK call blocks; cancelling interrupts it); owned by the caller, or null */
    public AzureDriver(AzureSettings settings, dev.vitrine.concurrent.ExecutorFactory executors) {
        this.settings = Objects.requireNonNull(settings);
        this.owned = executors == null ? new dev.vitrine.concurrent.ExecutorFactory() : null;
        this.uploads = (executors == null ? owned : executors).cached("azure-upload");
    }

    private BlobClient blob(StorageUri uri, AzureSettings.Location l) {
        return container(l).getBlobClient(l.blob());
    }

    private com.azure.storage.blob.BlobContainerClient container(AzureSettings.Location l) {
        AzureSettings.Container c = settings.resolve(l);
        BlobServiceClient service = clients.computeIfAbsent(c, k -> new BlobServiceClientBuilder()
                .endpoint(k.serviceEndpoint())
                .credential(new StorageSharedKeyCredential(k.account(), k.key()))
                .buildClient());
        return service.getBlobContainerClient(l.container());
    }

    /**
     * Reads the properties of the container {@code uri} names (Get Container Properties), which
     * tells a missing container (NOT_FOUND) from an empty one without listing or writing anything.
     */
    public void probeContainer(StorageUri uri) {
        AzureSettings.Location l = AzureSettings.locate(uri);
        try {
            container(l).getProperties();
        } catch (RuntimeException e) {
            throw failure(e, l, "read the container of");
        }
    }

    @Override
    public ObjectInfo stat(StorageUri uri) {
        AzureSettings.Location l = AzureSettings.locate(uri);
        try {
            return new ObjectInfo(uri, blob(uri, l).getProperties().getBlobSize());
        } catch (RuntimeException e) {
            throw failure(e, l, "read");
        }
    }

    @Override
    public Body open(StorageUri uri, long offset) {
        return open(uri, offset, null);
    }

    /**
     * Reads pinned to the blob's ETag: a resume whose blob was replaced since the first bytes reads
     * the new one from byte 0, and a replacement during a read fails it (If-Match).
     */
    @Override
    public Body open(StorageUri uri, long offset, String validator) {
        try {
            return openPinned(uri, offset, validator);
        } catch (StorageException e) {
            // 412: the blob was replaced between its properties and the read (the SDK's own retry of
            // a dropped block asks If-Match too): read the new one, from its start
            if (!(e.getCause() instanceof BlobStorageException b) || b.getStatusCode() != 412) throw e;
            Body whole = openPinned(uri, 0, null);
            return new Body(whole.stream(), whole.length(), offset > 0 ? 0 : -1, whole.validator());
        }
    }

    private Body openPinned(StorageUri uri, long offset, String validator) {
        AzureSettings.Location l = AzureSettings.locate(uri);
        try {
            BlobClient b = blob(uri, l);
            var props = b.getProperties();
            long size = props.getBlobSize();
            String etag = props.getETag();
            long from = validator != null && !validator.equals(etag) ? 0 : offset;
            if (from >= size) return new Body(InputStream.nullInputStream(), Math.max(0, size - from), from == offset ? -1 : 0, etag);
            InputStream in = b.openInputStream(new BlobInputStreamOptions().setRange(new BlobRange(from)).setBlockSize((int) (4L << 20))
                    .setRequestConditions(new com.azure.storage.blob.models.BlobRequestConditions().setIfMatch(etag)));
            return new Body(in, size - from, from == offset ? -1 : 0, etag);
        } catch (RuntimeException e) {
            throw failure(e, l, "read");
        }
    }

    @Override
    public void upload(Path source, StorageUri target, ProgressListener progress, Cancellation cancel) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        AzureSettings.Location l = AzureSettings.locate(target);
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "Cannot read " + source + ": " + ResumingDownload.describe(e), e);
        }
        c.throwIfCancelled("upload to " + l.describe());
        BlobClient b;
        try {
            b = blob(target, l);
        } catch (RuntimeException e) {
            throw failure(e, l, "write");
        }
        BlobUploadFromFileOptions options = new BlobUploadFromFileOptions(source.toString())
                .setParallelTransferOptions(new ParallelTransferOptions().setBlockSizeLong(BLOCK).setMaxSingleUploadSizeLong(BLOCK)
                        .setMaxConcurrency(8).setProgressListener(sent -> {
                            if (!c.isCancelled()) listener.progress(Math.min(sent, size), size);
                        }))
                .setHeaders(new BlobHttpHeaders().setContentType(S3Driver.contentType(l.blob())));
        Future<?> job = uploads.submit(() -> b.uploadFromFileWithResponse(options, null, Context.NONE));
        Runnable unhook = c.onCancel(() -> job.cancel(true));
        try {
            job.get();
            listener.progress(size, size);
        } catch (CancellationException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            job.cancel(true);
            throw StorageException.cancelled("upload to " + l.describe());
        } catch (ExecutionException e) {
            if (c.isCancelled()) throw StorageException.cancelled("upload to " + l.describe());
            throw failure(e.getCause(), l, "write");
        } finally {
            unhook.run();
        }
    }

    @Override
    public void delete(StorageUri uri) {
        AzureSettings.Location l = AzureSettings.locate(uri);
        try {
            blob(uri, l).deleteIfExists();
        } catch (RuntimeException e) {
            throw failure(e, l, "delete");
        }
    }

    private static StorageException failure(Throwable e, AzureSettings.Location l, String verb) {
        if (e instanceof StorageException se) return se;
        String where = l.describe();
        if (e instanceof BlobStorageException b) {
            String code = b.getErrorCode() == null ? "" : b.getErrorCode().toString();
            int status = b.getStatusCode();
            if (status == 404) {
                return new StorageException(StorageException.Kind.NOT_FOUND, (code.equals("ContainerNotFound") ? "No such container: " : "Not found: ") + where, e);
            }
            // Azure says AuthenticationFailed for a wrong key; Azurite says AuthorizationFailure with the same explanation
            boolean authentication = code.equals("AuthenticationFailed") || code.isEmpty()
                    || String.valueOf(b.getMessage()).contains("failed to authenticate");
            if (status == 403 && authentication) {
                return new StorageException(StorageException.Kind.BAD_CREDENTIALS, "Wrong Azure credentials for " + where
                        + " (" + (code.isEmpty() ? status : code) + "): check sdk.azure.storage in clearml.conf", e);
            }
            if (status == 403) return new StorageException(StorageException.Kind.ACCESS_DENIED, "Access denied to " + verb + " " + where + " (" + code + ")", e);
            if (status >= 500 || status == 429) return new StorageException(StorageException.Kind.SERVER, "Azure server error " + status + " to " + verb + " " + where, e);
            return new StorageException(StorageException.Kind.OTHER, "Azure refused to " + verb + " " + where + ": " + status + " " + code, e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof IOException) {
            return new StorageException(StorageException.Kind.NETWORK, "Network error reaching " + where + ": " + ResumingDownload.describe(root), e);
        }
        String m = ResumingDownload.describe(e);
        return new StorageException(StorageException.Kind.OTHER, "Azure error for " + where + ": " + m.lines().findFirst().orElse(m), e);
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
        clients.clear();
    }
}
