package dev.vitrine.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@code s3://} objects on AWS and S3-compatible servers (MinIO, Ceph), with AWS SDK v2 and the
 * credentials, region, endpoint and secure/verify that {@link S3Settings} resolves per bucket or host
 * exactly as the ClearML SDK does. Downloads are plain and ranged GETs on a synchronous client
 * (resume = ranged GET; S3-compatible servers refuse {@code ?partNumber} GETs). Uploads at or above
 * {@code multipart_threshold} are multipart uploads with the SDK's concurrency and parts of at least its
 * {@code multipart_chunksize}, grown for large files (see {@link #partSize}); a
 * cancelled or failed one is aborted. On a plain-http endpoint the parts go through presigned urls
 * ({@link PresignedParts}) because the SDK would sign every payload byte there. Clients are built lazily per endpoint and credentials and reused; close the
 * driver to release them. Thread-safe.
 */
public final class S3Driver implements StorageDriver, AutoCloseable {

    private final S3Settings settings;
    private final Map<ClientKey, Clients> clients = new ConcurrentHashMap<>();

    private final dev.vitrine.concurrent.ExecutorFactory executors;
    private final boolean ownsExecutors;

    /** A driver with executors of its own for multipart uploads, stopped on close. */
    public S3Driver(S3Settings settings) {
        this(settings, new dev.vitrine.concurrent.ExecutorFactory(), true);
    }

    /** @param executors where multipart uploads get their part threads; owned by the caller */
    public S3Driver(S3Settings settings, dev.vitrine.concurrent.ExecutorFactory executors) {
        this(settings, Objects.requireNonNull(executors), false);
    }

    private S3Driver(S3Settings settings, dev.vitrine.concurrent.ExecutorFactory executors, boolean owns) {
        this.settings = Objects.requireNonNull(settings);
        this.executors = executors;
        this.ownsExecutors = owns;
    }

    public S3Settings settings() {
        return settings;
    }

    private record ClientKey(String endpoint, String key, String secret, String token, String region, String verify,
                             boolean pathStyle, boolean chain, String profile) {
        @Override
        public String toString() {
            return "ClientKey[" + endpoint + "]"; // never the secret
        }
    }

    private static final class Clients {
        final S3Client sync;
        /** For parts sent to a plain-http endpoint (see {@link PresignedParts}); null on https. */
        final PresignedParts presigned;

        Clients(S3Client sync, PresignedParts presigned) {
            this.sync = sync;
            this.presigned = presigned;
        }

        void close() {
            sync.close();
            if (presigned != null) presigned.close();
        }
    }

    private Clients clients(S3Settings.Target t) {
        S3Settings.Bucket b = t.config();
        ClientKey k = new ClientKey(t.endpoint(), b.key(), b.secret(), b.token(), b.region(), b.verify(), t.pathStyle(),
                b.useCredentialsChain(), b.profile());
        return clients.computeIfAbsent(k, this::buildSync);
    }

    private Clients buildSync(ClientKey k) {
        Apache5HttpClient.Builder http = Apache5HttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(settings.connectTimeoutSec()))
                .socketTimeout(Duration.ofSeconds(settings.readTimeoutSec()))
                .maxConnections(64);
        TlsTrustManagersProvider trust = trust(k.verify());
        if (trust != null) http.tlsTrustManagersProvider(trust);
        var b = S3Client.builder().httpClientBuilder(http);
        configure(b, k);
        S3Client sync = b.build();
        PresignedParts presigned = null;
        try {
            if (k.endpoint() != null && k.endpoint().regionMatches(true, 0, "http://", 0, 7)) {
                presigned = new PresignedParts(S3Presigner.builder()
                        .region(Region.of(k.region().isEmpty() ? "us-east-1" : k.region()))
                        .endpointOverride(URI.create(k.endpoint()))
                        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(k.pathStyle()).build())
                        .credentialsProvider(credentials(k))
                        .build(), settings.connectTimeoutSec(), settings.readTimeoutSec(), settings.maxConcurrency());
            }
        } catch (RuntimeException e) {
            sync.close();
            throw e;
        }
        return new Clients(sync, presigned);
    }

    private static void configure(software.amazon.awssdk.services.s3.S3BaseClientBuilder<?, ?> b, ClientKey k) {
        b.region(Region.of(k.region().isEmpty() ? "us-east-1" : k.region()));
        if (k.endpoint() != null) b.endpointOverride(URI.create(k.endpoint()));
        else if (k.region().isEmpty()) b.crossRegionAccessEnabled(true);
        b.forcePathStyle(k.pathStyle());
        b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        b.credentialsProvider(credentials(k));
    }

    private static AwsCredentialsProvider credentials(ClientKey k) {
        if (!k.key().isEmpty() && !k.secret().isEmpty() && !k.chain()) {
            return StaticCredentialsProvider.create(k.token().isEmpty()
                    ? AwsBasicCredentials.create(k.key(), k.secret())
                    : AwsSessionCredentials.create(k.key(), k.secret(), k.token()));
        }
        if (!k.profile().isEmpty()) return ProfileCredentialsProvider.create(k.profile());
        return DefaultCredentialsProvider.builder().build();
    }

    /** {@code verify}: null/true = default trust; false = none; a path = that CA bundle (PEM). */
    private static TlsTrustManagersProvider trust(String verify) {
        if (verify == null || verify.isBlank() || verify.equalsIgnoreCase("true")) return null;
        if (verify.equalsIgnoreCase("false")) {
            TrustManager[] all = {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }};
            return () -> all;
        }
        if (verify.contains("://")) {
            throw new StorageException(StorageException.Kind.UNSUPPORTED, "A certificate url in sdk.aws.s3 verify is not supported: use a local CA bundle path");
        }
        Path p = Path.of(verify.startsWith("~/") ? System.getProperty("user.home") + verify.substring(1) : verify);
        try (InputStream in = Files.newInputStream(p)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("ca" + i++, cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            TrustManager[] tms = tmf.getTrustManagers();
            return () -> tms;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot read the CA bundle " + p + " named by sdk.aws.s3 verify: " + ResumingDownload.describe(e), e);
        }
    }

    @Override
    public ObjectInfo stat(StorageUri uri) {
        S3Settings.Target t = settings.resolve(uri);
        try {
            HeadObjectResponse r = clients(t).sync.headObject(b -> b.bucket(t.location().bucket()).key(t.location().key()));
            return new ObjectInfo(uri, r.contentLength() == null ? -1 : r.contentLength());
        } catch (SdkException e) {
            throw failure(e, t, "read");
        }
    }

    @Override
    public Body open(StorageUri uri, long offset) {
        return open(uri, offset, null);
    }

    /**
     * A resume is a ranged GET with {@code If-Match} on the ETag of the first answer: a replaced
     * object fails it (412) and is read again from byte 0.
     */
    @Override
    public Body open(StorageUri uri, long offset, String validator) {
        S3Settings.Target t = settings.resolve(uri);
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(t.location().bucket()).key(t.location().key());
        if (offset > 0) {
            req.range("bytes=" + offset + "-");
            if (validator != null) req.ifMatch(validator);
        }
        try {
            ResponseInputStream<GetObjectResponse> resp = clients(t).sync.getObject(req.build());
            Long len = resp.response().contentLength();
            InputStream stream = new java.io.FilterInputStream(resp) {
                @Override
                public void close() throws IOException {
                    resp.abort(); // do not drain the rest of a large object on cancel
                    super.close();
                }
            };
            String range = resp.response().contentRange();
            long start = offset == 0 ? -1 : range == null ? 0 : ResumingDownload.rangeStart(range);
            return new Body(stream, len == null ? -1 : len, start, resp.response().eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == 416 && offset > 0) {
                long size = stat(uri).size();
                if (size == offset) return new Body(InputStream.nullInputStream(), 0);
            }
            if (e.statusCode() == 412 && offset > 0) {
                Body whole = open(uri, 0, null); // replaced since the first bytes: all of the new one
                return new Body(whole.stream(), whole.length(), 0, whole.validator());
            }
            throw failure(e, t, "read");
        } catch (SdkException e) {
            throw failure(e, t, "read");
        }
    }

    @Override
    public void upload(Path source, StorageUri target, ProgressListener progress, Cancellation cancel) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        S3Settings.Target t = settings.resolve(target);
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "Cannot read " + source + ": " + ResumingDownload.describe(e), e);
        }
        String type = contentType(t.location().key());
        PutObjectRequest put = PutObjectRequest.builder().bucket(t.location().bucket()).key(t.location().key()).contentType(type).build();
        c.throwIfCancelled("upload to " + target);
        if (!t.config().multipart() || size < settings.multipartThreshold()) {
            putSingle(source, size, put, t, listener, c);
            return;
        }
        multipart(source, size, put, t, listener, c);
    }

    /**
     * A multipart upload on the synchronous client: parts of {@code multipart_chunksize} sent by up to
     * {@code max_multipart_concurrency} threads, then completed; any failure or cancel aborts it so
     * no parts stay billed on the server. (The SDK's own transfer manager needs the Netty client,
     * whose 4.1 line clashes with the Netty 4.2 that Arrow brings in.)
     */
    private void multipart(Path source, long size, PutObjectRequest put, S3Settings.Target t, ProgressListener listener, Cancellation c) {
        Clients cl = clients(t);
        S3Client s3 = cl.sync;
        String bucket = put.bucket();
        String key = put.key();
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(put.contentType())).uploadId();
        } catch (SdkException e) {
            throw failure(e, t, "write");
        }
        final long ps = partSize(size, settings.multipartChunkSize(), settings.maxConcurrency());
        int count = (int) ((size + ps - 1) / ps);
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        CompletedPart[] done = new CompletedPart[count];
        ExecutorService pool = executors.fixed("s3-part", Math.min(settings.maxConcurrency(), count));
        List<Future<?>> futures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable unhook = c.onCancel(() -> futures.forEach(f -> f.cancel(true)));
        java.util.concurrent.CompletionService<Object> finished = new java.util.concurrent.ExecutorCompletionService<>(pool);
        boolean ok = false;
        try {
            for (int i = 0; i < count; i++) {
                final int n = i;
                futures.add(finished.submit(() -> {
                    long off = n * ps;
                    long len = Math.min(ps, size - off);
                    c.throwIfCancelled("upload to " + t.location().describe());
                    String etag;
                    if (cl.presigned != null) {
                        etag = cl.presigned.put(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId).partNumber(n + 1).build(),
                                source, off, len, sent, size, listener, c, t);
                    } else {
                        java.util.concurrent.atomic.AtomicLong counted = new java.util.concurrent.atomic.AtomicLong();
                        RequestBody body = RequestBody.fromContentProvider(() -> {
                            sent.addAndGet(-counted.getAndSet(0)); // the SDK re-reads a part it retries: count it once
                            return rangeStream(source, off, len, sent, counted, size, listener, c);
                        }, len, put.contentType());
                        etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n + 1).contentLength(len), body).eTag();
                    }
                    done[n] = CompletedPart.builder().partNumber(n + 1).eTag(etag).build();
                    return null;
                }));
            }
            // in completion order: the first failed part stops the others at once
            for (int i = 0; i < count; i++) {
                try {
                    finished.take().get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    throw e;
                }
            }
            c.throwIfCancelled("upload to " + t.location().describe());
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
            listener.progress(size, size);
            ok = true;
        } catch (CancellationException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw StorageException.cancelled("upload to " + t.location().describe());
        } catch (ExecutionException e) {
            if (c.isCancelled()) throw StorageException.cancelled("upload to " + t.location().describe());
            Throwable cause = e.getCause();
            if (cause instanceof StorageException se) throw se;
            if (cause instanceof SdkException se) throw failure(se, t, "write");
            throw new StorageException(StorageException.Kind.OTHER, "Upload to " + t.location().describe() + " failed: " + ResumingDownload.describe(cause), cause);
        } catch (SdkException e) {
            if (c.isCancelled()) throw StorageException.cancelled("upload to " + t.location().describe());
            throw failure(e, t, "write");
        } finally {
            unhook.run();
            pool.shutdownNow();
            if (!ok) {
                try {
                    pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                // a cancel interrupts this thread, and the SDK gives up on an interrupted thread before
                // it sends anything: abort with the flag cleared, or the parts stay stored (and billed)
                boolean interrupted = Thread.interrupted();
                try {
                    s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
                } catch (SdkException ignored) {
                    // the failure itself is what the user needs to see
                } finally {
                    if (interrupted) Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Parts grow up to this size so that a large file is sent in about one round of concurrent parts. */
    static final long MAX_GROWN_PART = 64L << 20;

    /**
     * The part size of a multipart upload: the configured {@code multipart_chunksize} (at least S3's
     * 5 MiB minimum), grown for a large file to {@code size / max_multipart_concurrency} (whole MiB)
     * up to {@link #MAX_GROWN_PART}, and never so small that the file needs more than S3's 10,000
     * parts. Fewer, larger parts cut the per-part request, signing and assembly cost (1 GB to S3Proxy:
     * 8 MiB parts 155 MB/s, 64 MiB parts 247 MB/s, BENCHMARKS.md) while every connection still has
     * a part to send; a chunk size configured above that is used as is.
     */
    static long partSize(long size, long configuredChunk, int concurrency) {
        long base = Math.max(5L << 20, configuredChunk);
        long perConnection = (size / Math.max(1, concurrency) + (1L << 20) - 1) & -(1L << 20);
        long part = Math.max(base, Math.min(MAX_GROWN_PART, perConnection));
        long minForCount = (size + 9_999) / 10_000; // S3's part count limit
        return Math.max(part, minForCount);
    }

    static InputStream rangeStream(Path source, long off, long len, java.util.concurrent.atomic.AtomicLong sent,
                                   java.util.concurrent.atomic.AtomicLong counted, long size, ProgressListener listener, Cancellation c) {
        try {
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(source);
            ch.position(off);
            InputStream raw = java.nio.channels.Channels.newInputStream(ch);
            return new java.io.FilterInputStream(raw) {
                long left = len;

                @Override
                public int read() throws IOException {
                    byte[] b = new byte[1];
                    return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int o, int l) throws IOException {
                    if (c.isCancelled()) throw new IOException("cancelled");
                    if (left <= 0) return -1;
                    int n = super.read(b, o, (int) Math.min(l, left));
                    if (n > 0) {
                        left -= n;
                        counted.addAndGet(n);
                        listener.progress(Math.min(size, sent.addAndGet(n)), size);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void putSingle(Path source, long size, PutObjectRequest put, S3Settings.Target t, ProgressListener listener, Cancellation c) {
        RequestBody body = RequestBody.fromContentProvider(() -> {
            try {
                InputStream raw = Files.newInputStream(source);
                return new java.io.FilterInputStream(raw) {
                    long sent;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (c.isCancelled()) throw new IOException("cancelled");
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            sent += n;
                            listener.progress(sent, size);
                        }
                        return n;
                    }
                };
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, size, put.contentType());
        try {
            clients(t).sync.putObject(put, body);
        } catch (SdkException e) {
            if (c.isCancelled()) throw StorageException.cancelled("upload to " + t.location().describe());
            throw failure(e, t, "write");
        }
    }

    @Override
    public void delete(StorageUri uri) {
        S3Settings.Target t = settings.resolve(uri);
        try {
            clients(t).sync.deleteObject(b -> b.bucket(t.location().bucket()).key(t.location().key()));
        } catch (SdkException e) {
            throw failure(e, t, "delete");
        }
    }

    /**
     * Lists at most one object under {@code uri}'s bucket (ListObjectsV2), or the buckets when the
     * uri names none: the cheapest call that proves credentials, bucket and region together. The
     * failure keeps the S3 error as its cause (its code says which of them is wrong).
     */
    public int probeList(StorageUri uri) {
        S3Settings.Target t = settings.resolve(uri);
        try {
            S3Client s3 = clients(t).sync;
            String bucket = t.location().bucket();
            if (bucket == null || bucket.isEmpty()) return s3.listBuckets().buckets().size();
            String prefix = t.location().key() == null ? "" : t.location().key();
            return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).keyCount();
        } catch (SdkException e) {
            throw failure(e, t, "list");
        }
    }

    static String contentType(String key) {
        String t = java.net.URLConnection.guessContentTypeFromName(key);
        return t == null ? "binary/octet-stream" : t;
    }

    static String where(S3Settings.Target t) {
        return t.location().describe() + (t.endpoint() == null ? "" : " (endpoint " + t.endpoint() + ")");
    }

    /** An S3 error response ({@code status}, its XML {@code <Code>}) as the user should read it. */
    static StorageException failure(int status, String code, Throwable cause, S3Settings.Target t, String verb) {
        String where = where(t);
        if (status == 404 || code.equals("NoSuchKey") || code.equals("NoSuchBucket") || code.equals("NoSuchUpload")) {
            return new StorageException(StorageException.Kind.NOT_FOUND, (code.equals("NoSuchBucket") ? "No such bucket: "
                    : code.equals("NoSuchUpload") ? "The multipart upload was aborted on the server: " : "Not found: ") + where, cause);
        }
        if (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch") || code.equals("ExpiredToken")
                || code.equals("InvalidToken") || status == 401) {
            return new StorageException(StorageException.Kind.BAD_CREDENTIALS, "Wrong S3 credentials for " + where + " (" + (code.isEmpty() ? status : code) + "): check sdk.aws.s3 in clearml.conf", cause);
        }
        if (status == 403) return new StorageException(StorageException.Kind.ACCESS_DENIED, "Access denied to " + verb + " " + where + (code.isEmpty() ? "" : " (" + code + ")"), cause);
        if (status >= 500 || status == 429) return new StorageException(StorageException.Kind.SERVER, "S3 server error " + status + " to " + verb + " " + where, cause);
        return new StorageException(StorageException.Kind.OTHER, "S3 refused to " + verb + " " + where + ": " + status + " " + code, cause);
    }

    private static StorageException failure(SdkException e, S3Settings.Target t, String verb) {
        String where = where(t);
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? "" : Objects.toString(s3.awsErrorDetails().errorCode(), "");
            return failure(s3.statusCode(), code, e, t, verb);
        }
        if (e instanceof SdkClientException) {
            return new StorageException(StorageException.Kind.NETWORK, "Network error reaching " + where + ": " + firstLine(e), e);
        }
        return new StorageException(StorageException.Kind.OTHER, "S3 error for " + where + ": " + firstLine(e), e);
    }

    private static String firstLine(Throwable e) {
        String m = ResumingDownload.describe(e);
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        for (Clients c : clients.values()) {
            c.close();
        }
        clients.clear();
        if (ownsExecutors) executors.close();
    }
}
