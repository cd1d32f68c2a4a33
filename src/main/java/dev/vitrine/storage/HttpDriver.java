package dev.vitrine.storage;

import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code http(s)://} objects: the ClearML fileserver (STORAGE.md 2) and any other web server.
 *
 * <p>The session token goes out as {@code Authorization: Bearer <token>} only to fileserver hosts,
 * with the SDK's rule: the url equals one of {@code fileServers} or starts with it plus {@code /}
 * (a plain string prefix; {@code localhost} and {@code 127.0.0.1} do not match each other).
 * Downloads ask for {@code identity} encoding so that ranges and sizes refer to the stored bytes.
 * Uploads are the single-part multipart form the fileserver expects (STORAGE.md 2.4).
 * Thread-safe; the token supplier is asked on every request (it may refresh).
 */
public final class HttpDriver implements StorageDriver {

    private static final MediaType OCTET = MediaType.get("binary/octet-stream");

    private final OkHttpClient client;
    private final Supplier<String> token;
    private final java.util.function.Consumer<String> refused;
    private final List<String> fileServers;

    /**
     * @param token       the API session token, or a supplier of null when there is none
     * @param fileServers the configured files server and the other hosts the SDK sends the token to
     *                    ({@code api.files_server}, {@code sdk.storage.http.legacy_fileservers}, ...)
     */
    public HttpDriver(OkHttpClient client, Supplier<String> token, List<String> fileServers) {
        this(client, token, null, fileServers);
    }

    /**
     * @param refused told when a fileserver answers 401 to a token (revoked before its expiry); the
     *                request is then sent once more with the next token {@code token} supplies
     */
    public HttpDriver(OkHttpClient client, Supplier<String> token, java.util.function.Consumer<String> refused, List<String> fileServers) {
        this.client = Objects.requireNonNull(client);
        this.token = token == null ? () -> null : token;
        this.refused = refused;
        List<String> fs = new ArrayList<>();
        if (fileServers != null) {
            for (String s : fileServers) {
                if (s == null || s.isBlank()) continue;
                String t = s.trim();
                while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
                fs.add(t);
            }
        }
        fs.add("https://files.community.clear.ml"); // Session.legacy_file_servers
        this.fileServers = List.copyOf(fs);
    }

    /** A driver with the SDK's timeouts (30 s connect and read). */
    public static HttpDriver create(Supplier<String> token, List<String> fileServers) {
        return new HttpDriver(defaultClient(), token, fileServers);
    }

    /** {@link #create(Supplier, List)} that reports a refused token and retries with a fresh one. */
    public static HttpDriver create(Supplier<String> token, java.util.function.Consumer<String> refused, List<String> fileServers) {
        return new HttpDriver(defaultClient(), token, refused, fileServers);
    }

