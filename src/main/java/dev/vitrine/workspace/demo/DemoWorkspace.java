package dev.vitrine.workspace.demo;

import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.offline.OfflineSession;
import dev.vitrine.workspace.offline.OfflineWorkspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bundled demo: real offline sessions from {@code assets/demo} (made by
 * {@code assets/demo/generate/make_demo.py}), read by the same {@link OfflineWorkspace} as any session.
 * From the source tree they are read in place; from the packaged jar they are copied once into the
 * user's cache (a zip inside a jar cannot be opened in place), in a folder keyed by the index, so a new
 * build refreshes them.
 *
 * <p>{@code index.txt} lists one session zip per line; lines starting with {@code #} are comments. An
 * entry must be a plain file name: anything else is refused before a byte is written.
 */
public final class DemoWorkspace {

    /** System property naming the demo folder, for tests and the packaged app image. */
    public static final String DEMO_DIR_PROPERTY = "vitrine.demo";
    static final String RESOURCE_DIR = "demo/";
    static final String INDEX = "index.txt";

    private DemoWorkspace() {}

    /** Opens the demo from wherever this build finds it (see {@link #locate()}). */
    public static OfflineWorkspace open() {
        return open(locate());
    }

    /** Opens the demo sessions of a folder: those its {@code index.txt} lists, or every session in it. */
    public static OfflineWorkspace open(Path dir) {
        List<OfflineSession> sessions = new ArrayList<>();
        for (Path p : sessionFiles(dir)) sessions.add(OfflineSession.open(p));
        if (sessions.isEmpty()) throw new WorkspaceException("The demo workspace in " + dir + " has no sessions");
        return new OfflineWorkspace("Demo", Workspace.Kind.DEMO, sessions);
    }

    static List<Path> sessionFiles(Path dir) {
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            try {
                return entries(Files.readString(index, StandardCharsets.UTF_8)).stream().map(dir::resolve).toList();
            } catch (IOException e) {
                throw new WorkspaceException("Cannot read the demo index " + index + ": " + e.getMessage(), e);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".zip")
                            || Files.isRegularFile(p.resolve("task.json")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new WorkspaceException("Cannot list the demo workspace " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The file names an index lists, each checked to be a plain name (no folder, no {@code ..}). */
    static List<String> entries(String listing) {
        List<String> names = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) continue;
            if (name.contains("/") || name.contains("\\") || name.contains("..") || name.contains(":")
                    || name.chars().anyMatch(Character::isISOControl)) {
                throw new WorkspaceException("Bad demo index entry (not a plain file name): " + name);
            }
            names.add(name);
        }
        return names;
    }

    /** The folder holding the demo sessions, extracting them from the jar when needed. */
    public static Path locate() {
        String prop = System.getProperty(DEMO_DIR_PROPERTY);
        if (prop != null && Files.isDirectory(Path.of(prop))) return Path.of(prop);
        Path source = Path.of("assets", "demo");
        if (Files.isRegularFile(source.resolve(INDEX))) return source.toAbsolutePath();
        return extractFromClasspath(DemoWorkspace.class.getClassLoader(), cacheRoot());
    }

    /**
     * Copies the sessions that {@code demo/index.txt} lists from the class path into
     * {@code <cacheRoot>/demo-<hash of the index>/} (once; later calls reuse the copies) and returns that
     * folder. Each file is written to a temporary name and renamed, so a crash never leaves a half file
     * under a session's name.
     *
     * @throws WorkspaceException when the demo is not bundled, an entry is not a plain file name, or a
     *                            listed file is missing or cannot be copied
     */
    static Path extractFromClasspath(ClassLoader cl, Path cacheRoot) {
        String listing;
        try (InputStream in = cl.getResourceAsStream(RESOURCE_DIR + INDEX)) {
            if (in == null) throw new WorkspaceException("The demo workspace is not bundled with this build");
            listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read the bundled demo index: " + e.getMessage(), e);
        }
        List<String> names = entries(listing);
        Path target = cacheRoot.resolve("demo-" + shortHash(listing));
        try {
            Files.createDirectories(target);
            for (String name : names) {
                Path file = target.resolve(name);
                if (Files.isRegularFile(file)) continue;
                try (InputStream in = cl.getResourceAsStream(RESOURCE_DIR + name)) {
                    if (in == null) throw new WorkspaceException("Demo file missing from the build: " + name);
                    Path tmp = Files.createTempFile(target, "unpack-", ".part");
                    try {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException raced) {
                        // another process unpacked the same file meanwhile: its copy is as good
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
            Files.writeString(target.resolve(INDEX), listing, StandardCharsets.UTF_8);
            return target;
        } catch (IOException e) {
            throw new WorkspaceException("Cannot unpack the demo workspace into " + target + ": " + e.getMessage(), e);
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vitrine");
    }
}
