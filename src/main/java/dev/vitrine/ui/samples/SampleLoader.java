package dev.vitrine.ui.samples;

import dev.vitrine.samples.Sample;

import java.nio.file.Path;

/** A complete local file holding a sample's own bytes (through the shared cache). Blocks: background only. */
@FunctionalInterface
public interface SampleLoader {
    Path fetch(Sample sample);
}
