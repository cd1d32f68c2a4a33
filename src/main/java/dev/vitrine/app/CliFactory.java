package dev.vitrine.app;

import dev.vitrine.cli.DiffCommand;
import dev.vitrine.cli.PutCommand;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.transfer.upload.ArtifactUploader;
import picocli.CommandLine;

import java.util.function.Supplier;

/** Builds the CLI's verbs with the services they need (constructor injection, no locator). */
public final class CliFactory implements CommandLine.IFactory {
    private final Supplier<ArtifactUploader> uploader;
    private final Supplier<LocalCopies> copies;

    public CliFactory(Services services) {
        this(services::uploader, services::localCopies);
    }

    /** Services are asked for only when a verb runs, so a listing never builds the storage drivers. */
    public CliFactory(Supplier<ArtifactUploader> uploader, Supplier<LocalCopies> copies) {
        this.uploader = uploader;
        this.copies = copies;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls == PutCommand.class) return cls.cast(new PutCommand(uploader));
        if (cls == DiffCommand.class) return cls.cast(new DiffCommand(copies));
        return CommandLine.defaultFactory().create(cls);
    }
}
