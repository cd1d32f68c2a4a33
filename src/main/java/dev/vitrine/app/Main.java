package dev.vitrine.app;

import dev.vitrine.cli.VitrineCommand;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The one entry point: with a verb, runs the CLI headless (no JavaFX toolkit is started); with
 * none, opens the window on the sources the options name. Not a JavaFX {@code Application}, so the
 * plain class path launch works.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Services services = Services.create();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = VitrineCommand.execute(args, services.cli(), sources -> VitrineApp.launch(services, sources),
                new CliFactory(services), out, err);
        // the window has closed (launch returned) or a verb finished: HTTP client pools must not keep the JVM alive
        System.exit(code);
    }
}
