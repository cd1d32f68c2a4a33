package dev.vitrine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.config.ConfigException;
import dev.vitrine.doctor.Check;
import dev.vitrine.doctor.SetupDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code vitrine doctor [--probe]}: checks the configuration, the credentials and every storage
 * entry it names; exit 0 when every check passes, 1 otherwise. Secrets are never printed.
 */
@Command(name = "doctor", description = "Check the configuration, the credentials and every storage entry it names.")
public final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    VitrineCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = "--probe", description = "Also write and delete a small object in each storage.")
    boolean probe;
    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    private final Function<String, SetupDoctor> doctors;

    /** @param doctors the doctor of a profile ({@code --profile NAME}; null for the SDK's configuration) */
    public DoctorCommand(Function<String, SetupDoctor> doctors) {
        this.doctors = doctors;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String profile = root == null ? null : root.sources().profile();
        SetupDoctor doctor;
        try {
            doctor = doctors.apply(profile);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage());
        }
        if (!json && profile != null) {
            out.println("profile " + doctor.profile());
            out.flush();
        }
        SetupDoctor.Report r = doctor.run(probe, c -> {
            if (!json) {
                out.println(c.line());
                out.flush();
            }
        });
        if (json) {
            Json.print(out, toJson(r));
        } else {
            for (SetupDoctor.ConfigFile f : r.files()) {
                if (f.exists()) out.println("config " + f.path() + (f.wins() ? " (wins)" : ""));
            }
            if (r.files().stream().noneMatch(SetupDoctor.ConfigFile::exists)) out.println("config: no clearml.conf found");
            for (String e : r.errors()) out.println("FAIL  config " + e);
            if (r.server() != null) out.println(r.server().line());
            out.println(r.allOk() ? "All checks passed." : "Some checks failed.");
            out.flush();
        }
        return r.allOk() ? 0 : 1;
    }

    /** CLI.md's {@code doctor --json} shape. */
    static ObjectNode toJson(SetupDoctor.Report r) {
        ObjectNode doc = Json.object();
        ObjectNode config = doc.putObject("config");
        ArrayNode files = config.putArray("files");
        for (SetupDoctor.ConfigFile f : r.files()) {
            if (f.exists()) files.addObject().put("path", f.path()).put("wins", f.wins());
        }
        ArrayNode errors = config.putArray("errors");
        r.errors().forEach(errors::add);
        ObjectNode server = doc.putObject("server");
        if (r.server() == null) {
            server.putNull("url");
            server.put("ok", false);
            server.put("message", "not checked: the configuration does not parse");
        } else {
            server.put("url", r.server().target());
            server.put("ok", r.server().ok());
            server.put("message", r.server().message());
            server.put("source", r.server().source());
            server.put("fix", r.server().fix());
        }
        ArrayNode storages = doc.putArray("storages");
        for (Check c : r.storages()) {
            ObjectNode o = storages.addObject();
            o.put("kind", c.kind());
            o.put("target", c.target());
            o.put("source", c.source());
            o.put("ok", c.ok());
            o.put("message", c.message());
            o.put("fix", c.fix());
        }
        return doc;
    }
}
