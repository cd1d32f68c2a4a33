package dev.vitrine.compare;

import dev.vitrine.preview.array.NpzFile;
import dev.vitrine.preview.array.ZipIndex;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one model file, in the file's own order, with names as the framework prints them
 * (torch state_dict keys; nested containers joined with '.', list indices as '.N'). Tensors are
 * memory-mapped; nothing executed. Non-tensor values (epoch, tags) are kept in {@link #values()}.
 * Open with {@link Checkpoints#open(Path)}; close it. Immutable; thread-safe.
 */
public final class Checkpoint implements AutoCloseable {

    private final Path path;
    private final String format;
    private final List<Tensor> tensors;
    private final Map<String, Tensor> byName = new LinkedHashMap<>();
    private final Map<String, Object> values;
    private final AutoCloseable owner;

    Checkpoint(Path path, String format, List<Tensor> tensors, Map<String, Object> values, AutoCloseable owner) {
        this.path = path;
        this.format = format;
        this.tensors = List.copyOf(tensors);
        for (Tensor t : tensors) byName.put(t.name(), t);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.owner = owner;
    }

    public Path path() { return path; }

    /** "safetensors", "torch", "npz" (CLI.md's checkpoint formats) or "h5" (HDF5, Keras weights). */
    public String format() { return format; }

    public List<Tensor> tensors() { return tensors; }

    public Tensor tensor(String name) { return byName.get(name); }

    public Map<String, Object> values() { return values; }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors) n += t.numel();
        return n;
    }

    @Override
    public void close() {
        try {
            if (owner instanceof ZipIndex) ((ZipIndex) owner).close();
            else if (owner instanceof NpzFile) ((NpzFile) owner).close();
            else if (owner != null) owner.close();
        } catch (Exception ignored) {
            // closing a read-only channel
        }
    }
}
