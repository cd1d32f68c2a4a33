package dev.vitrine.cli;

import dev.vitrine.preview.Previewers;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.storage.StorageException;
import dev.vitrine.workspace.WorkspaceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The root of {@code vitrine}: global source options, then a verb. With no verb it hands the
 * sources to the GUI launcher (the CLI never touches JavaFX itself).
 */
@Command(name = "vitrine", mixinStandardHelpOptions = true, versionProvider = VitrineCommand.Version.class,
        description = "Explore ClearML artifacts. With no verb, opens the window.",
        subcommands = {LsCommand.class, GetCommand.class, PutCommand.class, InspectCommand.class, DiffCommand.class, CacheCommand.class,
                SamplesCommand.class, ImportCommand.class, DoctorCommand.class})
public final class VitrineCommand implements Runnable {

    @Option(names = "--profile", paramLabel = "NAME", description = "Use a named server profile.")
    String profile;

    @Option(names = "--offline", paramLabel = "PATH", description = "A ClearML offline session folder or .zip (repeatable).")
    List<Path> offline = new ArrayList<>();

    @Option(names = "--demo", description = "Use the bundled demo workspace.")
    boolean demo;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    private final WorkspaceOpener opener;
    private final Supplier<ArtifactCache> cache;
    private final Consumer<Sources> gui;
    private final Supplier<Previewers> previewers;
    private final Supplier<LocalCopies> localCopies;

    VitrineCommand(CliServices services, Consumer<Sources> gui) {
        this.opener = services.opener();
        this.cache = services.cache();
        this.gui = gui;
        this.previewers = services.previewers();
        this.localCopies = services.localCopies();
    }

    /** The readers, built on first use (verbs that preview nothing never load them). */
    public Previewers previewers() {
        return previewers.get();
    }

    public LocalCopies localCopies() {
        return localCopies.get();
    }

    /** The shared download cache (built on first use by the composition root). */
    public ArtifactCache cache() {
        if (cache == null) throw new CliException("No storage is wired into this command line");
        return cache.get();
    }

    public Sources sources() {
        return new Sources(profile, offline, demo);
    }

    public WorkspaceOpener opener() {
        return opener;
    }

    @Override
    public void run() {
        gui.accept(sources());
    }

    /**
     * Runs the command line and returns the exit code: 0 on success, 2 on a usage error, 1 on any
     * other failure, each failure as one line on stderr (a stack trace only with {@code --debug}).
     */
    /** @param factory builds the verbs, so the composition root can hand them their services */
    public static int execute(String[] args, CliServices services, Consumer<Sources> gui, CommandLine.IFactory factory,
                              PrintWriter out, PrintWriter err) {
        VitrineCommand root = new VitrineCommand(services, gui);
        CommandLine cl = new CommandLine(root, factory);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("vitrine: " + ex.getMessage());
            err.println("Try 'vitrine --help'.");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (root.debug) ex.printStackTrace(err);
            err.println("vitrine: " + Terminal.safe(message(ex)));
            err.flush();
            return ex instanceof CliException ce ? ce.exitCode() : 1;
        });
        return cl.execute(args);
    }

    static String message(Throwable ex) {
        if (ex instanceof CliException || ex instanceof WorkspaceException || ex instanceof StorageException) return ex.getMessage();
        Throwable t = ex;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException)) t = t.getCause();
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = VitrineCommand.class.getPackage().getImplementationVersion();
            return new String[] {"vitrine " + (v == null ? "dev" : v)};
        }
    }
}
