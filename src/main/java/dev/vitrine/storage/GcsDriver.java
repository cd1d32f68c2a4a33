package dev.vitrine.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code gs://bucket/object} on Google Cloud Storage through its JSON API, with the credentials
 * {@link GcsSettings} resolves: a service-account json file (as the SDK's {@code credentials_json}),
 * else the application default credentials. Downloads are media GETs with a Range for resume;
 * uploads are resumable uploads in 8 MiB chunks, a chunk that fails is re-sent from what the
 * service says it holds, and a cancelled upload is deleted on the service (nothing is stored).
 * Thread-safe; close it.
 */
public final class GcsDriver implements StorageDriver, AutoCloseable {

    static final String SCOPE = "https://www.googleapis.com/auth/devstorage.read_write";
    /** Resumable chunks must be multiples of 256 KiB. */
    static final long CHUNK = 8L << 20;
    private static final int ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GcsSettings settings;
    private final OkHttpClient http;
    private final Map<String, GoogleCredentials> credentials = new ConcurrentHashMap<>();

    public GcsDriver(GcsSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60)).followRedirects(false).build();
    }

    private String authorization(GcsSettings.Target t) {
        GoogleCredentials c = credentials.computeIfAbsent(t.credentialsJson(), GcsDriver::load);
        try {
            c.refreshIfExpired();
            return "Bearer " + c.getAccessToken().getTokenValue();
        } catch (IOException | RuntimeException e) {
            credentials.remove(t.credentialsJson(), c);
            throw new StorageException(StorageException.Kind.BAD_CREDENTIALS, "Google Cloud refused the credentials for " + t.describe()
                    + (t.credentialsJson().isEmpty() ? " (application default credentials)" : " (" + t.credentialsJson() + ")") + ": "
                    + firstLine(e), e);
        }
    }

    private static GoogleCredentials load(String file) {
        try {
            if (file.isEmpty()) return GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return GoogleCredentials.fromStream(in).createScoped(List.of(SCOPE));
            }
        } catch (IOException | RuntimeException e) {
            throw new StorageException(StorageException.Kind.BAD_CREDENTIALS, file.isEmpty()
                    ? "No Google Cloud credentials: set sdk.google.storage.credentials_json in clearml.conf or GOOGLE_APPLICATION_CREDENTIALS"
                    : "Cannot read the Google Cloud credentials file " + file + ": " + firstLine(e), e);
        }
    }

    private static String objectPath(GcsSettings.Target t) {
        return "/storage/v1/b/" + enc(t.bucket()) + "/o/" + enc(t.object());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public ObjectInfo stat(StorageUri uri) {
        GcsSettings.Target t = settings.resolve(uri);
        Request r = new Request.Builder().url(t.endpoint() + objectPath(t) + "?fields=size").header("Authorization", authorization(t)).build();
        try (Response resp = http.newCall(r).execute()) {
            if (!resp.isSuccessful()) throw failure(resp, t, "read");
            JsonNode n = JSON.readTree(resp.body().string());
            return new ObjectInfo(uri, n.path("size").asLong(-1));
        } catch (IOException e) {
            throw network(e, t);
        }
    }

    /**
     * Reads the metadata of the bucket {@code uri} names ({@code buckets.get}), which tells a
     * missing bucket (NOT_FOUND) from an empty one without listing or writing anything. Needs
     * {@code storage.buckets.get}, which object-only roles lack (ACCESS_DENIED then).
     */
    public void probeBucket(StorageUri uri) {
        GcsSettings.Target t = settings.resolve(uri);
        Request r = new Request.Builder().url(t.endpoint() + "/storage/v1/b/" + enc(t.bucket()) + "?fields=name")
                .header("Authorization", authorization(t)).build();
        try (Response resp = http.newCall(r).execute()) {
            if (resp.code() == 404) throw new StorageException(StorageException.Kind.NOT_FOUND, "No such bucket: gs://" + t.bucket(), null);
            if (!resp.isSuccessful()) throw failure(resp, t, "read the bucket of");
        } catch (IOException e) {
            throw network(e, t);
        }
    }

    @Override
    public Body open(StorageUri uri, long offset) {
        return open(uri, offset, null);
    }

    /**
     * A resume is a ranged media GET with {@code ifGenerationMatch} on the generation of the first
     * answer: a replaced object fails it (412) and is read again from byte 0.
     */
    @Override
    public Body open(StorageUri uri, long offset, String validator) {
        GcsSettings.Target t = settings.resolve(uri);
        String condition = offset > 0 && validator != null ? "&ifGenerationMatch=" + validator : "";
        Request.Builder b = new Request.Builder().url(t.endpoint() + objectPath(t) + "?alt=media" + condition)
                .header("Authorization", authorization(t)).header("Accept-Encoding", "identity");
        if (offset > 0) b.header("Range", "bytes=" + offset + "-");
        Response resp = null;
        try {
            resp = http.newCall(b.build()).execute();
            if (resp.code() == 416 && offset > 0) {
                resp.close();
                if (stat(uri).size() == offset) return new Body(InputStream.nullInputStream(), 0);
                throw new StorageException(StorageException.Kind.OTHER, "The object changed while it was read: " + t.describe(), null);
            }
            if (resp.code() == 412 && offset > 0) {
                resp.close();
                Body whole = open(uri, 0, null);
                return new Body(whole.stream(), whole.length(), 0, whole.validator());
            }
            if (!resp.isSuccessful()) {
                StorageException e = failure(resp, t, "read");
                resp.close();
                throw e;
            }
            long start = -1;
            if (offset > 0) {
                start = resp.code() != 206 ? 0 : ResumingDownload.rangeStart(resp.header("Content-Range"));
            }
            return new Body(resp.body().byteStream(), resp.body().contentLength(), start, resp.header("x-goog-generation"));
        } catch (IOException e) {
            if (resp != null) resp.close();
            throw network(e, t);
        }
    }

    @Override
    public void upload(Path source, StorageUri target, ProgressListener progress, Cancellation cancel) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        GcsSettings.Target t = settings.resolve(target);
        String what = "upload to " + t.describe();
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "Cannot read " + source + ": " + ResumingDownload.describe(e), e);
        }
        c.throwIfCancelled(what);
        String type = S3Driver.contentType(t.object());
        String session = startSession(t, type, size);
        boolean done = false;
        try {
            long next = 0;
            int failures = 0;
            while (!done) {
                c.throwIfCancelled(what);
                long len = Math.min(CHUNK, size - next);
                final long base = next;
                final long[] written = {0};
                String range = size == 0 ? "bytes */0" : "bytes " + next + "-" + (next + len - 1) + "/" + size;
                Request put = new Request.Builder().url(session).header("Authorization", authorization(t)).header("Content-Range", range)
                        .put(new FileRangeBody(source, base, len, c, () -> written[0] = 0, n -> {
                            written[0] += n;
                            listener.progress(Math.min(size, base + written[0]), size);
                        })).build();
                Call call = http.newCall(put);
                Runnable unhook = c.onCancel(call::cancel);
                try (Response resp = call.execute()) {
                    if (resp.code() == 200 || resp.code() == 201) {
                        done = true;
                        listener.progress(size, size);
                    } else if (resp.code() == 308) {
                        next = persisted(resp.header("Range"));
                        failures = 0;
                        listener.progress(next, size);
                    } else if (resp.code() >= 500 || resp.code() == 429) {
                        if (++failures >= ATTEMPTS) throw failure(resp, t, "write");
                        next = status(session, t, size);
                    } else {
                        throw failure(resp, t, "write");
                    }
                } catch (IOException e) {
                    if (c.isCancelled()) throw StorageException.cancelled(what);
                    if (++failures >= ATTEMPTS) throw network(e, t);
                    next = status(session, t, size);
                } finally {
                    unhook.run();
                }
            }
        } finally {
            if (!done) cancelSession(session, t);
        }
    }

    private String startSession(GcsSettings.Target t, String type, long size) {
        String meta;
        try {
            meta = JSON.writeValueAsString(Map.of("name", t.object(), "contentType", type));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Request r = new Request.Builder().url(t.endpoint() + "/upload/storage/v1/b/" + enc(t.bucket()) + "/o?uploadType=resumable")
                .header("Authorization", authorization(t)).header("X-Upload-Content-Type", type).header("X-Upload-Content-Length", String.valueOf(size))
                .post(RequestBody.create(meta, MediaType.get("application/json; charset=UTF-8"))).build();
        try (Response resp = http.newCall(r).execute()) {
            if (!resp.isSuccessful()) throw failure(resp, t, "write");
            String location = resp.header("Location");
            if (location == null || location.isBlank()) throw new StorageException(StorageException.Kind.SERVER, "Google Cloud Storage started no upload session for " + t.describe(), null);
            return location;
        } catch (IOException e) {
            throw network(e, t);
        }
    }

    /** Where a session stands: the next byte the service expects. */
    private long status(String session, GcsSettings.Target t, long size) {
        Request r = new Request.Builder().url(session).header("Authorization", authorization(t)).header("Content-Range", "bytes */" + size)
                .put(RequestBody.create(new byte[0])).build();
        try (Response resp = http.newCall(r).execute()) {
            if (resp.code() == 308) return persisted(resp.header("Range"));
            if (resp.code() == 200 || resp.code() == 201) return size;
            throw failure(resp, t, "write");
        } catch (IOException e) {
            throw network(e, t);
        }
    }

    /** {@code Range: bytes=0-N} → N + 1; no header → 0. */
    static long persisted(String range) {
        if (range == null || !range.startsWith("bytes=")) return 0;
        int dash = range.indexOf('-');
        return Long.parseLong(range.substring(dash + 1).strip()) + 1;
    }

    private void cancelSession(String session, GcsSettings.Target t) {
        try (Response ignored = http.newCall(new Request.Builder().url(session).header("Authorization", authorization(t)).delete().build()).execute()) {
            // 499 "client closed request" is the documented answer
        } catch (IOException | RuntimeException ignored) {
            // the failure being reported matters more; an abandoned session expires within a week
        }
    }

    @Override
    public void delete(StorageUri uri) {
        GcsSettings.Target t = settings.resolve(uri);
        Request r = new Request.Builder().url(t.endpoint() + objectPath(t)).header("Authorization", authorization(t)).delete().build();
        try (Response resp = http.newCall(r).execute()) {
            if (!resp.isSuccessful() && resp.code() != 404) throw failure(resp, t, "delete");
        } catch (IOException e) {
            throw network(e, t);
        }
    }

    private static StorageException failure(Response resp, GcsSettings.Target t, String verb) {
        String detail = "";
        try {
            okio.BufferedSource src = resp.body().source();
            src.request(16 << 10);
            JsonNode n = JSON.readTree(src.getBuffer().readUtf8());
            detail = n.path("error").path("message").asText("");
        } catch (IOException | RuntimeException ignored) {
            // no JSON error body
        }
        int status = resp.code();
        String where = t.describe();
        String why = detail.isEmpty() ? "" : " (" + detail + ")";
        if (status == 404) return new StorageException(StorageException.Kind.NOT_FOUND, "Not found: " + where + why, null);
        if (status == 401) return new StorageException(StorageException.Kind.BAD_CREDENTIALS, "Google Cloud did not accept the credentials for " + where + why, null);
        if (status == 403) return new StorageException(StorageException.Kind.ACCESS_DENIED, "Access denied to " + verb + " " + where + why, null);
        if (status >= 500 || status == 429) return new StorageException(StorageException.Kind.SERVER, "Google Cloud Storage error " + status + " to " + verb + " " + where, null);
        return new StorageException(StorageException.Kind.OTHER, "Google Cloud Storage refused to " + verb + " " + where + ": " + status + why, null);
    }

    private static StorageException network(IOException e, GcsSettings.Target t) {
        return new StorageException(StorageException.Kind.NETWORK, "Network error reaching " + t.endpoint() + " for " + t.describe() + ": "
                + ResumingDownload.describe(e), e);
    }

    private static String firstLine(Throwable e) {
        String m = ResumingDownload.describe(e);
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
