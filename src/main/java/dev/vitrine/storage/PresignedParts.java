package dev.vitrine.storage;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multipart parts sent to a plain-{@code http://} S3 endpoint (MinIO, Ceph, S3Proxy on a LAN)
 * through presigned {@code UploadPart} urls. Over http the AWS SDK always signs the payload
 * (a SHA-256 of every byte in aws-chunked framing, which the server then unwraps); a presigned
 * url carries the signature in its query and sends the bytes as they are ({@code UNSIGNED-PAYLOAD}),
 * which is what boto3 and curl do, and sent a 1 GB upload in 2.3 s of parts instead of 3.2 s
 * (BENCHMARKS.md). Over https the SDK already sends unsigned payloads and keeps the parts.
 *
 * <p>Each part is retried up to three times on a network error, 5xx or 429 (the SDK's standard
 * policy) with the progress of a failed attempt taken back. The presigned url holds a signature:
 * it never appears in a message or a log.
 */
final class PresignedParts implements AutoCloseable {

    private static final int ATTEMPTS = 3;
    private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");

    private final S3Presigner presigner;
    private final OkHttpClient http;
    private final Set<Call> running = ConcurrentHashMap.newKeySet();

    PresignedParts(S3Presigner presigner, int connectTimeoutSec, int readTimeoutSec, int concurrency) {
        this.presigner = presigner;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(connectTimeoutSec))
                .readTimeout(Duration.ofSeconds(readTimeoutSec))
                .writeTimeout(Duration.ofSeconds(readTimeoutSec))
                .connectionPool(new ConnectionPool(Math.max(1, concurrency), 1, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false) // retried here, with the bytes counted again
                .followRedirects(false) // a redirect would send the part again behind our back
                .build();
    }

    /**
     * Sends {@code len} bytes of {@code source} from {@code off} as the part {@code part} names and
     * returns its ETag. Progress goes to {@code sent}/{@code listener}; a cancel aborts the request.
     */
    String put(UploadPartRequest part, Path source, long off, long len, AtomicLong sent, long total,
               ProgressListener listener, Cancellation cancel, S3Settings.Target target) {
        String what = "upload to " + target.location().describe();
        StorageException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            cancel.throwIfCancelled(what);
            PresignedUploadPartRequest presigned = presigner.presignUploadPart(b -> b
                    .signatureDuration(Duration.ofHours(1))
                    .uploadPartRequest(part));
            AtomicLong counted = new AtomicLong();
            RequestBody body = new FileRangeBody(source, off, len, cancel,
                    () -> sent.addAndGet(-counted.getAndSet(0)), // a body written again (OkHttp retry) is counted once
                    n -> {
                        counted.addAndGet(n);
                        listener.progress(Math.min(total, sent.addAndGet(n)), total);
                    });
            Request request = new Request.Builder().url(presigned.url()).put(body).build();
            Call call = http.newCall(request);
            running.add(call);
            Runnable unhook = cancel.onCancel(call::cancel);
            try (Response response = call.execute()) {
                if (response.isSuccessful()) {
                    String etag = response.header("ETag");
                    if (etag == null || etag.isBlank()) {
                        throw new StorageException(StorageException.Kind.SERVER, "The S3 server sent no ETag for a part of " + S3Driver.where(target), null);
                    }
                    return etag;
                }
                String code = errorCode(response.body());
                last = S3Driver.failure(response.code(), code, null, target, "write");
                boolean transientFailure = response.code() >= 500 || response.code() == 429 || response.code() == 408
                        || code.equals("RequestTimeout") || code.equals("SlowDown"); // as the SDK's standard retry policy
                if (!transientFailure) throw last;
            } catch (IOException e) {
                if (cancel.isCancelled() || e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw StorageException.cancelled(what);
                }
                last = new StorageException(StorageException.Kind.NETWORK, "Network error reaching " + S3Driver.where(target) + ": "
                        + ResumingDownload.describe(e), e);
            } finally {
                unhook.run();
                running.remove(call);
            }
            sent.addAndGet(-counted.get()); // this attempt's bytes are sent again
            if (attempt < ATTEMPTS) pause(attempt, cancel, what);
        }
        throw last;
    }

    private static void pause(int attempt, Cancellation cancel, String what) {
        long base = 100L << attempt; // 200, 400 ms, with full jitter as the SDK's standard mode
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(base / 2, base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageException.cancelled(what);
        }
        cancel.throwIfCancelled(what);
    }

    private static String errorCode(ResponseBody body) {
        try {
            okio.BufferedSource src = body.source();
            src.request(64 << 10); // at most 64 KiB, however long (or unannounced) the body is
            String xml = src.getBuffer().readUtf8();
            Matcher m = CODE.matcher(xml);
            return m.find() ? m.group(1) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        running.forEach(Call::cancel);
        presigner.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