    public static OkHttpClient defaultClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(60))
                .retryOnConnectionFailure(true)
                .build();
    }

    /** The fileserver base the url belongs to, or null when it is some other web server. */
    public String fileServerFor(String url) {
        for (String fs : fileServers) {
            if (url.equals(fs) || url.startsWith(fs + "/")) return fs;
        }
        return null;
    }

    private Request.Builder request(StorageUri uri, String bearer) {
        Request.Builder b;
        try {
            b = new Request.Builder().url(uri.raw());
        } catch (IllegalArgumentException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Not a valid http url: " + uri);
        }
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b;
    }

    /** The token to send to {@code url}: only fileservers get one. */
    private String bearerFor(String url) {
        if (fileServerFor(url) == null) return null;
        String t = token.get();
        return t == null || t.isBlank() ? null : t;
    }

    /**
     * Sends the request {@code build} makes for a token; when a fileserver refuses the token (401),
     * reports it and sends the request once more with a fresh one, as the API client does.
     */
    private Response send(String url, java.util.function.Function<String, Request> build) throws IOException {
        return send(url, build, new ArrayList<>());
    }

    /**
     * Runs the call on OkHttp's dispatcher and waits interruptibly: a thread interrupted (a
     * cancelled transfer) stops waiting at once instead of after the read timeout.
     */
    private static Response execute(Call call) throws IOException {
        java.util.concurrent.CompletableFuture<Response> f = new java.util.concurrent.CompletableFuture<>();
        call.enqueue(new okhttp3.Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                f.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                if (!f.complete(response)) response.close();
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            call.cancel();
            if (!f.completeExceptionally(e)) f.thenAccept(Response::close);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("cancelled");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        }
    }

    @Override
    public ObjectInfo stat(StorageUri uri) {
        try (Response r = send(uri.raw(), t -> request(uri, t).head().header("Accept-Encoding", "identity").build())) {
            if (!r.isSuccessful()) throw failure(r, uri, "read");
            String len = r.header("Content-Length");
            return new ObjectInfo(uri, len == null ? -1 : parseLong(len));
        } catch (IOException e) {
            throw network(uri, e);
        }
    }

    @Override
    public Body open(StorageUri uri, long offset) {
        return open(uri, offset, null);
    }

    /**
     * A resume sends {@code If-Range} with the ETag (or Last-Modified) of the first answer, so a
     * changed object comes back whole (200) instead of as the tail of another version; a 206 must
     * start at the byte asked for.
     */
    @Override
    public Body open(StorageUri uri, long offset, String validator) {
        Response r;
        try {
            r = send(uri.raw(), t -> {
                Request.Builder rb = request(uri, t).get().header("Accept-Encoding", "identity");
                if (offset > 0) {
                    rb.header("Range", "bytes=" + offset + "-");
                    if (validator != null) rb.header("If-Range", validator);
                }
                return rb.build();
            });
        } catch (IOException e) {
            throw network(uri, e);
        }
        boolean ok = false;
        try {
            ResponseBody body = r.body();
            if (r.code() == 416 && offset > 0) {
                // Asked past the end: fine only when the object ends exactly where we are.
                String cr = r.header("Content-Range");
                long total = cr != null && cr.startsWith("bytes */") ? parseLong(cr.substring(8)) : -1;
                if (total == offset) {
                    r.close();
                    ok = true;
                    return new Body(InputStream.nullInputStream(), 0);
                }
            }
            if (r.code() != 200 && r.code() != 206) throw failure(r, uri, "read");
            if (r.header("Content-Encoding") != null && !"identity".equalsIgnoreCase(r.header("Content-Encoding"))) {
                throw new StorageException(StorageException.Kind.OTHER, "The server sent an encoded body (" + r.header("Content-Encoding") + ") for " + uri);
            }
            long start = r.code() == 206 ? rangeStart(r.header("Content-Range"), uri) : 0;
            ok = true;
            return new Body(body.byteStream(), body.contentLength(), start, validatorOf(r));
        } finally {
            if (!ok) r.close();
        }
    }

    /** A strong ETag, else Last-Modified: what If-Range may carry (RFC 9110 13.1.5); null when neither. */
    private static String validatorOf(Response r) {
        String etag = r.header("ETag");
        if (etag != null && !etag.startsWith("W/")) return etag;
        return r.header("Last-Modified");
    }

    private static long rangeStart(String contentRange, StorageUri uri) {
        long start = ResumingDownload.rangeStart(contentRange);
        if (start < 0) throw new StorageException(StorageException.Kind.OTHER, "The server sent a partial answer without a valid Content-Range (" + contentRange + "): " + uri);
        return start;
    }

    @Override
    public void upload(Path source, StorageUri target, ProgressListener progress, Cancellation cancel) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        String url = target.raw();
        String base = fileServerFor(url);
        String objectName;
        String postUrl;
        if (base != null) {
            objectName = StorageUri.percentDecode(url.substring(base.length()));
            postUrl = base;
        } else {
            objectName = StorageUri.percentDecode(target.path().startsWith("/") ? target.path().substring(1) : target.path());
            postUrl = (target.scheme() == StorageUri.Scheme.HTTPS ? "https://" : "http://") + target.netloc() + "/";
        }
        if (objectName.isEmpty() || objectName.equals("/")) throw new StorageException("No object path in the upload target " + target);
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "Cannot read " + source + ": " + ResumingDownload.describe(e), e);
        }
        MediaType type = guessType(objectName);
        RequestBody fileBody = new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return size;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] buf = new byte[1 << 16];
                long sent = 0;
                listener.progress(0, size);
                try (InputStream in = Files.newInputStream(source)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        if (c.isCancelled()) throw new IOException("cancelled");
                        sink.write(buf, 0, n);
                        sent += n;
                        listener.progress(sent, size);
                    }
                }
            }
        };
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart(objectName, objectName, fileBody).build();
        try {
            new Request.Builder().url(postUrl);
        } catch (IllegalArgumentException e) {
            throw new StorageException("Not a valid http url: " + postUrl);
        }
        String checkUrl = base != null ? base : postUrl;
        java.util.List<Call> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable unhook = c.onCancel(() -> calls.forEach(Call::cancel));
        try (Response r = sendUpload(checkUrl, bearer -> {
            Request.Builder rb = new Request.Builder().url(postUrl).post(form);
            if (bearer != null) rb.header("Authorization", "Bearer " + bearer);
            return rb.build();
        }, calls, c)) {
            if (r.code() != 200) throw failure(r, target, "write");
        } catch (IOException e) {
            if (c.isCancelled() || Thread.currentThread().isInterrupted()) throw StorageException.cancelled("upload to " + target);
            throw network(target, e);
        } finally {
            unhook.run();
        }
    }

    /** {@link #send} for an upload, each call registered so that a cancel can abort it. */
    private Response sendUpload(String url, java.util.function.Function<String, Request> build, List<Call> calls, Cancellation c) throws IOException {
        return send(url, bearer -> {
            c.throwIfCancelled("upload to " + url);
            return build.apply(bearer);
        }, calls);
    }

    /** {@link #send(String, java.util.function.Function)}, adding each call it makes to {@code calls}. */
    private Response send(String url, java.util.function.Function<String, Request> build, List<Call> calls) throws IOException {
        String bearer = bearerFor(url);
        Call first = client.newCall(build.apply(bearer));
        calls.add(first);
        Response r = execute(first);
        if (r.code() != 401 || bearer == null || refused == null) return r;
        refused.accept(bearer);
        String fresh = bearerFor(url);
        if (fresh == null || fresh.equals(bearer)) return r;
        r.close();
        Call again = client.newCall(build.apply(fresh));
        calls.add(again);
        return execute(again);
    }

    @Override
    public void delete(StorageUri uri) {
        try (Response r = send(uri.raw(), t -> request(uri, t).delete().build())) {
            if (!r.isSuccessful()) throw failure(r, uri, "delete");
        } catch (IOException e) {
            throw network(uri, e);
        }
    }

    private static MediaType guessType(String name) {
        String t = java.net.URLConnection.guessContentTypeFromName(name);
        MediaType m = t == null ? null : MediaType.parse(t);
        return m == null ? OCTET : m;
    }

    private StorageException failure(Response r, StorageUri uri, String verb) {
        int code = r.code();
        String detail = "";
        try {
            String s = r.peekBody(512).string().strip();
            if (!s.isEmpty() && s.length() < 300 && !s.startsWith("<")) detail = ": " + s.lines().findFirst().orElse("");
        } catch (IOException | RuntimeException ignored) {
            // the status says enough
        }
        boolean fs = fileServerFor(uri.raw()) != null;
        switch (code) {
            case 401:
                return new StorageException(StorageException.Kind.BAD_CREDENTIALS, (fs
                        ? "The fileserver refused the session token (401) for " : "Authentication required (401) for ") + uri + detail);
            case 403:
                return new StorageException(StorageException.Kind.ACCESS_DENIED, "Access denied (403) to " + verb + " " + uri + detail);
            case 404:
                return new StorageException(StorageException.Kind.NOT_FOUND, "Not found (404): " + uri);
            case 408: case 429:
                return new StorageException(StorageException.Kind.SERVER, "The server is busy (" + code + ") for " + uri);
            case 413:
                return new StorageException(StorageException.Kind.OTHER, "The server refused the upload as too large (413): " + uri);
            default:
                if (code >= 500) return new StorageException(StorageException.Kind.SERVER, "Server error " + code + " to " + verb + " " + uri + detail);
                return new StorageException(StorageException.Kind.OTHER, "Unexpected HTTP " + code + " to " + verb + " " + uri + detail);
        }
    }

    private static StorageException network(StorageUri uri, IOException e) {
        return new StorageException(StorageException.Kind.NETWORK, "Network error for " + uri + ": " + ResumingDownload.describe(e), e);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
