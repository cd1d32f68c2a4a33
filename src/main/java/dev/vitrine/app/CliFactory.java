package dev.vitrine.app;

import dev.vitrine.cli.DiffCommand;
import dev.vitrine.cli.PutCommand;
import dev.vitrine.cli.SamplesCommand;
import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.SampleFiles;
import dev.vitrine.workspace.Workspace;
import dev.vitrine.storage.LocalCopies;
import dev.vitrine.transfer.upload.ArtifactUploader;
import picocli.CommandLine;

import java.util.function.Function;
import java.util.function.Supplier;

/** Builds the CLI's verbs with the services they need (constructor injection, no locator). */
public final class CliFactory implements CommandLine.IFactory {
    private final Supplier<ArtifactUploader> uploader;
    private final Supplier<LocalCopies> copies;
    private java.util.function.Function<dev.vitrine.workspace.Workspace, dev.vitrine.importer.SessionImporter> importers =
            ws -> { throw new IllegalStateException("no importer wired"); };
    private final Function<Workspace, DebugSamples> samples;
    private final Supplier<SampleFiles> sampleFiles;

    private java.util.function.BiFunction<String, Throwable, java.util.Optional<String>> diagnosis = (uri, e) -> java.util.Optional.empty();
    private Function<String, dev.vitrine.doctor.SetupDoctor> doctors = profile -> { throw new IllegalStateException("no doctor wired"); };

    public CliFactory(Services services) {
        this(services::uploader, services::localCopies, services::samples, services::sampleFiles);
        this.importers = services::importer;
        this.doctors = profile -> dev.vitrine.doctor.SetupDoctor.forProfile(services.profiles(), profile);
        this.diagnosis = (uri, e) -> dev.vitrine.doctor.SetupDoctor.explainFailure(uri, e, services.storageConfig());
    }

    public CliFactory(Supplier<ArtifactUploader> uploader, Supplier<LocalCopies> copies) {
        this(uploader, copies, Services::samplesOf, () -> new SampleFiles(null, copies.get(), null));
    }

    /** Services are asked for only when a verb runs, so a listing never builds the storage drivers. */
    public CliFactory(Supplier<ArtifactUploader> uploader, Supplier<LocalCopies> copies,
                      Function<Workspace, DebugSamples> samples, Supplier<SampleFiles> sampleFiles) {
        this.uploader = uploader;
        this.copies = copies;
        this.samples = samples;
        this.sampleFiles = sampleFiles;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls == PutCommand.class) return cls.cast(new PutCommand(uploader));
        if (cls == DiffCommand.class) return cls.cast(new DiffCommand(copies));
        if (cls == SamplesCommand.class) return cls.cast(new SamplesCommand(samples, sampleFiles));
        if (cls == dev.vitrine.cli.GetCommand.class) return cls.cast(new dev.vitrine.cli.GetCommand(diagnosis));
        if (cls == dev.vitrine.cli.DoctorCommand.class) return cls.cast(new dev.vitrine.cli.DoctorCommand(doctors));
        if (cls == dev.vitrine.cli.ImportCommand.class) return cls.cast(new dev.vitrine.cli.ImportCommand(importers));
        return CommandLine.defaultFactory().create(cls);
    }
}
