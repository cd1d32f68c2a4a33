package dev.vitrine.clearml;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.Credentials;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The ClearML REST client: {@code POST <api>/v<version>/<service>.<action>} with a JSON body,
 * envelope parsing and typed errors (API.md 1), login with the key pair and the SDK's token refresh
 * policy (API.md 2.3), retries with backoff on connection errors and 5xx where the call is safe to
 * repeat, and timeouts.
 *
 * <p>Every call blocks. It is abandoned (the HTTP call cancelled) as soon as the calling thread is
 * interrupted, and then throws a {@link ClearmlException} of kind {@code CANCELLED} with the
 * interrupt flag set again. Thread-safe: one instance serves the whole app; {@link #close()} frees
 * its connections. Secrets are never logged.
 */
public final class ClearmlClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClearmlClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** Batched items, one JSON object per line: what the SDK sends to {@code events.add_batch} (API.md 1.4). */
    private static final MediaType JSON_LINES = MediaType.get("application/json-lines");
    private static final long MAX_RESPONSE_BYTES = 256L * 1024 * 1024;
    /** Reads and per-key upserts: repeating them changes nothing (API.md 5.5 / 5.6). */
    private static final Set<String> IDEMPOTENT_WRITES = Set.of("tasks.add_or_update_artifacts", "tasks.delete_artifacts",
            "tasks.add_or_update_model", "tasks.delete_models");
    /** The version Vitrine was tested with (what SDK 2.1.7 sends); lower servers get their own. */
    public static final String TESTED_API_VERSION = "2.23";
    public static final String MIN_API_VERSION = "2.13";

    /** Shared by every client: parsing only, no state; private so no caller can reconfigure it. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ClearmlConfig config;
    private final String base;
    private final OkHttpClient http;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration backoff;
    private final String worker;
    private final String clientName;
    private final AtomicLong requests = new AtomicLong();

    private final Object tokenLock = new Object();
    private volatile String token;
    private volatile Long tokenExp;
    private volatile String bootstrapToken;
    private volatile String pathVersion;
    /** The server's clock minus this machine's, from the last answer's Date header; null before one. */
    private volatile Duration serverClockOffset;

    private ClearmlClient(Builder b) {
        this.config = b.config;
        this.base = stripSlash(b.config.apiServer());
        this.clock = b.clock;
        this.maxAttempts = Math.max(1, b.maxAttempts);
        this.backoff = b.backoff;
        this.worker = b.worker;
        this.clientName = b.clientName;
        this.bootstrapToken = b.config.authToken();
        this.pathVersion = b.apiVersion;
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(64);
        dispatcher.setMaxRequestsPerHost(16);
        OkHttpClient.Builder hb = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .callTimeout(b.callTimeout)
                .retryOnConnectionFailure(false)
                .followRedirects(true);
        configureTls(hb, b.config, b.trustManager);
        this.http = hb.build();
    }

    public static Builder builder(ClearmlConfig config) {
        return new Builder(config);
    }

    public ClearmlConfig config() {
        return config;
    }

    /** The api server URL without trailing slash. */
    public String apiServer() {
        return base;
    }

    /** HTTP requests sent so far (logins and retries included). */
    public long requestCount() {
        return requests.get();
    }

    /** The version used on request paths ("2.23", or the server's own when it is lower). */
    public String pathVersion() {
        return pathVersion;
    }

    /**
     * Calls {@code service.action} and returns the envelope's {@code data}. Package-private: the
     * typed calls ({@link TasksApi}, {@link ModelsApi}, {@link ProjectsApi}, {@link EventsApi})
     * build every body, so nothing outside this package writes the wire.
     *
     * @param body a map of plain JSON values, or null for {@code {}}
     * @throws ApiException     when the server answers an error envelope
     * @throws ClearmlException when it cannot be reached, times out, is not ClearML, or the thread is interrupted
     */
    JsonNode call(String endpoint, Object body) {
        return call(endpoint, toJson(body), JSON);
    }

    /**
     * Calls a batch endpoint ({@code events.add_batch}) with one JSON object per line, as the SDK's
     * batch requests do; the server reads nothing else there (a JSON body counts as an empty batch).
     */
    <T> T callBatch(String endpoint, List<?> items, Class<T> type) {
        StringBuilder sb = new StringBuilder();
        for (Object item : items) {
            try {
                sb.append(MAPPER.writeValueAsString(item)).append('\n');
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot serialise a batch item", e);
            }
        }
        return map(endpoint, call(endpoint, sb.toString().getBytes(StandardCharsets.UTF_8), JSON_LINES), type);
    }

    private JsonNode call(String endpoint, byte[] json, MediaType type) {
        boolean retried401 = false;
        for (int attempt = 1; ; attempt++) {
            String bearer = token();
            Raw raw;
            try {
                raw = send(endpoint, versionedUrl(endpoint), "Bearer " + bearer, json, type);
            } catch (ClearmlException e) {
                if (retryable(endpoint, e) && attempt < maxAttempts) {
                    sleepBackoff(attempt, endpoint, e.getMessage());
                    continue;
                }
                throw e;
            }
            if (raw.code == 401 && !retried401) {
                // API.md 2.3: refresh once, whatever the subcode, and retry that request.
                retried401 = true;
                invalidateToken(bearer);
                attempt--;
                continue;
            }
            if (isRetryStatus(raw.code) && attempt < maxAttempts && safeToRepeat(endpoint)) {
                sleepBackoff(attempt, endpoint, "HTTP " + raw.code);
                continue;
            }
            return envelopeData(endpoint, raw);
        }
    }

    /** Calls an endpoint and maps {@code data} onto a type (wire DTOs in {@code clearml.internal}). */
    <T> T call(String endpoint, Object body, Class<T> type) {
        return map(endpoint, call(endpoint, body), type);
    }

    private <T> T map(String endpoint, JsonNode data, Class<T> type) {
        try {
            return MAPPER.treeToValue(data, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new ClearmlException(ClearmlException.Kind.PROTOCOL,
                    "Unexpected answer from " + endpoint + " at " + base + ": " + e.getMessage(), e);
        }
    }

    /** A valid bearer token, logging in or refreshing first when needed (API.md 2.3 rule 1). */
    public String token() {
        String t = token;
        if (t != null && !expiresSoon()) return t;
        synchronized (tokenLock) {
            if (token == null || expiresSoon()) login();
            return token;
        }
    }

    /** A supplier of valid tokens, for the fileserver (the same token authenticates there, API.md 2.2). */
    public Supplier<String> tokenSupplier() {
        return this::token;
    }

    private boolean expiresSoon() {
        Long exp = tokenExp;
        return exp != null && exp - clock.millis() / 1000 - config.tokenExpirationThresholdSec() <= 0;
    }

    /**
     * Told that a server (the fileserver) refused {@code used}, e.g. a session revoked before its
     * expiry: the next {@link #token()} logs in again unless another caller already did.
     */
    public void tokenRefused(String used) {
        if (used != null) invalidateToken(used);
    }

    private void invalidateToken(String used) {
        synchronized (tokenLock) {
            if (used.equals(token)) token = null;
        }
    }

    /** {@code auth.login} with Basic key:secret (or the bootstrap {@code CLEARML_AUTH_TOKEN} once). */
    private void login() {
        String auth;
        Credentials c = config.credentials();
        String boot = bootstrapToken;
        if (boot != null) {
            auth = "Bearer " + boot;
        } else if (c != null) {
            auth = "Basic " + Base64.getEncoder().encodeToString((c.accessKey() + ":" + c.secretKey()).getBytes(StandardCharsets.ISO_8859_1));
        } else if (token != null) {
            auth = "Bearer " + token;
        } else {
            throw new ClearmlException(ClearmlException.Kind.BAD_CREDENTIALS, "No ClearML credentials are configured for " + base);
        }
        String url = base + "/auth.login";
        if (config.requestTokenExpirationSec() != null) url += "?expiration_sec=" + config.requestTokenExpirationSec();
        Raw raw = sendWithRetries("auth.login", url, auth, "{}".getBytes(StandardCharsets.UTF_8));
        JsonNode data;
        try {
            data = envelopeData("auth.login", raw);
        } catch (ApiException e) {
            if (e.resultCode() == 401) {
                throw new ApiException("auth.login", e.resultCode(), e.subcode(), e.serverMessage(),
                        "The ClearML server at " + base + " refused the access key / secret key (" + e.serverMessage()
                                + "): check both keys, or create new credentials in the web app's Settings > Workspace");
            }
            throw e;
        }
        JsonNode tok = data.get("token");
        if (tok == null || !tok.isTextual() || tok.asText().isEmpty()) {
            throw notClearml(raw, "it answered auth.login without a token");
        }
        String newToken = tok.asText();
        JsonNode claims = claims(newToken);
        Long exp = claims != null && claims.hasNonNull("exp") ? claims.get("exp").asLong() : null;
        String serverApi = claims != null && claims.hasNonNull("api_version") ? claims.get("api_version").asText() : null;
        if (serverApi != null) {
            if (compareVersions(serverApi, MIN_API_VERSION) < 0) {
                throw new ClearmlException(ClearmlException.Kind.UNSUPPORTED, "The ClearML server at " + base
                        + " speaks API " + serverApi + "; Vitrine needs " + MIN_API_VERSION + " or newer (ClearML server 1.0+)");
            }
            pathVersion = compareVersions(serverApi, TESTED_API_VERSION) < 0 ? serverApi : TESTED_API_VERSION;
        }
        bootstrapToken = null;
        tokenExp = exp;
        token = newToken;
        LOG.info("Logged in to {} (token expires {})", base, exp == null ? "never" : java.time.Instant.ofEpochSecond(exp));
    }

    /** The JWT payload (claims), or null when the token is not a decodable JWT. */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) return null;
        try {
            return MAPPER.readTree(Base64.getUrlDecoder().decode(pad(parts[1])));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String pad(String b64) {
        int r = b64.length() % 4;
        return r == 0 ? b64 : b64 + "====".substring(r);
    }

    /** {@code debug.ping} (no auth): returns when a ClearML API server answers, throws what is wrong otherwise. */
    public void ping() {
        Raw raw = sendWithRetries("debug.ping", base + "/debug.ping", null, "{}".getBytes(StandardCharsets.UTF_8));
        envelopeData("debug.ping", raw);
    }

    /** A JSON object as plain values (maps, lists, strings, numbers, booleans, nulls), for callers that edit and send it back. */
    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> plain(JsonNode object) {
        return MAPPER.convertValue(object, java.util.LinkedHashMap.class);
    }

    /** The server's version and API level (server.info at the path version, API.md 3). */
    public ServerInfo serverInfo() {
        JsonNode data = call("server.info", null);
        JsonNode claims = token == null ? null : claims(token);
        String user = claims == null ? null : claims.path("identity").path("user_name").asText(null);
        String api = data.path("api_version").asText(null);
        if (api == null && claims != null) api = claims.path("api_version").asText(null);
        return new ServerInfo(base, data.path("version").asText(null), api, pathVersion, user);
    }

    /**
     * Checks step by step what the Connect dialog needs to know: reachable and a ClearML API server
     * ({@code debug.ping}), credentials accepted ({@code auth.login}), then server.info.
     *
     * @throws ClearmlException whose kind and message say precisely which step failed
     */
    public ServerInfo checkConnection() {
        ping();
        synchronized (tokenLock) {
            login();
        }
        return serverInfo();
    }

    /**
     * How far the server's clock is ahead of this machine's (negative: behind), read from the
     * {@code Date} header of the last answer (one-second resolution); empty before any answer.
     */
    public java.util.Optional<Duration> serverClockOffset() {
        return java.util.Optional.ofNullable(serverClockOffset);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    // ---- transport ----

    private record Raw(int code, String contentType, byte[] body) {}

    private String versionedUrl(String endpoint) {
        return base + "/v" + pathVersion + "/" + endpoint;
    }

    private Raw sendWithRetries(String endpoint, String url, String auth, byte[] body) {
        for (int attempt = 1; ; attempt++) {
            Raw raw;
            try {
                raw = send(endpoint, url, auth, body, JSON);
            } catch (ClearmlException e) {
                if (retryable(endpoint, e) && attempt < maxAttempts) {
                    sleepBackoff(attempt, endpoint, e.getMessage());
                    continue;
                }
                throw e;
            }
            if (isRetryStatus(raw.code) && attempt < maxAttempts) {
                sleepBackoff(attempt, endpoint, "HTTP " + raw.code);
                continue;
            }
            return raw;
        }
    }

    private Raw send(String endpoint, String url, String auth, byte[] body, MediaType type) {
        if (Thread.currentThread().isInterrupted()) throw cancelled(endpoint);
        Request.Builder rb = new Request.Builder().url(url)
                .post(RequestBody.create(body, type))
                .header("X-ClearML-Worker", worker)
                .header("X-ClearML-Client", clientName);
        if (auth != null) rb.header("Authorization", auth);
        Call call = http.newCall(rb.build());
        CompletableFuture<Raw> result = new CompletableFuture<>();
        requests.incrementAndGet();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    java.util.Date date = response.headers().getDate("Date");
                    if (date != null) serverClockOffset = Duration.between(clock.instant(), date.toInstant());
                    ResponseBody rbody = response.body();
                    byte[] bytes = readBounded(rbody.byteStream());
                    MediaType mt = rbody.contentType();
                    result.complete(new Raw(response.code(), mt == null ? "" : mt.toString(), bytes));
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            call.cancel();
            Thread.currentThread().interrupt();
            throw cancelled(endpoint);
        } catch (ExecutionException e) {
            throw transportError(endpoint, e.getCause());
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_RESPONSE_BYTES + 1));
        if (bytes.length > MAX_RESPONSE_BYTES) throw new IOException("answer larger than " + (MAX_RESPONSE_BYTES >> 20) + " MB");
        return bytes;
    }

    private ClearmlException cancelled(String endpoint) {
        return new ClearmlException(ClearmlException.Kind.CANCELLED, "Request " + endpoint + " to " + base + " was cancelled");
    }

    private ClearmlException transportError(String endpoint, Throwable t) {
        String host = hostOf(base);
        if (t instanceof UnknownHostException) {
            return new ClearmlException(ClearmlException.Kind.UNREACHABLE, "Cannot reach the ClearML server at " + base
                    + ": unknown host '" + host + "' (check the api_server address and your network)", t);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return new ClearmlException(ClearmlException.Kind.UNREACHABLE, "Cannot reach the ClearML server at " + base
                    + ": connection refused (is the server running, and is the port right? The API server usually listens on 8008)", t);
        }
        if (t instanceof SSLHandshakeException || t instanceof SSLException) {
            String detail = rootMessage(t);
            String hint = detail.contains("Unrecognized SSL message") || detail.contains("plaintext")
                    ? "the server does not speak HTTPS on this port (try http://)"
                    : "its certificate is not trusted (" + detail + "). If the server uses a self-signed certificate, "
                    + "turn off 'Verify certificate' (api.verify_certificate: false) or point it at a CA bundle";
            return new ClearmlException(ClearmlException.Kind.TLS, "TLS failure with " + base + ": " + hint, t);
        }
        if (t instanceof SocketTimeoutException || (t instanceof java.io.InterruptedIOException && "timeout".equals(t.getMessage()))) {
            return new ClearmlException(ClearmlException.Kind.TIMEOUT, "The ClearML server at " + base
                    + " did not answer " + endpoint + " in time", t);
        }
        if (t instanceof IOException && "Canceled".equalsIgnoreCase(String.valueOf(t.getMessage()))) {
            return cancelled(endpoint);
        }
        return new ClearmlException(ClearmlException.Kind.UNREACHABLE, "Connection to " + base + " failed during "
                + endpoint + ": " + rootMessage(t), t);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) r = r.getCause();
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m;
    }

    private static boolean isRetryStatus(int code) {
        return code == 502 || code == 503 || code == 504 || code == 509 || code == 429;
    }

    private static boolean safeToRepeat(String endpoint) {
        String action = endpoint.substring(endpoint.indexOf('.') + 1);
        return action.startsWith("get") || endpoint.equals("server.info") || endpoint.equals("debug.ping")
                || endpoint.equals("auth.login") || IDEMPOTENT_WRITES.contains(endpoint);
    }

    private static boolean retryable(String endpoint, ClearmlException e) {
        if (e.kind() == ClearmlException.Kind.CANCELLED || e.kind() == ClearmlException.Kind.TLS) return false;
        if (e.getCause() instanceof UnknownHostException) return false;
        // A refused connection never reached the server: any call may be repeated.
        if (e.getCause() instanceof ConnectException) return true;
        return (e.kind() == ClearmlException.Kind.UNREACHABLE || e.kind() == ClearmlException.Kind.TIMEOUT) && safeToRepeat(endpoint);
    }

    private void sleepBackoff(int attempt, String endpoint, String why) {
        long ms = Math.min(backoff.toMillis() << Math.min(attempt - 1, 10), 8_000L);
        LOG.info("Retrying {} on {} in {} ms after: {}", endpoint, base, ms, why);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(endpoint);
        }
    }

    private JsonNode envelopeData(String endpoint, Raw raw) {
        JsonNode root;
        try {
            root = MAPPER.readTree(raw.body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.path("meta").isObject() || !root.path("meta").has("result_code")) {
            if (raw.code >= 500) {
                String text = new String(raw.body, 0, Math.min(raw.body.length, 200), StandardCharsets.UTF_8).strip();
                throw new ApiException(endpoint, raw.code, 0, text.isEmpty() ? "HTTP " + raw.code : text,
                        "The ClearML server at " + base + " failed on " + endpoint + " (HTTP " + raw.code + ")"
                                + (text.isEmpty() ? "" : ": " + firstLine(text)));
            }
            if (raw.code == 415) {
                throw new ApiException(endpoint, 415, 0, new String(raw.body, StandardCharsets.UTF_8));
            }
            throw notClearml(raw, root == null ? "its answer is not JSON" : "its answer has no ClearML envelope");
        }
        JsonNode meta = root.get("meta");
        int code = meta.path("result_code").asInt(raw.code);
        int sub = meta.path("result_subcode").asInt(0);
        String msg = meta.path("result_msg").asText("");
        if (code != 200) throw new ApiException(endpoint, code, sub, msg);
        JsonNode data = root.get("data");
        return data == null || data.isNull() ? MAPPER.createObjectNode() : data;
    }

    private ClearmlException notClearml(Raw raw, String why) {
        return new ClearmlException(ClearmlException.Kind.NOT_CLEARML, base + " does not look like a ClearML API server: "
                + why + " (HTTP " + raw.code + (raw.contentType.isEmpty() ? "" : ", " + raw.contentType)
                + "). Check api_server: it is the API address (often port 8008 or https://api.<domain>), not the web app");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static byte[] toJson(Object body) {
        try {
            if (body == null) return "{}".getBytes(StandardCharsets.UTF_8);
            if (body instanceof byte[] b) return b;
            return MAPPER.writeValueAsBytes(body instanceof ObjectNode ? body : MAPPER.valueToTree(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    /** Compares dotted versions numerically ("2.9" < "2.13"). */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parseIntSafe(x[i]) : 0;
            int yi = i < y.length ? parseIntSafe(y[i]) : 0;
            if (xi != yi) return Integer.compare(xi, yi);
        }
        return 0;
    }

    private static int parseIntSafe(String s) {
        try {
            return Integer.parseInt(s.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String stripSlash(String s) {
        String r = s.strip();
        while (r.endsWith("/")) r = r.substring(0, r.length() - 1);
        return r;
    }

    private static String hostOf(String url) {
        try {
            String h = java.net.URI.create(url).getHost();
            return h == null ? url : h;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    // ---- TLS ----

    private static void configureTls(OkHttpClient.Builder hb, ClearmlConfig config, X509TrustManager override) {
        try {
            X509TrustManager tm = override;
            if (tm == null && !config.verifyCertificate()) {
                tm = new TrustAll();
                hb.hostnameVerifier((h, s) -> true);
            } else if (tm == null && config.caBundle() != null) {
                tm = trustFromPem(config.caBundle());
            }
            if (tm == null) return;
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            SSLSocketFactory sf = ctx.getSocketFactory();
            hb.sslSocketFactory(sf, tm);
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new ClearmlException(ClearmlException.Kind.TLS, "Cannot set up TLS for " + config.apiServer() + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustFromPem(java.nio.file.Path pem) throws java.security.GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("ca" + i++, c);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ClearmlException(ClearmlException.Kind.TLS, "The CA bundle " + pem + " (api.verify_certificate) does not exist", e);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager t : tmf.getTrustManagers()) if (t instanceof X509TrustManager x) return x;
        throw new java.security.KeyStoreException("no X509 trust manager");
    }

    /** Used only when the user turned certificate verification off (api.verify_certificate: false). */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Builds a client; every setting has a default suited to an interactive app. */
    public static final class Builder {
        private final ClearmlConfig config;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Duration callTimeout = Duration.ofSeconds(120);
        private int maxAttempts = 4;
        private Duration backoff = Duration.ofMillis(500);
        private Clock clock = Clock.systemUTC();
        private String apiVersion = TESTED_API_VERSION;
        private String worker = defaultWorker();
        private String clientName = "vitrine-" + version();
        private X509TrustManager trustManager;

        private Builder(ClearmlConfig config) {
            this.config = config;
        }

        public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
        public Builder readTimeout(Duration d) { this.readTimeout = d; return this; }
        /** The whole call, connect to last byte; zero means none. */
        public Builder callTimeout(Duration d) { this.callTimeout = d; return this; }
        /** Attempts per call, the first included (1 = no retries). */
        public Builder maxAttempts(int n) { this.maxAttempts = n; return this; }
        /** First backoff delay; doubles per attempt, capped at 8 s. */
        public Builder backoff(Duration d) { this.backoff = d; return this; }
        public Builder clock(Clock c) { this.clock = c; return this; }
        public Builder apiVersion(String v) { this.apiVersion = v; return this; }
        /** Trust exactly this trust manager (tests with a private CA). */
        public Builder trustManager(X509TrustManager tm) { this.trustManager = tm; return this; }

        public ClearmlClient build() {
            return new ClearmlClient(this);
        }

        private static String defaultWorker() {
            String w = System.getenv("CLEARML_WORKER_NAME");
            if (w != null && !w.isBlank()) return w.strip();
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "vitrine";
            }
        }

        private static String version() {
            String v = ClearmlClient.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }

}
