package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.Credentials;
import dev.vitrine.config.ServerSettings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake ClearML API server over real HTTP(S) on loopback, following API.md and the recorded
 * transcripts: path parsing and versions, the envelope, Basic and Bearer auth with HS256 JWTs,
 * the real error codes, subcodes and messages, and the query engine of {@link FakeWorld}.
 *
 * <p>Tests steer it with faults ({@link #failNext}), token expiry ({@link #expireTokens()}) and
 * a hang switch; it counts requests per endpoint. Close it to stop the server.
 */
public final class FakeClearmlServer implements AutoCloseable {

    public static final String ACCESS_KEY = "FAKEACCESSKEY0123456789ABC";
    public static final String SECRET_KEY = "fake-secret-0123456789abcdefghijklmnopqrstuv";
    public static final String MAX_VERSION = "2.34";
    private static final Pattern PATH = Pattern.compile("^/?(v(\\d+\\.?\\d+)/)?([a-zA-Z_]\\w+\\.[a-zA-Z_]\\w+)/?$");
    private static final ObjectMapper M = new ObjectMapper();

    /** name -> minimum version of its handler. */
    private static final Map<String, String> ENDPOINTS = withWrites(Map.ofEntries(
            Map.entry("auth.login", "1.0"), Map.entry("debug.ping", "1.0"), Map.entry("server.info", "1.0"),
            Map.entry("users.get_current_user", "1.0"),
            Map.entry("projects.get_all", "1.0"), Map.entry("projects.get_all_ex", "1.0"), Map.entry("projects.get_by_id", "1.0"),
            Map.entry("tasks.get_all", "1.0"), Map.entry("tasks.get_all_ex", "1.0"), Map.entry("tasks.get_by_id", "1.0"),
            Map.entry("tasks.get_by_id_ex", "1.0"),
            Map.entry("tasks.add_or_update_artifacts", "2.10"), Map.entry("tasks.delete_artifacts", "2.10"),
            Map.entry("tasks.edit", "1.0"),
            Map.entry("models.get_all", "1.0"), Map.entry("models.get_all_ex", "1.0"), Map.entry("models.get_by_id", "1.0"),
            Map.entry("events.get_task_metrics", "1.0"), Map.entry("events.get_multi_task_metrics", "1.0"),
            Map.entry("events.debug_images", "1.0"), Map.entry("events.get_debug_image_sample", "2.12"),
            Map.entry("events.next_debug_image_sample", "2.12"), Map.entry("events.get_task_events", "1.0"),
            Map.entry("events.clear_scroll", "2.18"), Map.entry("events.add_batch", "1.0")));

    private static Map<String, String> withWrites(Map<String, String> reads) {
        Map<String, String> all = new java.util.HashMap<>(reads);
        all.putAll(FakeWrites.endpoints());
        return Map.copyOf(all);
    }

    /** A one-shot answer replacing the normal one for a matching endpoint. */
    public interface Fault {
        /** Writes a response (or hangs); return normally after writing. */
        void apply(HttpExchange ex) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final FakeWorld world;
    private final FakeWrites writes;
    /** Per server, as each real deployment has its own: one server's tokens are refused by another. */
    private final byte[] jwtSecret = ("fake-server-secret-" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentLinkedDeque<Map.Entry<Predicate<String>, Fault>> faults = new ConcurrentLinkedDeque<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final java.util.Set<String> issuedSessions = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> expiredSessions = ConcurrentHashMap.newKeySet();
    private volatile long tokenLifetimeSec = 2_592_000;
    private volatile boolean hangAll;
    private final boolean https;
    private volatile FakeEvents events;

    private FakeClearmlServer(FakeWorld world, SSLContext tls) throws IOException {
        this.world = world;
        this.events = new FakeEvents(id -> world.task(id) != null);
        // events.add_batch is validated by the write path; accepted task events reach the events service's reads too
        this.writes = new FakeWrites(world, id -> this.events.hasTask(id), e -> this.events.record(e));
        this.https = tls != null;
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            HttpsServer s = HttpsServer.create(addr, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = s;
        } else {
            server = HttpServer.create(addr, 0);
        }
        credentials.put(ACCESS_KEY, SECRET_KEY);
        pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fake-clearml");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeClearmlServer start(FakeWorld world) {
        try {
            return new FakeClearmlServer(world, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTPS server with the given server-side TLS context (e.g. a self-signed certificate). */
    public static FakeClearmlServer startHttps(FakeWorld world, SSLContext tls) {
        try {
            return new FakeClearmlServer(world, tls);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public FakeWorld world() {
        return world;
    }

    /** The events service's data (debug samples); empty unless a test fills it or sets another. */
    public FakeEvents events() {
        return events;
    }

    public void events(FakeEvents e) {
        this.events = e;
    }

    /** The events stored for a task or model ({@code events.add_batch}), in arrival order. */
    public List<ObjectNode> events(String taskOrModelId) {
        return writes.events(taskOrModelId);
    }

    public String url() {
        return (https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public ServerSettings settings() {
        return new ServerSettings(url(), url(), url(), new Credentials(ACCESS_KEY, SECRET_KEY), true);
    }

    /** A config that logs in with the fake's credentials. */
    public ClearmlConfig config() {
        return ClearmlConfig.of("fake", settings());
    }

    public void addCredentials(String key, String secret) {
        credentials.put(key, secret);
    }

    /** Requests to an endpoint so far. */
    public int count(String endpoint) {
        AtomicInteger c = counts.get(endpoint);
        return c == null ? 0 : c.get();
    }

    public int totalRequests() {
        return total.get();
    }

    /** Every token issued so far now fails with 401/30 "Signature has expired". */
    public void expireTokens() {
        expiredSessions.addAll(issuedSessions);
    }

    public void tokenLifetime(long seconds) {
        tokenLifetimeSec = seconds;
    }

    /** The next request to an endpoint matching {@code endpoint} gets {@code fault} instead. */
    public void failNext(Predicate<String> endpoint, Fault fault) {
        faults.add(Map.entry(endpoint, fault));
    }

    public void failNext(String endpoint, Fault fault) {
        failNext(endpoint::equals, fault);
    }

    /** Makes every request hang until {@link #close()}. */
    public void hangAll() {
        hangAll = true;
    }

    public static Fault status(int code, String contentType, String body) {
        return ex -> send(ex, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A 5xx in the ClearML envelope. */
    public static Fault serverError(int code, String msg) {
        return ex -> {
            ObjectNode env = envelope("x", MAX_VERSION, "1.0", code, 0, msg, M.createObjectNode());
            send(ex, code, "application/json", M.writeValueAsBytes(env));
        };
    }

    /** Sends the headers and a body that stops mid-JSON. */
    public static Fault malformedJson() {
        return status(200, "application/json", "{\"meta\": {\"result_code\": 200, \"result_subcode\": 0, \"data\": {\"tasks\": [");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            total.incrementAndGet();
            if (hangAll) {
                try {
                    released.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            String rawPath = ex.getRequestURI().getRawPath();
            Matcher pm = PATH.matcher(rawPath);
            String endpointName = pm.matches() ? pm.group(3) : "";
            counts.computeIfAbsent(endpointName, k -> new AtomicInteger()).incrementAndGet();
            for (var f : faults) {
                if (f.getKey().test(endpointName) && faults.remove(f)) {
                    f.getValue().apply(ex);
                    return;
                }
            }
            handleNormally(ex, rawPath, pm);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            byte[] b = ("Failed processing request " + ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            try {
                send(ex, 500, "text/html; charset=utf-8", b);
            } catch (IOException ignored) {
                // client went away
            }
        }
    }

    private void handleNormally(HttpExchange ex, String rawPath, Matcher pm) throws IOException {
        String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (enc != null) {
            send(ex, 415, "text/html; charset=utf-8", ("Content encoding is not supported (" + enc + ")").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!pm.matches()) {
            ObjectNode env = envelope("", null, null, 400, 0, "Invalid request path " + rawPath, M.createObjectNode());
            ((ObjectNode) env.get("meta").get("endpoint")).put("requested_version", 1.0);
            send(ex, 400, "application/json", M.writeValueAsBytes(env));
            return;
        }
        String requested = pm.group(2) != null ? pm.group(2) : MAX_VERSION;
        String name = pm.group(3);
        String min = ENDPOINTS.get(name);
        if (min == null || compare(min, requested) > 0) {
            reply(ex, name, requested, null, 404, 0, "Unable to find endpoint for name " + name + " and version " + requested, null);
            return;
        }
        String actual = actualVersion(name, requested, min);
        byte[] bodyBytes = ex.getRequestBody().readAllBytes();
        ObjectNode body;
        List<ObjectNode> batch = null;
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/json-lines")) {
            // apiserver/server_init/request_handlers.py: one object per line, else 400
            batch = new ArrayList<>();
            int i = 0;
            for (String line : new String(bodyBytes, StandardCharsets.UTF_8).split("\\r?\\n")) {
                if (line.isEmpty()) continue;
                JsonNode item;
                try {
                    item = M.readTree(line);
                } catch (IOException e) {
                    item = null;
                }
                if (item == null || !item.isObject()) {
                    reply(ex, name, requested, actual, 400, 0, "json lines must contain objects (batch item #" + i + ")", null);
                    return;
                }
                batch.add((ObjectNode) item);
                i++;
            }
            bodyBytes = new byte[0];
        }
        try {
            JsonNode parsed = bodyBytes.length == 0 || new String(bodyBytes, StandardCharsets.UTF_8).isBlank()
                    ? M.createObjectNode() : M.readTree(bodyBytes);
            if (parsed == null || parsed.isNull()) parsed = M.createObjectNode();
            if (!parsed.isObject()) throw new IOException("not an object");
            body = (ObjectNode) parsed;
        } catch (IOException e) {
            reply(ex, name, requested, actual, 400, 0, "The browser (or proxy) sent a request that this server could not understand.", null);
            return;
        }
        mergeQuery(ex.getRequestURI().getRawQuery(), body);
        try {
            Identity who = null;
            if (!name.equals("debug.ping")) who = authenticate(ex.getRequestHeaders().getFirst("Authorization"), name);
            ObjectNode data = FakeWrites.endpoints().containsKey(name) ? writes.dispatch(name, body, batch)
                    : dispatch(name, requested, body, who, ex);
            reply(ex, name, requested, actual, 200, 0, "OK", data);
        } catch (FakeError e) {
            reply(ex, name, requested, actual, e.code, e.subcode, e.getMessage(), null);
        }
    }


    private static String actualVersion(String name, String requested, String min) {
        if (name.equals("events.debug_images")) return compare(requested, "2.7") >= 0 ? "2.7" : "1.8";
        if (name.equals("server.info")) {
            if (compare(requested, "2.12") >= 0) return "2.12";
            if (compare(requested, "2.8") >= 0) return "2.8";
        }
        return min;
    }

    private record Identity(String user, boolean viaBasic) {}

    private Identity authenticate(String header, String endpoint) {
        if (header == null || header.isBlank()) throw new FakeError(401, 20, "Unauthorized (missing credentials)");
        String[] parts = header.strip().split("\\s+", 2);
        String scheme = parts[0];
        String value = parts.length > 1 ? parts[1] : "";
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                throw new FakeError(401, 21, "Unauthorized (malformed credentials) (Invalid base64-encoded string: " + e.getMessage() + ")");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) throw new FakeError(401, 21, "Unauthorized (malformed credentials)");
            String key = decoded.substring(0, colon);
            String secret = decoded.substring(colon + 1);
            if (!secret.equals(credentials.get(key))) {
                throw new FakeError(401, 22, "Unauthorized (invalid credentials) (failed to locate provided credentials)");
            }
            return new Identity(FakeWorld.USER, true);
        }
        if (scheme.equalsIgnoreCase("Bearer")) {
            String[] seg = value.split("\\.");
            if (seg.length != 3) throw new FakeError(401, 30, "Invalid token (invalid jwt token): reason=Not enough segments");
            if (!sign(seg[0] + "." + seg[1]).equals(seg[2])) {
                throw new FakeError(401, 30, "Invalid token (invalid jwt token): reason=Signature verification failed");
            }
            JsonNode claims;
            try {
                claims = M.readTree(Base64.getUrlDecoder().decode(seg[1]));
            } catch (IOException | IllegalArgumentException e) {
                throw new FakeError(401, 30, "Invalid token (invalid jwt token): reason=Invalid payload");
            }
            long nowSec = Instant.now().getEpochSecond();
            if (claims.path("exp").asLong(Long.MAX_VALUE) <= nowSec || expiredSessions.contains(claims.path("session_id").asText())) {
                throw new FakeError(401, 30, "Invalid token (invalid jwt token): reason=Signature has expired");
            }
            return new Identity(claims.path("identity").path("user").asText(), false);
        }
        throw new FakeError(401, 10, "Unauthorized (bad authentication header type)");
    }

    /** Whether this server issued {@code token} and it is still valid (what a fileserver asks). */
    public boolean validToken(String token) {
        try {
            authenticate("Bearer " + token, "auth.validate_token");
            return true;
        } catch (FakeError e) {
            return false;
        }
    }

    /** Issues an HS256 JWT with the real server's claims (transcripts auth.login__ok.json). */
    public String issueToken(long lifetimeSec) {
        long iat = Instant.now().getEpochSecond();
        ObjectNode c = M.createObjectNode();
        String session = FakeWorld.newId();
        issuedSessions.add(session);
        c.put("session_id", session);
        c.put("exp", iat + lifetimeSec);
        c.put("env", "<unknown>");
        ObjectNode id = c.putObject("identity");
        id.put("user", FakeWorld.USER);
        id.put("user_name", "tests");
        id.put("company_name", "clearml");
        id.put("role", "user");
        id.put("company", FakeWorld.COMPANY);
        c.put("auth_type", "Bearer");
        c.put("iat", iat);
        c.put("api_version", MAX_VERSION);
        c.put("server_version", "2.3.0");
        c.put("server_build", "");
        c.put("feature_set", "basic");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload;
        try {
            payload = b64.encodeToString(M.writeValueAsBytes(c));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return head + "." + payload + "." + sign(head + "." + payload);
    }

    private String sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwtSecret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode dispatch(String name, String requested, ObjectNode body, Identity who, HttpExchange ex) {
        ObjectNode data = M.createObjectNode();
        switch (name) {
            case "debug.ping": {
                data.put("msg", "ClearML server");
                body.fields().forEachRemaining(e -> data.set(e.getKey(), e.getValue()));
                return data;
            }
            case "auth.login": {
                long exp = tokenLifetimeSec;
                if (body.hasNonNull("expiration_sec")) {
                    long req = body.get("expiration_sec").asLong();
                    if (req > 31_536_000L) {
                        throw FakeError.validation("error for field 'expiration_sec': '" + req + "' is bigger than maximum ('31536000')..");
                    }
                    if (req > 0) exp = req;
                }
                String token = issueToken(exp);
                ex.getResponseHeaders().add("Set-Cookie", "clearml_token_basic=" + token
                        + "; Max-Age=99999999999; HttpOnly; Path=/; SameSite=Lax");
                data.put("token", token);
                return data;
            }
            case "server.info": {
                data.put("version", "2.3.0");
                data.put("build", "");
                data.put("commit", "");
                if (compare(requested, "2.12") >= 0) data.put("api_version", MAX_VERSION);
                else if (compare(requested, "2.8") >= 0) data.put("uid", "e9a46c28-751f-49c4-afc4-b624b5b2dd37");
                return data;
            }
            case "users.get_current_user": {
                ObjectNode u = data.putObject("user");
                u.putObject("company").put("id", FakeWorld.COMPANY).put("name", "clearml");
                u.put("created", "2026-11-28T02:38:41.890000+00:00");
                u.put("id", who.user());
                u.put("name", world.userNames.getOrDefault(who.user(), who.user()));
                u.put("role", "user");
                ObjectNode gs = data.putObject("getting_started");
                gs.put("agentName", "clearml").put("configure", "clearml-init").put("install", "pip install clearml").put("packageName", "clearml");
                data.putObject("settings").put("max_download_items", 50000);
                return data;
            }
            case "projects.get_all":
            case "projects.get_all_ex":
                return listReply("projects", world.getAll("Project", body, name.endsWith("_ex")));
            case "tasks.get_all":
            case "tasks.get_all_ex":
                return listReply("tasks", world.getAll("Task", body, name.endsWith("_ex")));
            case "tasks.get_by_id_ex": {
                if (!body.has("id") || body.get("id").isNull()) throw FakeError.validation("error for field 'id'. field is required!");
                return listReply("tasks", world.getAll("Task", body, true));
            }
            case "models.get_all":
            case "models.get_all_ex":
                return listReply("models", world.getAll("Model", body, name.endsWith("_ex")));
            case "projects.get_by_id": {
                String id = requiredString(body, "project");
                ObjectNode p;
                synchronized (world) {
                    p = world.projects.get(id);
                }
                if (p == null) throw new FakeError(400, 401, "Invalid project id: id=" + id);
                data.set("project", p.deepCopy());
                return data;
            }
            case "tasks.get_by_id": {
                String id = requiredString(body, "task");
                ObjectNode t = world.task(id);
                if (t == null) throw new FakeError(400, 101, "Invalid task id: ids=(" + id + ")");
                ObjectNode copy = t.deepCopy();
                if (compare(requested, "2.13") < 0) legacyModelFields(copy);
                data.set("task", copy);
                return data;
            }
            case "models.get_by_id": {
                String id = requiredString(body, "model");
                ObjectNode m = world.model(id);
                if (m == null) {
                    throw new FakeError(400, 201, "Invalid model id (no such public or company model): id=" + id + ", company=" + FakeWorld.COMPANY);
                }
                ObjectNode copy = m.deepCopy();
                if (compare(requested, "2.16") <= 0) copy.set("metadata", M.createArrayNode());
                data.set("model", copy);
                return data;
            }
            case "tasks.add_or_update_artifacts":
                data.put("updated", world.addOrUpdateArtifacts(body));
                return data;
            case "tasks.delete_artifacts":
                data.put("deleted", world.deleteArtifacts(body));
                return data;
            case "tasks.edit":
                data.put("updated", world.edit(body));
                data.putObject("fields");
                return data;
            default:
                if (name.startsWith("events.")) return events.handle(name, requested, body);
                throw new FakeError(404, 0, "Unable to find endpoint for name " + name + " and version " + requested);
        }
    }

    private static void legacyModelFields(ObjectNode t) {
        JsonNode models = t.get("models");
        if (models == null) return;
        JsonNode in = models.path("input");
        JsonNode out = models.path("output");
        if (in.isArray() && in.size() > 0 && t.get("execution") instanceof ObjectNode e) e.put("model", in.get(0).path("model").asText());
        if (out.isArray() && out.size() > 0) {
            ObjectNode o = t.has("output") && t.get("output").isObject() ? (ObjectNode) t.get("output") : t.putObject("output");
            o.put("model", out.get(out.size() - 1).path("model").asText());
        }
    }

    private static String requiredString(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw FakeError.validation("error for field '" + field + "'. field is required!");
        if (!v.isTextual()) {
            throw FakeError.validation("error for field '" + field + "': ('value is wrong, expected type \"str\"', " + pythonRepr(v) + ").");
        }
        return v.asText();
    }

    /** How Python prints a JSON value inside the server's validation messages. */
    static String pythonRepr(JsonNode v) {
        if (v.isTextual()) return "'" + v.asText() + "'";
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(pythonRepr(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v.isBoolean()) return v.asBoolean() ? "True" : "False";
        if (v.isNull()) return "None";
        return v.toString();
    }

    private static ObjectNode listReply(String key, FakeWorld.Result r) {
        ObjectNode data = M.createObjectNode();
        data.putArray(key).addAll(new ArrayList<>(r.items()));
        if (r.scrollId() != null) data.put("scroll_id", r.scrollId());
        return data;
    }

    private static void mergeQuery(String rawQuery, ObjectNode body) {
        if (rawQuery == null || rawQuery.isEmpty()) return;
        for (String kv : rawQuery.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            JsonNode value;
            if (v.matches("-?\\d+")) value = M.getNodeFactory().numberNode(Long.parseLong(v));
            else if (v.matches("-?\\d+\\.\\d+")) value = M.getNodeFactory().numberNode(Double.parseDouble(v));
            else if (v.equalsIgnoreCase("true")) value = M.getNodeFactory().booleanNode(true);
            else if (v.equalsIgnoreCase("false")) value = M.getNodeFactory().booleanNode(false);
            else value = M.getNodeFactory().textNode(v);
            body.set(k.endsWith("[]") ? k.substring(0, k.length() - 2) : k, value);
        }
    }

    private static void reply(HttpExchange ex, String name, String requested, String actual, int code, int sub, String msg,
                              ObjectNode data) throws IOException {
        ObjectNode env = envelope(name, requested, actual, code, sub, msg, data == null ? M.createObjectNode() : data);
        send(ex, code, "application/json", M.writeValueAsBytes(env));
    }

    static ObjectNode envelope(String name, String requested, String actual, int code, int sub, String msg, ObjectNode data) {
        ObjectNode env = M.createObjectNode();
        ObjectNode meta = env.putObject("meta");
        String id = FakeWorld.newId();
        meta.put("id", id);
        meta.put("trx", id);
        ObjectNode ep = meta.putObject("endpoint");
        ep.put("name", name);
        if (requested == null) ep.set("requested_version", NullNode.instance); else ep.put("requested_version", requested);
        if (actual == null) ep.set("actual_version", NullNode.instance); else ep.put("actual_version", actual);
        meta.put("result_code", code);
        meta.put("result_subcode", sub);
        meta.put("result_msg", msg);
        meta.set("error_stack", NullNode.instance);
        meta.putObject("error_data");
        env.set("data", data);
        return env;
    }

    static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Server", "fake, clearml");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) return Integer.compare(xi, yi);
        }
        return 0;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        pool.shutdownNow();
    }

    static List<String> list(String... s) {
        return List.of(s);
    }
}
