package dev.vitrine.testutil;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A ClearML fileserver on loopback that follows STORAGE.md 2: {@code GET /} ping, {@code POST /}
 * multipart upload (field name = stored path, leading {@code /} stripped, escapes give 404, reply a
 * JSON list of stored paths as text/html), {@code GET/HEAD /<path>} with single ranges (206,
 * suffix ranges, 416 past the end or for multi-range), {@code DELETE /<path>}, 415 for any
 * {@code Content-Encoding}, Bearer auth (or the {@code clearml_token_basic} cookie) when a token is set.
 *
 * <p>Faults for tests: answer the next GETs with an error status, cut the next bodies after some
 * bytes (the connection drops mid-body), slow every chunk down, corrupt one byte, and restart on
 * the same port.
 */
public final class FileServerFake implements AutoCloseable {

    private final Path root;
    private final java.util.function.Predicate<String> tokenCheck;
    private HttpServer server;
    private ExecutorService pool;
    private int port;

    public final AtomicInteger fileGets = new AtomicInteger();
    public final AtomicInteger uploads = new AtomicInteger();
    public final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    public final List<String> rangesSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger failUploads = new AtomicInteger();
    private volatile int failStatus = 500;
    private final AtomicInteger dropNext = new AtomicInteger();
    private volatile long dropAfter;
    private volatile long chunkDelayMs;
    private volatile boolean corrupt;
    private final AtomicLong gate = new AtomicLong(-1);
    /** Every If-Range header received. */
    public final List<String> ifRangesSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Runnable afterDrop;
    private volatile boolean endless;
    private volatile boolean ignoreRanges;
    private volatile long rangeStartShift;

    /** @param token the session token required, or null for auth off */
    public FileServerFake(Path root, String token) throws IOException {
        this(root, token == null ? null : token::equals, true);
    }

    /**
     * A fileserver that accepts the tokens {@code tokenCheck} accepts, as the real one asks its API
     * server ({@link FakeClearmlServer#validToken}); null for auth off.
     */
    public static FileServerFake checkingTokens(Path root, java.util.function.Predicate<String> tokenCheck) throws IOException {
        return new FileServerFake(root, java.util.Objects.requireNonNull(tokenCheck), true);
    }

