package dev.vitrine.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.config.ClearmlConfig;
import dev.vitrine.config.Credentials;
import dev.vitrine.config.ServerSettings;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.storage.FetchRequest;
import dev.vitrine.storage.HttpDriver;
import dev.vitrine.storage.LocalDriver;
import dev.vitrine.storage.S3Driver;
import dev.vitrine.storage.S3Settings;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageException;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FaultyHttpFront;
import dev.vitrine.testutil.FaultyHttpFront.Injection;
import dev.vitrine.testutil.FaultyHttpFront.Kind;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.testutil.S3ProxyServer;
import dev.vitrine.transfer.upload.ArtifactUploader;
import dev.vitrine.transfer.upload.PreparedUpload;
import dev.vitrine.transfer.upload.ServerUploadTarget;
import dev.vitrine.transfer.upload.UploadOptions;
import dev.vitrine.transfer.upload.UploadPlanner;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.server.ServerWorkspace;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue #12's fault-injection matrix: every stage a user's bytes go through (download, resume,
 * upload, replace-upload, registration), each fault a network or server can throw at it (a
 * connection dropped mid-body, a stall past the read timeout, a 502 from a gateway, an answer cut
 * before its Content-Length, a flipped byte, a revoked token, the user's cancel), in front of each
 * real or faked backend (the fileserver fake, S3Proxy, the API fake), all through
 * {@link FaultyHttpFront}. The real services run: {@link ArtifactCache}, {@link ArtifactUploader}
 * with {@link ServerUploadTarget}, and a {@link ServerWorkspace}'s intake.
 *
 * <p>After every case the invariants a user relies on are checked, whatever the outcome: no
 * {@code .partially} file and no published file that does not match its hash in the cache, every
 * registered artifact's object present with its registered size and hash (so nothing registered
 * without its complete object, and no registered object deleted or rewritten), nothing stored for
 * the task that is not registered, no multipart upload left open on S3, and a failure that reads
 * as one line for a person (no stack trace, no class names). A case is one line of the table.
 */
class FaultMatrixTest {

    enum Stage { DOWNLOAD, RESUME, UPLOAD, REPLACE, REGISTER }

    enum Fault { DROP, STALL, STATUS, TRUNCATE, CORRUPT, EXPIRE, CANCEL }

    enum Backend { FILES, S3, API }

    /** What the user must see: the bytes (recovered), a clear failure, a cancel, or either of the first two. */
    enum Expect { OK, ERROR, CANCELLED, EITHER }

    static final String BUCKET = "faults";
    static final int DOWNLOAD_BYTES = 3 << 20;
    static final int FILE_UPLOAD_BYTES = 2 << 20;
    static final int S3_UPLOAD_BYTES = 12 << 20; // two parts of a multipart upload

    @TempDir static Path tmp;
    static S3ProxyServer s3;
    static FileServerFake files;
    static FakeClearmlServer api;
    static FakeWorld world;
    static FaultyHttpFront s3Front;
    static FaultyHttpFront filesFront;
    static FaultyHttpFront apiFront;
    static String projectId;
    static ExecutorService worker;
    /** Short timeouts so a stall costs a second; a cancel case uses long ones, so only a prompt cancel passes. */
    static Services quick;
    static Services patient;
    static final AtomicInteger cases = new AtomicInteger();
    static final AtomicInteger counter = new AtomicInteger();

    /** What one configuration of the app's services talks through. */
    record Services(ClearmlClient client, ServerWorkspace ws, StorageDrivers drivers, ArtifactCache cache, ArtifactUploader uploader) {
        void close() {
            cache.close();
            client.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3ProxyServer(tmp.resolve("s3data"));
        s3.createBucket(BUCKET);
        s3Front = new FaultyHttpFront(s3.endpoint());
        world = new FakeWorld();
        projectId = world.addProject("Faults").get("id").asText();
        api = FakeClearmlServer.start(world);
        apiFront = new FaultyHttpFront(api.url());
        files = FileServerFake.checkingTokens(tmp.resolve("files"), api::validToken);
        filesFront = new FaultyHttpFront(files.url());
        worker = Executors.newCachedThreadPool();
        quick = services("quick", Duration.ofSeconds(1));
        patient = services("patient", Duration.ofSeconds(20));
    }

