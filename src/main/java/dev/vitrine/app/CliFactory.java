package dev.vitrine.app;

import dev.vitrine.cli.PutCommand;
import picocli.CommandLine;

/** Builds the CLI's verbs with the services they need (constructor injection, no locator). */
public final class CliFactory implements CommandLine.IFactory {
    private final Services services;

    public CliFactory(Services services) {
        this.services = services;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls == PutCommand.class) return cls.cast(new PutCommand(services.uploader()));
        if (cls == dev.vitrine.cli.DiffCommand.class) return cls.cast(new dev.vitrine.cli.DiffCommand(services.localCopies()));
        return CommandLine.defaultFactory().create(cls);
    }
}
