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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A pass-through HTTP front for a real server (S3Proxy) that can answer some requests itself with
 * an error, as a flaky or strict server would. Requests go on unchanged, the {@code Host} header
 * included, so signatures made for the front's address still verify behind it. Every request line
 * is recorded.
 */
public final class FaultyHttpFront implements AutoCloseable {

    /** What to answer instead of forwarding: a status and an XML body. */
    public record Fault(int status, String body) { }

    private static final Set<String> HOP = Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "expect");

    private final HttpServer server;
    private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final String target;
    private volatile Function<String, Fault> faults = line -> null;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** @param target the real server, e.g. {@code http://127.0.0.1:9000} */
    public FaultyHttpFront(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
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

    /** {@code faults} gets "METHOD /path?query" and returns a fault to answer, or null to forward. */
    public void faults(Function<String, Fault> faults) {
        this.faults = faults;
    }

    public List<String> seen() {
        return seen;
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
            forward(ex);
        }
    }

    private void forward(HttpExchange ex) throws IOException {
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
            byte[] out = r.body().bytes();
            ex.sendResponseHeaders(r.code(), method.equals("HEAD") || out.length == 0 ? -1 : out.length);
            if (out.length > 0 && !method.equals("HEAD")) ex.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
