package dev.vitrine.cli;

import dev.vitrine.app.Services;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the real command line in-process and captures stdout, stderr and the exit code. */
public final class CliRunner {
    public record Result(int code, String out, String err) {}

    private CliRunner() {}

    public static Result run(Path cacheRoot, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Services services = Services.create(cacheRoot);
        int code = VitrineCommand.execute(args, services.cli(), s -> {
            throw new IllegalStateException("the GUI must not start in CLI tests");
        }, new dev.vitrine.app.CliFactory(services), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
