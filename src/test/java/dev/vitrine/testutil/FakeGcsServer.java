package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google Cloud Storage's JSON API on loopback, as documented: OAuth2 service-account token exchange
 * ({@code POST /token}, a JWT bearer assertion signed RS256 with the account's key, verified here),
 * {@code objects.get} (metadata, and {@code alt=media} with Range), resumable uploads
 * ({@code uploadType=resumable}, chunks with {@code Content-Range}, 308 with {@code Range}, status
 * queries with {@code bytes *}{@code /total}, DELETE = cancel with 499) and {@code objects.delete}.
 * Every write makes a new generation, sent as {@code x-goog-generation}; {@code ifGenerationMatch}
 * on another generation gets 412.
 * Storage calls without a token it issued get 401; unknown buckets 404. Objects live in memory.
 */
public final class FakeGcsServer implements AutoCloseable {

    private static final ObjectMapper M = new ObjectMapper();

    private final HttpServer server;
    private final KeyPair key;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    /** Each write of an object gets a new generation, as GCS numbers object versions. */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nextGeneration = new java.util.concurrent.atomic.AtomicLong(1_700_000_000_000_000L);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Chunk PUTs to fail with 503 before they are read (failure injection). */
    public final AtomicInteger failChunks = new AtomicInteger();
    public final AtomicInteger tokenRequests = new AtomicInteger();

    private static final class Session {
        final String bucket;
        final String name;
        final String type;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        Session(String bucket, String name, String type) {
            this.bucket = bucket;
            this.name = name;
            this.type = type;
        }
    }

    public FakeGcsServer() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-gcs");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void createBucket(String name) {
        buckets.add(name);
    }

    public void put(String bucket, String name, byte[] bytes) {
        store(bucket + "/" + name, bytes);
    }

    private void store(String key, byte[] bytes) {
        objects.put(key, bytes);
        generations.put(key, nextGeneration.incrementAndGet());
    }

    /** The object's current generation (GCS's version number), or -1 when there is none. */
    public long generation(String bucket, String name) {
        return generations.getOrDefault(bucket + "/" + name, -1L);
    }

    public byte[] get(String bucket, String name) {
        return objects.get(bucket + "/" + name);
    }

    public String contentType(String bucket, String name) {
        return types.get(bucket + "/" + name);
    }

    public int openSessions() {
        return sessions.size();
    }

    /** A service-account json file whose key this server trusts, with its token_uri here. */
    public Path serviceAccountFile(Path dir) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        ObjectNode j = M.createObjectNode();
        j.put("type", "service_account").put("project_id", "vitrine-test").put("private_key_id", "k1").put("private_key", pem)
                .put("client_email", "vitrine@vitrine-test.iam.gserviceaccount.com").put("client_id", "1")
                .put("token_uri", endpoint() + "/token");
        Files.createDirectories(dir);
        Path f = dir.resolve("service-account.json");
        Files.writeString(f, M.writeValueAsString(j));
        return f;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("/token") && ex.getRequestMethod().equals("POST")) {
                token(ex, new String(body, StandardCharsets.UTF_8));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                error(ex, 401, "Invalid Credentials");
                return;
            }
            if (path.startsWith("/upload/storage/v1/b/") && ex.getRequestMethod().equals("POST") && query.contains("uploadType=resumable")) {
                String bucket = dec(path.substring("/upload/storage/v1/b/".length(), path.indexOf("/o")));
                if (!buckets.contains(bucket)) {
                    error(ex, 404, "The specified bucket does not exist.");
                    return;
                }
                JsonNode meta = M.readTree(body);
                String id = UUID.randomUUID().toString();
                String type = meta.path("contentType").asText(ex.getRequestHeaders().getFirst("X-Upload-Content-Type"));
                sessions.put(id, new Session(bucket, meta.path("name").asText(), type));
                ex.getResponseHeaders().add("Location", endpoint() + "/upload/session/" + id);
                ex.sendResponseHeaders(200, -1);
                return;
            }
            if (path.startsWith("/upload/session/")) {
                session(ex, path.substring("/upload/session/".length()), body);
                return;
            }
            if (path.startsWith("/storage/v1/b/")) {
                String rest = path.substring("/storage/v1/b/".length());
                int o = rest.indexOf("/o/");
                if (o < 0 && !rest.contains("/") && ex.getRequestMethod().equals("GET")) {
                    // buckets.get: the bucket resource, or GCS's 404 for a bucket that does not exist
                    String bucket = dec(rest);
                    if (!buckets.contains(bucket)) error(ex, 404, "The specified bucket does not exist.");
                    else if (query.contains("fields=name")) json(ex, 200, M.createObjectNode().put("name", bucket)); // a partial response
                    else json(ex, 200, M.createObjectNode().put("kind", "storage#bucket").put("id", bucket).put("name", bucket)
                            .put("location", "US").put("storageClass", "STANDARD"));
                    return;
                }
                if (o < 0) {
                    error(ex, 400, "Bad path");
                    return;
                }
                String bucket = dec(rest.substring(0, o));
                String name = dec(rest.substring(o + 3));
                if (!buckets.contains(bucket)) {
                    error(ex, 404, "The specified bucket does not exist.");
                    return;
                }
                byte[] data = objects.get(bucket + "/" + name);
                if (ex.getRequestMethod().equals("DELETE")) {
                    generations.remove(bucket + "/" + name);
                    if (objects.remove(bucket + "/" + name) == null) error(ex, 404, "No such object: " + bucket + "/" + name);
                    else ex.sendResponseHeaders(204, -1);
                    return;
                }
                if (data == null) {
                    error(ex, 404, "No such object: " + bucket + "/" + name);
                    return;
                }
                long generation = generations.getOrDefault(bucket + "/" + name, 0L);
                String wanted = param(query, "ifGenerationMatch");
                if (wanted != null && !wanted.equals(String.valueOf(generation))) {
                    error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
                    return;
                }
                ex.getResponseHeaders().add("x-goog-generation", String.valueOf(generation));
                if (query.contains("alt=media")) {
                    media(ex, data);
                    return;
                }
                json(ex, 200, M.createObjectNode().put("kind", "storage#object").put("name", name).put("bucket", bucket)
                        .put("generation", String.valueOf(generation))
                        .put("size", String.valueOf(data.length)).put("contentType", types.getOrDefault(bucket + "/" + name, "application/octet-stream")));
                return;
            }
            error(ex, 404, "Not Found");
        }
    }

    private void token(HttpExchange ex, String form) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> f = new java.util.HashMap<>();
        for (String kv : form.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) f.put(dec(kv.substring(0, eq)), dec(kv.substring(eq + 1)));
        }
        String assertion = f.getOrDefault("assertion", "");
        String[] seg = assertion.split("\\.");
        boolean ok = "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(f.get("grant_type")) && seg.length == 3;
        if (ok) {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initVerify(key.getPublic());
                s.update((seg[0] + "." + seg[1]).getBytes(StandardCharsets.US_ASCII));
                ok = s.verify(Base64.getUrlDecoder().decode(seg[2]));
                JsonNode claims = M.readTree(Base64.getUrlDecoder().decode(seg[1]));
                ok &= claims.path("scope").asText().contains("devstorage") && claims.path("aud").asText().endsWith("/token");
            } catch (Exception e) {
                ok = false;
            }
        }
        if (!ok) {
            json(ex, 400, M.createObjectNode().put("error", "invalid_grant").put("error_description", "Invalid JWT Signature."));
            return;
        }
        String token = "ya29.fake-" + UUID.randomUUID();
        tokens.add(token);
        json(ex, 200, M.createObjectNode().put("access_token", token).put("expires_in", 3599).put("token_type", "Bearer"));
    }

    private void session(HttpExchange ex, String id, byte[] body) throws IOException {
        Session s = sessions.get(id);
        if (s == null) {
            error(ex, 404, "No such upload session");
            return;
        }
        if (ex.getRequestMethod().equals("DELETE")) {
            sessions.remove(id);
            ex.sendResponseHeaders(499, -1);
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Content-Range");
        if (range == null || !range.startsWith("bytes ")) {
            error(ex, 400, "Content-Range is required");
            return;
        }
        String spec = range.substring(6);
        long total = Long.parseLong(spec.substring(spec.indexOf('/') + 1));
        if (!spec.startsWith("*")) {
            if (failChunks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(ex, 503, "Backend Error");
                return;
            }
            long start = Long.parseLong(spec.substring(0, spec.indexOf('-')));
            if (start != s.data.size()) {
                error(ex, 400, "Invalid request: chunk starts at " + start + ", the session holds " + s.data.size());
                return;
            }
            s.data.write(body);
        }
        if (s.data.size() >= total) {
            store(s.bucket + "/" + s.name, s.data.toByteArray());
            types.put(s.bucket + "/" + s.name, s.type);
            sessions.remove(id);
            json(ex, 200, M.createObjectNode().put("name", s.name).put("size", String.valueOf(total)));
            return;
        }
        if (s.data.size() > 0) ex.getResponseHeaders().add("Range", "bytes=0-" + (s.data.size() - 1));
        ex.sendResponseHeaders(308, -1);
    }

    private void media(HttpExchange ex, byte[] data) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            if (from >= data.length) {
                error(ex, 416, "Requested range not satisfiable");
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
            ex.sendResponseHeaders(206, data.length - from);
        } else {
            ex.sendResponseHeaders(200, data.length == 0 ? -1 : data.length);
        }
        try (OutputStream out = ex.getResponseBody()) {
            out.write(data, from, data.length - from);
        }
    }

    private static void json(HttpExchange ex, int status, JsonNode n) throws IOException {
        byte[] b = M.writeValueAsBytes(n);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode e = M.createObjectNode();
        e.putObject("error").put("code", status).put("message", message);
        json(ex, status, e);
    }

    private static String param(String query, String name) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) return dec(kv.substring(name.length() + 1));
        }
        return null;
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