    static Services services(String name, Duration timeout) {
        ClearmlConfig config = ClearmlConfig.of("faults", new ServerSettings(apiFront.url(), apiFront.url(), filesFront.url(),
                new Credentials(FakeClearmlServer.ACCESS_KEY, FakeClearmlServer.SECRET_KEY), true));
        ClearmlClient client = ClearmlClient.builder(config).readTimeout(timeout).connectTimeout(timeout)
                .backoff(Duration.ofMillis(50)).build();
        ServerWorkspace ws = new ServerWorkspace(client, "faults");
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).build();
        long secs = timeout.toSeconds();
        String conf = "sdk.aws.s3.credentials: [{ host: \"" + s3Front.hostPort() + "\", key: \"" + S3ProxyServer.KEY
                + "\", secret: \"" + S3ProxyServer.SECRET + "\", secure: false }]\n"
                + "sdk.aws.boto3 { connect_timeout: " + secs + ", read_timeout: " + secs + ", multipart_threshold: 8388608, multipart_chunksize: 8388608 }";
        StorageDrivers drivers = new StorageDrivers(new HttpDriver(http, client.tokenSupplier(), client::tokenRefused, List.of(filesFront.url())),
                new S3Driver(S3Settings.from(ConfigFactory.parseString(conf), Map.of())), new LocalDriver(), List.of());
        ArtifactCache cache = new ArtifactCache(tmp.resolve("cache-" + name), 1000, 0, drivers);
        ArtifactUploader uploader = new ArtifactUploader(new UploadPlanner(tmp.resolve("staging-" + name)),
                List.of(new ServerUploadTarget(scope -> drivers)));
        return new Services(client, ws, drivers, cache, uploader);
    }

    @AfterAll
    static void stop() throws Exception {
        int injected = s3Front.injected() + filesFront.injected() + apiFront.injected();
        System.out.println("FaultMatrixTest: " + cases.get() + " cases, " + injected + " faults injected");
        quick.close();
        patient.close();
        worker.shutdownNow();
        s3Front.close();
        filesFront.close();
        apiFront.close();
        files.close();
        api.close();
        s3.close();
    }