    private FileServerFake(Path root, java.util.function.Predicate<String> tokenCheck, boolean unused) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tokenCheck = tokenCheck;
        Files.createDirectories(this.root);
        start(0);
    }

    private void start(int p) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 64);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fileserver-fake");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path root() {
        return root;
    }

    /** Stops and starts again on the same port, keeping the files (a server restart). */
    public void restart() throws IOException {
        server.stop(0);
        pool.shutdownNow();
        start(port);
    }

    /** The next {@code count} uploads (POST) answer {@code status}. */
    public void failUploads(int count, int status) {
        failStatus = status;
        failUploads.set(count);
    }

    public void failNext(int count, int status) {
        failStatus = status;
        failNext.set(count);
    }

    /** The next {@code count} downloads send the full length header but only {@code bytes} bytes, then drop. */
    public void dropNext(int count, long bytes) {
        dropAfter = bytes;
        dropNext.set(count);
    }

    /** Runs once right after the next injected drop (e.g. the object is re-uploaded before the client resumes). */
    public void afterDrop(Runnable r) {
        afterDrop = r;
    }

    /** Downloads answer 200 with an unannounced (chunked) body that never ends, as a broken proxy might. */
    public void endless(boolean on) {
        endless = on;
    }

    /** Range headers are dropped on the way in (a proxy that strips them): every download answers 200 from byte 0. */
    public void ignoreRanges(boolean on) {
        ignoreRanges = on;
    }

    /** A ranged download answers 206 from {@code shift} bytes after the start asked for (a broken cache in between). */
    public void shiftRangeStart(long shift) {
        rangeStartShift = shift;
    }

    private volatile long uploadDelayMs;

    /** Each upload waits this long before reading its body (the client blocks mid-upload meanwhile). */
    public void slowUploads(long delayMs) {
        uploadDelayMs = delayMs;
    }

    public void slow(long delayMsPerChunk) {
        chunkDelayMs = delayMsPerChunk;
    }

    public void corrupt(boolean on) {
        corrupt = on;
    }

    /** Stores a file as if uploaded. */
    public Path put(String path, byte[] bytes) throws IOException {
        Path p = root.resolve(path).normalize();
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("server", "clearml");
            String method = ex.getRequestMethod();
            String raw = ex.getRequestURI().getRawPath();
            if (ex.getRequestHeaders().containsKey("Content-Encoding")) {
                text(ex, 415, "Content encoding is not supported (" + ex.getRequestHeaders().getFirst("Content-Encoding") + ")");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            lastAuthorization.set(auth);
            boolean ping = raw.equals("/") && method.equals("GET");
            if (tokenCheck != null && (!ping || auth != null)) {
                String presented = null;
                if (auth != null) {
                    if (!auth.startsWith("Bearer ")) {
                        text(ex, 401, "Only bearer token authorization is supported");
                        return;
                    }
                    presented = auth.substring(7);
                } else {
                    String cookie = ex.getRequestHeaders().getFirst("Cookie");
                    if (cookie != null) {
                        for (String c : cookie.split(";")) {
                            String t = c.trim();
                            if (t.startsWith("clearml_token_basic=")) presented = t.substring(20);
                        }
                    }
                }
                if (presented == null) {
                    text(ex, 401, "Missing token");
                    return;
                }
                if (!tokenCheck.test(presented)) {
                    text(ex, 401, "Invalid token");
                    return;
                }
            }
            if (ping) {
                text(ex, 200, "OK");
                return;
            }
            switch (method) {
                case "POST":
                    if (!raw.equals("/")) {
                        text(ex, 405, "Method Not Allowed");
                        return;
                    }
                    if (failUploads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        ex.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
                        text(ex, failStatus, "Injected failure");
                        return;
                    }
                    upload(ex);
                    return;
                case "GET":
                case "HEAD":
                    download(ex, method.equals("HEAD"));
                    return;
                case "DELETE": {
                    Path p = safe(decode(raw));
                    if (p == null || !Files.isRegularFile(p)) {
                        text(ex, 404, "File " + decode(raw) + " not found");
                        return;
                    }
                    Files.delete(p);
                    text(ex, 200, "\"" + decode(raw).substring(1) + "\"");
                    return;
                }
                default:
                    text(ex, 405, "Method Not Allowed");
            }
        } catch (IOException e) {
            // a dropped connection: nothing to answer
        }
    }

    private void download(HttpExchange ex, boolean head) throws IOException {
        Path p = safe(decode(ex.getRequestURI().getRawPath()));
        if (p == null || !Files.isRegularFile(p)) {
            text(ex, 404, "Not Found");
            return;
        }
        if (!head) fileGets.incrementAndGet();
        if (!head && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            text(ex, failStatus, "Injected failure");
            return;
        }
        long size = Files.size(p);
        long start = 0;
        long end = size - 1;
        // werkzeug's send_file: a weak-free ETag of mtime, size and name, and Last-Modified
        java.time.Instant mtime = Files.getLastModifiedTime(p).toInstant();
        String etag = "\"" + mtime.getEpochSecond() + "." + mtime.getNano() + "-" + size + "-" + Integer.toUnsignedString(p.getFileName().toString().hashCode()) + "\"";
        String lastModified = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(mtime.atZone(java.time.ZoneOffset.UTC).withNano(0));
        ex.getResponseHeaders().set("ETag", etag);
        ex.getResponseHeaders().set("Last-Modified", lastModified);
        if (!head && endless) {
            ex.sendResponseHeaders(200, 0);
            byte[] junk = new byte[1 << 16];
            OutputStream out = ex.getResponseBody();
            while (endless) out.write(junk); // until the client hangs up
            return;
        }
        String range = ignoreRanges ? null : ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        if (ifRange != null) ifRangesSeen.add(ifRange);
        if (range != null && ifRange != null && !ifRange.equals(etag) && !ifRange.equals(lastModified)) {
            range = null; // RFC 9110 13.1.5: the representation changed, send all of it
        }
        int status = 200;
        if (range != null) {
            rangesSeen.add(range);
            String r = range.trim();
            if (!r.startsWith("bytes=") || r.contains(",")) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            String spec = r.substring(6);
            int dash = spec.indexOf('-');
            String a = spec.substring(0, dash);
            String b = spec.substring(dash + 1);
            if (a.isEmpty()) {
                start = Math.max(0, size - Long.parseLong(b));
            } else {
                start = Long.parseLong(a);
                if (!b.isEmpty()) end = Math.min(end, Long.parseLong(b));
            }
            if (start >= size) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            start = Math.min(end, start + rangeStartShift);
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        long length = end - start + 1;
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        boolean drop = dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        long limit = drop ? Math.min(length, dropAfter) : length;
        ex.sendResponseHeaders(status, length);
        OutputStream out = ex.getResponseBody();
        try (InputStream in = Files.newInputStream(p)) {
            in.skipNBytes(start);
            byte[] buf = new byte[1 << 16];
            long sent = 0;
            while (sent < limit) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, limit - sent));
                if (n <= 0) break;
                if (corrupt && start + sent == 0) buf[0] ^= 0x5a;
                out.write(buf, 0, n);
                sent += n;
                if (chunkDelayMs > 0) {
                    out.flush();
                    try {
                        Thread.sleep(chunkDelayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        if (drop) {
            out.flush();
            // Leave the body short and the connection dead: closing the exchange early aborts it.
            Runnable r = afterDrop;
            afterDrop = null;
            if (r != null) r.run();
            throw new IOException("injected drop");
        }
    }

    private void upload(HttpExchange ex) throws IOException {
        if (uploadDelayMs > 0) {
            try {
                Thread.sleep(uploadDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct == null || !ct.startsWith("multipart/form-data")) {
            text(ex, 400, "Bad request");
            return;
        }
        String boundary = null;
        for (String part : ct.split(";")) {
            String t = part.trim();
            if (t.startsWith("boundary=")) boundary = t.substring(9).replace("\"", "");
        }
        if (boundary == null) {
            text(ex, 400, "No boundary");
            return;
        }
        Multipart mp = new Multipart(ex.getRequestBody(), boundary);
        List<String> stored = new ArrayList<>();
        String first = mp.line();
        if (!first.equals("--" + boundary)) {
            text(ex, 400, "Bad multipart");
            return;
        }
        while (true) {
            String name = null;
            boolean isFile = false;
            String line;
            while (!(line = mp.line()).isEmpty()) {
                if (line.toLowerCase().startsWith("content-disposition:")) {
                    name = param(line, "name");
                    isFile = param(line, "filename") != null;
                }
            }
            String rel = name == null ? "" : name.replaceFirst("^/+", "");
            Path target = isFile && !rel.isEmpty() ? safe("/" + rel) : null;
            if (isFile && !rel.isEmpty() && target == null) {
                mp.body(OutputStream.nullOutputStream());
                text(ex, 404, "Not Found");
                return;
            }
            if (target != null) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".upload", ".tmp");
                boolean last;
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    last = mp.body(os);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                stored.add(root.relativize(target).toString().replace('\\', '/'));
                uploads.incrementAndGet();
                if (last) break;
            } else if (mp.body(OutputStream.nullOutputStream())) {
                break;
            }
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < stored.size(); i++) sb.append(i == 0 ? "" : ", ").append('"').append(stored.get(i).replace("\"", "\\\"")).append('"');
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        byte[] body = sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private static String param(String header, String key) {
        for (String part : header.split(";")) {
            String t = part.trim();
            if (t.startsWith(key + "=")) {
                String v = t.substring(key.length() + 1);
                return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /** werkzeug's safe_join: null when the path leaves the root. */
    private Path safe(String decodedPath) {
        String rel = decodedPath.replaceFirst("^/+", "");
        if (rel.isEmpty()) return null;
        Path p = root.resolve(rel).normalize();
        return p.startsWith(root) && !p.equals(root) ? p : null;
    }

    private static String decode(String raw) {
        return dev.vitrine.storage.StorageUri.percentDecode(raw);
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
    }

    /** A streaming multipart reader: parts are copied out without holding them in memory. */
    private static final class Multipart {
        private final InputStream in;
        private final byte[] delim;
        private final byte[] buf = new byte[1 << 17];
        private int pos;
        private int lim;
        private boolean eof;

        Multipart(InputStream in, String boundary) {
            this.in = in;
            this.delim = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        }

        private boolean fill() throws IOException {
            if (eof) return false;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                pos = 0;
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
                return false;
            }
            lim += n;
            return true;
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                if (pos >= lim && !fill()) throw new IOException("truncated multipart");
                byte c = buf[pos++];
                if (c == '\n') {
                    byte[] a = b.toByteArray();
                    int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                    return new String(a, 0, len, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
        }

        /** Copies a part body to {@code out}; true when it was the last part. */
        boolean body(OutputStream out) throws IOException {
            while (true) {
                int found = indexOf();
                if (found >= 0) {
                    out.write(buf, pos, found - pos);
                    pos = found + delim.length;
                    while (lim - pos < 2) if (!fill()) throw new IOException("truncated multipart");
                    boolean last = buf[pos] == '-' && buf[pos + 1] == '-';
                    String rest = line(); // "--" or "" (end of the delimiter line)
                    return last || rest.startsWith("--");
                }
                int safeEnd = lim - delim.length + 1;
                if (safeEnd > pos) {
                    out.write(buf, pos, safeEnd - pos);
                    pos = safeEnd;
                }
                if (!fill()) throw new IOException("truncated multipart");
            }
        }

        private int indexOf() {
            outer:
            for (int i = pos; i <= lim - delim.length; i++) {
                for (int j = 0; j < delim.length; j++) if (buf[i + j] != delim[j]) continue outer;
                return i;
            }
            return -1;
        }
    }
}
