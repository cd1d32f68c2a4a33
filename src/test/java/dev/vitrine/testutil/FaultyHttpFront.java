package dev.vitrine.testutil;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A pass-through HTTP front for a real server (S3Proxy, the fileserver fake, the API fake) that
 * fails chosen requests as a flaky network or server would. Requests go on unchanged, the
 * {@code Host} header included, so signatures made for the front's address still verify behind it.
 * Every request line is recorded.
 *
 * <p>Two ways to steer it: {@link #faults} answers matching requests with a status of its own, and
 * {@link #inject} fails the Nth matching request with one of the {@link Kind}s (drop mid-body,
 * stall, 5xx, truncate, corrupt, or only run a hook). {@link #injected()} counts what was injected.
 */
public final class FaultyHttpFront implements AutoCloseable {

    /** What to answer instead of forwarding: a status and an XML body. */
    public record Fault(int status, String body) { }

    /** What happens to a request an {@link Injection} picks. */
    public enum Kind {
        /**
         * The connection is closed mid-body: while a request body arrives (an upload, an API call)
         * after half of it, before anything reached the server; else after half of the response body.
         */
        DROP,
        /**
         * Nothing more is sent (after half of the request body, or after the response head and half
         * its body) for {@link #stallMillis} or until the front closes: the client's read timeout fires.
         */
        STALL,
        /** A 502 from a gateway in front of the server, the request never reaching it. */
        STATUS,
        /** The server answers, and the connection closes a few bytes before the announced Content-Length. */
        TRUNCATE,
        /** The server answers, with one byte in the middle of the response body flipped. */
        CORRUPT,
        /** Forwarded unchanged: only the injection's hook runs (a token revoked, a cancel pressed). */
        PASS
    }

    /**
     * Fails the {@code nth} request (1-based) whose "METHOD /path?query" line {@code matches}, and
     * the {@code times - 1} matching requests after it. {@code hook} runs at the moment of the fault
     * (before a {@link Kind#PASS} request is forwarded; right after the first half of a drop, a
     * stall or a truncation), e.g. to replace the object between two attempts.
     */
    public record Injection(Predicate<String> matches, int nth, int times, Kind kind, Runnable hook) {
        public static Injection of(Kind kind, Predicate<String> matches) {
            return new Injection(matches, 1, 1, kind, null);
        }

        public Injection nth(int n) {
            return new Injection(matches, n, times, kind, hook);
        }

        public Injection times(int t) {
            return new Injection(matches, nth, t, kind, hook);
        }

        public Injection hook(Runnable h) {
            return new Injection(matches, nth, times, kind, h);
        }
    }

    private static final Set<String> HOP = Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "expect");

    private final HttpServer server;
    private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
            .readTimeout(java.time.Duration.ofSeconds(60)).build();
    private final String target;
    private volatile Function<String, Fault> faults = line -> null;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Armed> armed = new ArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile long stallMillis = 10_000;

    private static final class Armed {
        final Injection injection;
        int matched;

        Armed(Injection injection) {
            this.injection = injection;
        }
    }

    /** @param target the real server, e.g. {@code http://127.0.0.1:9000} */
    public FaultyHttpFront(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-front");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String url() {
        return "http://" + hostPort();
    }

    /** {@code faults} gets "METHOD /path?query" and returns a fault to answer, or null to forward. */
    public void faults(Function<String, Fault> faults) {
        this.faults = faults;
    }

    /** Arms an injection (see {@link Injection}); several may be armed at once, the first armed wins. */
    public synchronized void inject(Injection injection) {
        armed.add(new Armed(injection));
    }

    /** Disarms every injection and the {@link #faults} function; the count of injected faults stays. */
    public synchronized void reset() {
        armed.clear();
        faults = line -> null;
    }

    /** How long a {@link Kind#STALL} holds the connection at most (10 s unless changed). */
    public void stallMillis(long ms) {
        stallMillis = ms;
    }

    /** Faults injected so far by {@link #inject} (a PASS counts when its hook ran). */
    public int injected() {
        return injected.get();
    }

    public List<String> seen() {
        return seen;
    }

    private synchronized Injection pick(String line) {
        Injection hit = null;
        for (Armed a : armed) {
            if (!a.injection.matches().test(line)) continue;
            a.matched++;
            if (hit == null && a.matched >= a.injection.nth() && a.matched < a.injection.nth() + a.injection.times()) hit = a.injection;
        }
        return hit;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String line = ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            seen.add(line);
            Fault fault = faults.apply(line);
            if (fault != null) {
                try (InputStream in = ex.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream()); // a real server reads the body before it answers
                }
                byte[] body = fault.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/xml");
                ex.sendResponseHeaders(fault.status(), body.length);
                ex.getResponseBody().write(body);
                return;
            }
            Injection injection = pick(line);
            if (injection == null) {
                forward(ex, null);
                return;
            }
            injected.incrementAndGet();
            inject(ex, injection);
        }
    }

    private void inject(HttpExchange ex, Injection injection) throws IOException {
        boolean hasBody = hasBody(ex);
        switch (injection.kind()) {
            case PASS -> {
                runHook(injection);
                forward(ex, null);
            }
            case STATUS -> {
                try (InputStream in = ex.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                runHook(injection);
                byte[] body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
                        .getBytes(StandardCharsets.US_ASCII);
                ex.getResponseHeaders().add("Content-Type", "text/html");
                ex.sendResponseHeaders(502, body.length);
                ex.getResponseBody().write(body);
            }
            case DROP, STALL -> {
                if (hasBody) {
                    readHalf(ex);
                    runHook(injection);
                    if (injection.kind() == Kind.STALL) stall();
                    throw new Dropped();
                }
                forward(ex, out -> {
                    out.cut = out.body.length / 2;
                    out.after = () -> {
                        runHook(injection);
                        if (injection.kind() == Kind.STALL) stall();
                    };
                });
            }
            case TRUNCATE -> forward(ex, out -> {
                out.cut = Math.max(0, out.body.length - Math.max(1, out.body.length / 16));
                out.after = () -> runHook(injection);
            });
            case CORRUPT -> forward(ex, out -> {
                if (out.body.length > 0) out.body[out.body.length / 2] ^= (byte) 0xFF;
                runHook(injection);
            });
        }
    }

    /** Thrown from the handler so the server closes the connection without finishing the exchange. */
    private static final class Dropped extends RuntimeException {
        Dropped() {
            super("connection dropped by the fault front", null, false, false);
        }
    }

    private static void runHook(Injection injection) {
        if (injection.hook() != null) injection.hook().run();
    }

    private void stall() {
        try {
            closing.await(stallMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hasBody(HttpExchange ex) {
        String m = ex.getRequestMethod();
        if (!m.equals("PUT") && !m.equals("POST")) return false;
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        return len == null || Long.parseLong(len) > 0;
    }

    private static void readHalf(HttpExchange ex) throws IOException {
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        long half = len == null ? 32 << 10 : Long.parseLong(len) / 2;
        InputStream in = ex.getRequestBody();
        byte[] buf = new byte[8192];
        long read = 0;
        int n;
        while (read < half && (n = in.read(buf, 0, (int) Math.min(buf.length, half - read))) > 0) read += n;
    }

    /** The server's answer, held whole, and how to send it: all of it, or up to {@code cut} then {@code after} and a drop. */
    private static final class Outgoing {
        byte[] body;
        int cut = -1;
        Runnable after;
    }

    private void forward(HttpExchange ex, java.util.function.Consumer<Outgoing> tamper) throws IOException {
        Headers.Builder headers = new Headers.Builder();
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) continue;
            for (String v : h.getValue()) headers.addUnsafeNonAscii(h.getKey(), v);
        }
        String lengthHeader = ex.getRequestHeaders().getFirst("Content-Length");
        long length = lengthHeader == null ? -1 : Long.parseLong(lengthHeader);
        String method = ex.getRequestMethod();
        RequestBody body = null;
        if (method.equals("PUT") || method.equals("POST")) {
            InputStream in = ex.getRequestBody();
            body = new RequestBody() {
                @Override
                public MediaType contentType() {
                    return null;
                }

                @Override
                public long contentLength() {
                    return length;
                }

                @Override
                public void writeTo(BufferedSink sink) throws IOException {
                    sink.writeAll(Okio.source(in));
                }
            };
        }
        String uri = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        Request request = new Request.Builder().url(target + uri).headers(headers.build()).method(method, body).build();
        try (Response r = client.newCall(request).execute()) {
            for (String name : r.headers().names()) {
                if (HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) continue;
                for (String v : r.headers(name)) ex.getResponseHeaders().add(name, v);
            }
            Outgoing out = new Outgoing();
            out.body = r.body().bytes();
            boolean head = method.equals("HEAD");
            // a HEAD answer's length is the object's: the server would not send it for an empty body otherwise
            if (head && r.header("Content-Length") != null) ex.getResponseHeaders().set("Content-Length", r.header("Content-Length"));
            if (tamper != null && !head) tamper.accept(out);
            if (out.cut >= 0 && out.body.length == 0) {
                if (out.after != null) out.after.run();
                throw new Dropped(); // nothing to cut in two: the answer is lost whole
            }
            ex.sendResponseHeaders(r.code(), head || out.body.length == 0 ? -1 : out.body.length);
            if (out.body.length == 0 || head) return;
            if (out.cut < 0) {
                ex.getResponseBody().write(out.body);
                return;
            }
            ex.getResponseBody().write(out.body, 0, out.cut);
            ex.getResponseBody().flush();
            if (out.after != null) out.after.run();
            throw new Dropped();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
