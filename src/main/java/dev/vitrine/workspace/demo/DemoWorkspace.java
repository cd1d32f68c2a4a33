package dev.vitrine.workspace.demo;

import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.offline.OfflineSession;
import dev.vitrine.workspace.offline.OfflineWorkspace;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bundled demo: real offline sessions from {@code assets/demo}, read by the same
 * {@link OfflineWorkspace} as any session. From the source tree they are read in place; from the
 * packaged jar they are copied once into the user's cache (a zip inside a jar cannot be opened in
 * place), keyed by their index so a new build refreshes them.
 */
public final class DemoWorkspace {

    /** System property naming the demo folder, for tests and the packaged app image. */
    public static final String DEMO_DIR_PROPERTY = "vitrine.demo";
    private static final String INDEX = "demo/index.txt";

    private DemoWorkspace() {}

    public static OfflineWorkspace open() {
        Path dir = locate();
        List<OfflineSession> sessions = new ArrayList<>();
        for (Path p : sessionFiles(dir)) sessions.add(OfflineSession.open(p));
        if (sessions.isEmpty()) throw new WorkspaceException("The demo workspace in " + dir + " has no sessions");
        return new OfflineWorkspace("Demo", Workspace.Kind.DEMO, sessions);
    }

    static List<Path> sessionFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".zip")
                            || Files.isRegularFile(p.resolve("task.json")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new WorkspaceException("Cannot list the demo workspace " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The folder holding the demo sessions, extracting them from the jar when needed. */
    public static Path locate() {
        String prop = System.getProperty(DEMO_DIR_PROPERTY);
        if (prop != null && Files.isDirectory(Path.of(prop))) return Path.of(prop);
        Path source = Path.of("assets", "demo");
        if (Files.isRegularFile(source.resolve("index.txt"))) return source.toAbsolutePath();
        return extractFromClasspath();
    }

    private static Path extractFromClasspath() {
        ClassLoader cl = DemoWorkspace.class.getClassLoader();
        URL index = cl.getResource(INDEX);
        if (index == null) throw new WorkspaceException("The demo workspace is not bundled with this build");
        try {
            String listing;
            try (InputStream in = index.openStream()) {
                listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String version = Integer.toHexString(listing.hashCode());
            Path target = cacheRoot().resolve("demo-" + version);
            Files.createDirectories(target);
            for (String line : listing.split("\\R")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) continue;
                if (name.contains("/") || name.contains("\\") || name.contains("..")) {
                    throw new WorkspaceException("Bad demo index entry: " + name);
                }
                Path file = target.resolve(name);
                if (Files.exists(file)) continue;
                try (InputStream in = cl.getResourceAsStream("demo/" + name)) {
                    if (in == null) throw new WorkspaceException("Demo file missing from the build: " + name);
                    Path tmp = Files.createTempFile(target, name, ".part");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return target;
        } catch (IOException e) {
            throw new WorkspaceException("Cannot unpack the demo workspace: " + e.getMessage(), e);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("vitrine");
    }
}
