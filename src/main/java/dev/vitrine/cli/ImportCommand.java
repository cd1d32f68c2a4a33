package dev.vitrine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.importer.ImportException;
import dev.vitrine.importer.ImportListener;
import dev.vitrine.importer.ImportResult;
import dev.vitrine.importer.SessionImporter;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.workspace.WorkspaceException;
import dev.vitrine.workspace.offline.OfflineSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code vitrine import SESSION}: imports an offline session (folder or zip) into the configured
 * server as {@code Task.import_offline_session} does. A session imported before is refused unless
 * {@code --again}. Ctrl-C cancels, and what was created is removed before the process ends.
 */
@Command(name = "import", description = "Import an offline session (folder or .zip) into the server, as Task.import_offline_session does.")
public final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    VitrineCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION")
    Path session;
    @Option(names = "--again", description = "Import a session that was imported before (makes a second task).")
    boolean again;
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    private final Function<Workspace, SessionImporter> importers;

    public ImportCommand(Function<Workspace, SessionImporter> importers) {
        this.importers = importers;
    }

    @Override
    public Integer call() {
        if (!root.sources().offline().isEmpty() || root.sources().demo()) {
            throw new CliException("import sends the session to a server: drop --offline/--demo (use --profile to pick the server)", 2);
        }
        OfflineSession s;
        try {
            s = OfflineSession.open(session);
        } catch (WorkspaceException e) {
            throw new CliException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Workspace ws = root.opener().open(root.sources())) {
            SessionImporter importer = importers.apply(ws);
            Cancellation cancel = new Cancellation();
            Thread worker = Thread.currentThread();
            java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
            Thread hook = dev.vitrine.concurrent.ExecutorFactory.shutdownHook("import-cancel", () -> {
                // Ctrl-C: cancel, then wait for the clean-up so no half-imported task is left
                cancel.cancel();
                worker.interrupt();
                try {
                    finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            boolean hooked = addHook(hook);
            ImportResult r;
            try {
                r = importer.importSession(s, again, json ? ImportListener.NONE : new Progress(err), cancel);
            } catch (ImportException.AlreadyImported e) {
                throw new CliException(e.getMessage() + ": use --again to import it anyway");
            } catch (ImportException e) {
                throw new CliException(e.getMessage());
            } finally {
                finished.countDown();
                if (hooked) removeHook(hook);
            }
            print(out, ws, r);
        }
        return 0;
    }

    private void print(PrintWriter out, Workspace ws, ImportResult r) {
        TaskDetails d = ws.task(r.taskId());
        if (json) {
            ObjectNode doc = Json.object();
            ObjectNode t = doc.putObject("task");
            t.put("id", r.taskId());
            t.put("name", r.taskName());
            t.put("project", r.projectName());
            ArrayNode arts = doc.putArray("artifacts");
            for (Artifact a : d.artifacts()) arts.add(LsCommand.artifactJson(a));
            ArrayNode models = doc.putArray("models");
            for (ModelRef m : d.outputModels()) models.add(LsCommand.modelJson(m));
            doc.put("events", r.events());
            Json.print(out, doc);
        } else {
            out.println(r.taskId() + "\t" + r.projectName() + "/" + r.taskName() + "\t" + d.artifacts().size() + " artifacts, "
                    + d.outputModels().size() + " models, " + r.events() + " events");
            out.flush();
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for us
        }
    }

    /** One line per step and per finished file on stderr (stdout stays for the result). */
    private static final class Progress implements ImportListener {
        private final PrintWriter err;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void step(String what) {
            err.println(what);
            err.flush();
        }

        @Override
        public synchronized void file(int index, int count, String name, long done, long total) {
            if (done < total && total > 0) return;
            err.println(String.format(Locale.ROOT, "  [%d/%d] %s (%d bytes)", index, count, name, total));
            err.flush();
        }
    }
}