    @AfterEach
    void disarm() {
        s3Front.reset();
        filesFront.reset();
        apiFront.reset();
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(textBlock = """
            DOWNLOAD, DROP,     FILES, OK
            DOWNLOAD, STALL,    FILES, OK
            DOWNLOAD, STATUS,   FILES, OK
            DOWNLOAD, TRUNCATE, FILES, OK
            DOWNLOAD, CORRUPT,  FILES, ERROR
            DOWNLOAD, EXPIRE,   FILES, OK
            DOWNLOAD, CANCEL,   FILES, CANCELLED
            DOWNLOAD, DROP,     S3,    OK
            DOWNLOAD, STALL,    S3,    OK
            DOWNLOAD, STATUS,   S3,    OK
            DOWNLOAD, TRUNCATE, S3,    OK
            DOWNLOAD, CORRUPT,  S3,    ERROR
            DOWNLOAD, CANCEL,   S3,    CANCELLED
            RESUME,   DROP,     FILES, OK
            RESUME,   STALL,    FILES, OK
            RESUME,   STATUS,   FILES, OK
            RESUME,   TRUNCATE, FILES, OK
            RESUME,   CORRUPT,  FILES, ERROR
            RESUME,   EXPIRE,   FILES, OK
            RESUME,   CANCEL,   FILES, CANCELLED
            RESUME,   DROP,     S3,    OK
            RESUME,   STALL,    S3,    OK
            RESUME,   STATUS,   S3,    OK
            RESUME,   TRUNCATE, S3,    OK
            RESUME,   CORRUPT,  S3,    ERROR
            RESUME,   CANCEL,   S3,    CANCELLED
            UPLOAD,   DROP,     FILES, EITHER
            UPLOAD,   STALL,    FILES, ERROR
            UPLOAD,   STATUS,   FILES, ERROR
            UPLOAD,   TRUNCATE, FILES, OK
            UPLOAD,   CORRUPT,  FILES, OK
            UPLOAD,   EXPIRE,   FILES, OK
            UPLOAD,   CANCEL,   FILES, CANCELLED
            UPLOAD,   DROP,     S3,    OK
            UPLOAD,   STALL,    S3,    OK
            UPLOAD,   STATUS,   S3,    OK
            UPLOAD,   TRUNCATE, S3,    OK
            UPLOAD,   CORRUPT,  S3,    EITHER
            UPLOAD,   CANCEL,   S3,    CANCELLED
            REPLACE,  DROP,     FILES, EITHER
            REPLACE,  STALL,    FILES, ERROR
            REPLACE,  STATUS,   FILES, ERROR
            REPLACE,  TRUNCATE, FILES, OK
            REPLACE,  CORRUPT,  FILES, OK
            REPLACE,  EXPIRE,   FILES, OK
            REPLACE,  CANCEL,   FILES, CANCELLED
            REPLACE,  DROP,     S3,    OK
            REPLACE,  STALL,    S3,    OK
            REPLACE,  STATUS,   S3,    OK
            REPLACE,  TRUNCATE, S3,    OK
            REPLACE,  CORRUPT,  S3,    EITHER
            REPLACE,  CANCEL,   S3,    CANCELLED
            REGISTER, DROP,     API,   OK
            REGISTER, STALL,    API,   OK
            REGISTER, STATUS,   API,   OK
            REGISTER, TRUNCATE, API,   OK
            REGISTER, CORRUPT,  API,   OK
            REGISTER, EXPIRE,   API,   OK
            REGISTER, CANCEL,   API,   CANCELLED
            """)
    void matrix(Stage stage, Fault fault, Backend backend, Expect expect) throws Exception {
        cases.incrementAndGet();
        Services svc = fault == Fault.CANCEL ? patient : quick;
        Case c = new Case(stage, fault, backend, svc);
        Throwable failure = c.run();
        int injected = s3Front.injected() + filesFront.injected() + apiFront.injected() - c.injectedBefore;
        assertThat(injected).as("faults injected").isPositive();
        switch (expect) {
            case OK -> assertThat(failure).as("outcome").isNull();
            case ERROR -> assertThat(failure).as("outcome").isNotNull();
            case CANCELLED -> assertThat(failure).as("outcome").isNotNull().satisfies(e -> assertThat(cancelled(e)).as(e.toString()).isTrue());
            case EITHER -> { }
        }
        try {
            if (failure != null) assertClearMessage(failure);
            c.checkInvariants(failure);
        } catch (AssertionError e) {
            String id = c.task.get("id").asText();
            List<String> lines = Stream.of(s3Front, filesFront, apiFront).flatMap(f -> f.seen().stream())
                    .filter(l -> l.contains(id) || l.contains(c.name + "/")).toList();
            throw new AssertionError(e.getMessage() + "\nfailure: " + failure + "\nrequests: " + lines, e);
        }
    }

    // ------------------------------------------------------------------ one case

    final class Case {
        final Stage stage;
        final Fault fault;
        final Backend backend;
        final Services svc;
        final int injectedBefore = s3Front.injected() + filesFront.injected() + apiFront.injected();
        final Cancellation cancel = new Cancellation();
        final AtomicReference<Thread> running = new AtomicReference<>();
        final String name = "case-" + counter.incrementAndGet();
        /** The backend holding the bytes (uploads whose registration is failed store on the fileserver). */
        final Backend storage;
        String uri;
        byte[] bytes;
        ObjectNode task;
        long cancelledAt = -1;

        Case(Stage stage, Fault fault, Backend backend, Services svc) {
            this.stage = stage;
            this.fault = fault;
            this.backend = backend;
            this.svc = svc;
            this.storage = backend == Backend.API ? Backend.FILES : backend;
        }

        Throwable run() throws Exception {
            task = world.newTask(projectId, name, "training", "in_progress", Instant.parse("2026-01-01T00:00:00Z"));
            ((ObjectNode) task.get("output")).put("destination", storage == Backend.S3 ? "s3://" + s3Front.hostPort() + "/" + BUCKET : filesFront.url());
            return switch (stage) {
                case DOWNLOAD, RESUME -> download();
                case UPLOAD, REGISTER -> upload(false);
                case REPLACE -> upload(true);
            };
        }

        private Throwable download() throws Exception {
            bytes = random(DOWNLOAD_BYTES);
            String key = "Faults/" + name + "/artifacts/model/model.bin";
            if (storage == Backend.S3) {
                s3.admin().putObject(b -> b.bucket(BUCKET).key(key), software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
                uri = "s3://" + s3Front.hostPort() + "/" + BUCKET + "/" + key;
            } else {
                files.put(key, bytes);
                uri = filesFront.url() + "/" + key;
            }
            String line = "GET /" + (storage == Backend.S3 ? BUCKET + "/" : "") + key;
            Predicate<String> get = l -> l.startsWith(line);
            FaultyHttpFront front = front(storage);
            if (stage == Stage.RESUME) front.inject(Injection.of(Kind.DROP, get)); // the first GET drops: the fault hits the resume
            front.inject(injection(get).nth(stage == Stage.RESUME ? 2 : 1));
            String sha = ArtifactCache.sha256(write(bytes));
            return attempt(() -> svc.cache().fetch(FetchRequest.of(uri).expecting(sha, (long) bytes.length).observed(null, cancel)));
        }

        private Throwable upload(boolean replace) throws Exception {
            int size = storage == Backend.S3 ? S3_UPLOAD_BYTES : FILE_UPLOAD_BYTES;
            Path source = tmp.resolve(name).resolve("weights.bin");
            Files.createDirectories(source.getParent());
            Task t = svc.ws().task(task.get("id").asText()).task();
            if (replace) {
                Files.write(source, random(size));
                try (PreparedUpload p = svc.uploader().prepare(source, null)) {
                    svc.uploader().upload(svc.ws(), t, p, UploadOptions.defaults(), b -> {}); // the registered version, no fault
                }
            }
            bytes = random(size);
            Files.write(source, bytes);
            Predicate<String> write;
            if (stage == Stage.REGISTER) {
                write = l -> l.startsWith("POST /") && l.endsWith("/tasks.add_or_update_artifacts");
            } else if (storage == Backend.S3) {
                // the second part, or the completion (whose answer is the one with a body to corrupt)
                write = fault == Fault.CORRUPT ? l -> l.startsWith("POST /" + BUCKET + "/") && l.contains(name) && l.contains("uploadId=")
                        : l -> l.startsWith("PUT /" + BUCKET + "/") && l.contains(name) && l.contains("partNumber=2");
            } else {
                write = l -> l.equals("POST /");
            }
            front(backend).inject(injection(write));
            return attempt(() -> {
                try (PreparedUpload p = svc.uploader().prepare(source, null)) {
                    return svc.uploader().upload(svc.ws(), t, p, new UploadOptions(replace, false), b -> {});
                }
            });
        }

        private Injection injection(Predicate<String> matches) {
            return switch (fault) {
                case DROP -> Injection.of(Kind.DROP, matches);
                case STALL -> Injection.of(Kind.STALL, matches);
                case STATUS -> Injection.of(Kind.STATUS, matches);
                case TRUNCATE -> Injection.of(Kind.TRUNCATE, matches);
                case CORRUPT -> Injection.of(Kind.CORRUPT, matches);
                case EXPIRE -> Injection.of(Kind.PASS, matches).hook(api::expireTokens);
                case CANCEL -> Injection.of(Kind.STALL, matches).hook(this::pressCancel);
            };
        }

        /** What the app does on Cancel: the transfer's cancellation fires and its worker is interrupted. */
        private void pressCancel() {
            cancelledAt = System.nanoTime();
            cancel.cancel();
            Thread t = running.get();
            if (t != null) t.interrupt();
        }

        private Throwable attempt(Callable<?> action) throws Exception {
            Future<?> f = worker.submit(() -> {
                running.set(Thread.currentThread());
                try {
                    return action.call();
                } finally {
                    running.set(null);
                    Thread.interrupted();
                }
            });
            try {
                f.get(60, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                if (cancelledAt >= 0) {
                    long ms = (System.nanoTime() - cancelledAt) / 1_000_000;
                    assertThat(ms).as("the cancel took effect within 3 s (the read timeout is 20 s)").isLessThan(3_000);
                }
                return e.getCause();
            } catch (java.util.concurrent.TimeoutException e) {
                f.cancel(true);
                return fail("no answer within 60 s: a hang");
            }
        }

        // -------------------------------------------------------------- invariants

        void checkInvariants(Throwable failure) throws Exception {
            noPartialOrCorruptFileInTheCache();
            everyRegisteredArtifactHasItsCompleteObject();
            nothingStoredThatIsNotRegistered();
            assertThat(s3.admin().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).as("open multipart uploads")
                    .noneMatch(u -> u.key().contains(task.get("id").asText()));
            if (failure == null && (stage == Stage.DOWNLOAD || stage == Stage.RESUME)) {
                assertThat(Files.readAllBytes(svc.cache().cacheFileFor(uri))).as("the published file").isEqualTo(bytes);
            }
            if (failure == null && stage != Stage.DOWNLOAD && stage != Stage.RESUME) {
                JsonNode a = world.task(task.get("id").asText()).path("execution").path("artifacts");
                assertThat(a).as("registered artifacts").hasSize(1);
                assertThat(a.get(0).path("content_size").asLong()).isEqualTo(bytes.length);
                assertThat(a.get(0).path("hash").asText()).isEqualTo(ArtifactCache.sha256(write(bytes)));
            }
        }

        private void noPartialOrCorruptFileInTheCache() throws Exception {
            Path folder = svc.cache().folder();
            // a cancelled download is abandoned at once; its worker removes its .partially file as it ends
            long until = System.currentTimeMillis() + 5_000;
            List<String> partial;
            do {
                partial = list(folder).stream().filter(n -> n.endsWith(".partially")).toList();
                if (partial.isEmpty()) break;
                Thread.sleep(50);
            } while (System.currentTimeMillis() < until);
            assertThat(partial).as(".partially files left in the cache").isEmpty();
            if (uri != null && bytes != null) {
                Path published = svc.cache().cacheFileFor(uri);
                if (Files.exists(published)) assertThat(Files.readAllBytes(published)).as("published file matches its hash").isEqualTo(bytes);
            }
        }

        private void everyRegisteredArtifactHasItsCompleteObject() throws Exception {
            for (JsonNode a : world.task(task.get("id").asText()).path("execution").path("artifacts")) {
                byte[] stored = object(a.path("uri").asText());
                assertThat(stored).as("the object of registered artifact " + a.path("uri").asText()).isNotNull();
                assertThat(stored.length).as("its size").isEqualTo(a.path("content_size").asLong());
                assertThat(ArtifactCache.sha256(write(stored))).as("its hash").isEqualTo(a.path("hash").asText());
            }
        }

        private void nothingStoredThatIsNotRegistered() throws Exception {
            if (stage == Stage.DOWNLOAD || stage == Stage.RESUME) return;
            String id = task.get("id").asText();
            List<String> registered = new ArrayList<>();
            for (JsonNode a : world.task(id).path("execution").path("artifacts")) registered.add(objectKey(a.path("uri").asText()));
            List<String> stored;
            if (storage == Backend.S3) {
                stored = s3.admin().listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).filter(k -> k.contains(id)).toList();
            } else {
                try (Stream<Path> w = Files.walk(files.root())) {
                    stored = w.filter(Files::isRegularFile).map(p -> files.root().relativize(p).toString()).filter(k -> k.contains(id)).toList();
                }
            }
            assertThat(stored).as("objects stored for the task").containsExactlyInAnyOrderElementsOf(registered);
        }

        /** The stored bytes behind a registered uri, or null when there are none. */
        private byte[] object(String u) throws IOException {
            String key = objectKey(u);
            if (storage == Backend.S3) {
                try {
                    return s3.admin().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                    return null;
                }
            }
            Path p = files.root().resolve(key);
            return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
        }

        private String objectKey(String u) {
            String path = URI.create(u.replace(" ", "%20")).getRawPath();
            String decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8).substring(1);
            return storage == Backend.S3 ? decoded.substring(BUCKET.length() + 1) : decoded;
        }
    }

    // ------------------------------------------------------------------ helpers

    static FaultyHttpFront front(Backend b) {
        return switch (b) {
            case FILES -> filesFront;
            case S3 -> s3Front;
            case API -> apiFront;
        };
    }

    static boolean cancelled(Throwable e) {
        if (e instanceof StorageException se && se.kind() == StorageException.Kind.CANCELLED) return true;
        return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("cancel");
    }

    /** One line a person can read: no stack trace, no exception class names. */
    static void assertClearMessage(Throwable e) {
        String m = e.getMessage();
        assertThat(m).as("message of " + e.getClass().getName()).isNotBlank();
        assertThat(m).as("message").doesNotContain("\n\tat ").doesNotContain("Exception:")
                .doesNotContainPattern("\\b(java|javax|okhttp3|okio|software\\.amazon|org\\.apache)\\.[a-z0-9_.]*[A-Z]");
        assertThat(e).isInstanceOf(RuntimeException.class);
    }

    static final Random RANDOM = new Random(12);

    static synchronized byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static Path write(byte[] b) throws IOException {
        Path p = Files.createTempFile(tmp, "bytes", ".bin");
        Files.write(p, b);
        return p;
    }

    static List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.walk(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
