package dev.vitrine.compare;

import dev.vitrine.preview.array.DType;
import dev.vitrine.preview.array.Elements;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HDF5 files (Keras .h5 weights and models, written by h5py) read with jHDF: every numeric dataset
 * becomes a tensor named by its path without the leading slash ({@code model_weights/dense/dense/kernel:0}).
 * Contiguous datasets are memory-mapped; chunked (compressed) ones are decompressed into the heap up
 * to {@link #MAX_CHUNKED_BYTES}. String, compound, enum (bool) and other non-numeric datasets are
 * skipped. The file's root attributes ({@code keras_version}, {@code backend}, {@code model_config}...)
 * become the checkpoint's values. Stateless.
 */
final class H5Checkpoints {

    /** A compressed dataset larger than this is refused (it would be inflated into the heap). */
    static final long MAX_CHUNKED_BYTES = 512L << 20;
    /** Attribute text longer than this is cut (a Keras model_config can be long). */
    static final int MAX_ATTRIBUTE_CHARS = 4000;
    private static final int MAX_DEPTH = 64;

    private H5Checkpoints() {}

    static Checkpoint open(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new CheckpointException("Cannot read " + name + " as HDF5: " + message(e), e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            List<Tensor> tensors = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Attribute> a : hdf.getAttributes().entrySet()) values.put(a.getKey(), attribute(a.getValue()));
            walk(hdf, hdf, ch, tensors, values, 0);
            return new Checkpoint(file, "h5", tensors, values, hdf);
        } catch (CheckpointException e) {
            hdf.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            hdf.close();
            throw new CheckpointException("Cannot read " + name + " as HDF5: " + message(e), e);
        }
    }

    /** The weights file a Keras 3 archive holds, extracted to at most this many bytes. */
    static final long MAX_KERAS_WEIGHTS = 8L << 30;

    /**
     * A Keras 3 {@code .keras} archive (a zip of {@code metadata.json}, {@code config.json} and
     * {@code model.weights.h5} with {@code layers/<name>/vars/<i>} datasets): the weights file is
     * copied out of the zip to a temporary file (HDF5 needs random access), read as {@link #open},
     * and deleted when the checkpoint closes; the model config and Keras version become values.
     */
    static Checkpoint openKeras(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        Path tmp = null;
        try (dev.vitrine.preview.array.ZipIndex zip = dev.vitrine.preview.array.ZipIndex.open(file)) {
            dev.vitrine.preview.array.ZipIndex.Entry weights = zip.entry("model.weights.h5");
            if (weights == null) throw new CheckpointException(name + " is a zip without model.weights.h5: not a Keras 3 .keras model");
            if (weights.size() > MAX_KERAS_WEIGHTS) {
                throw new CheckpointException(name + " holds " + weights.size() + " bytes of weights, over the " + (MAX_KERAS_WEIGHTS >> 30) + " GiB this viewer extracts");
            }
            tmp = Files.createTempFile("vitrine-keras-", ".weights.h5");
            if (Files.getFileStore(tmp).getUsableSpace() < weights.size() + (64L << 20)) {
                throw new CheckpointException(name + ": not enough free disk space to extract its " + weights.size() + " bytes of weights");
            }
            try (java.io.InputStream in = zip.open(weights)) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            for (String json : List.of("metadata.json", "config.json")) {
                dev.vitrine.preview.array.ZipIndex.Entry e = zip.entry(json);
                if (e == null || e.size() > (16L << 20)) continue;
                try (java.io.InputStream in = zip.open(e)) {
                    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    if (json.equals("metadata.json")) {
                        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
                        node.fields().forEachRemaining(f -> extra.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
                    } else {
                        extra.put("model_config", text.length() > MAX_ATTRIBUTE_CHARS ? text.substring(0, MAX_ATTRIBUTE_CHARS) + "…" : text);
                    }
                }
            }
            Checkpoint weightsOnly = open(tmp);
            Path extracted = tmp;
            Map<String, Object> values = new LinkedHashMap<>(extra);
            values.putAll(weightsOnly.values());
            tmp = null; // from here the checkpoint owns the file
            // format "h5" as CLI.md names it: the weights are HDF5; keras_version says whose
            return new Checkpoint(file, "h5", weightsOnly.tensors(), values, () -> {
                weightsOnly.close();
                Files.deleteIfExists(extracted);
            });
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("Cannot read " + name + " as a Keras model: " + message(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left behind is removed by the OS
                }
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void walk(HdfFile hdf, Group g, FileChannel ch, List<Tensor> tensors, Map<String, Object> values, int depth)
            throws IOException, CheckpointException {
        if (depth > MAX_DEPTH) return;
        for (Node n : g) {
            if (n.isLink()) continue; // soft/external links: the target is listed where it lives
            if (n instanceof Group) {
                walk(hdf, (Group) n, ch, tensors, values, depth + 1);
            } else if (n instanceof Dataset) {
                Tensor t = tensor(hdf, (Dataset) n, ch);
                if (t != null) tensors.add(t);
            }
        }
    }

    static DType.Num num(DataType t) {
        int size = t.getSize();
        if (t instanceof FloatingPoint) {
            return size == 2 ? DType.Num.F16 : size == 4 ? DType.Num.F32 : size == 8 ? DType.Num.F64 : null;
        }
        if (t instanceof FixedPoint) {
            boolean signed = ((FixedPoint) t).isSigned();
            switch (size) {
                case 1: return signed ? DType.Num.I8 : DType.Num.U8;
                case 2: return signed ? DType.Num.I16 : DType.Num.U16;
                case 4: return signed ? DType.Num.I32 : DType.Num.U32;
                case 8: return signed ? DType.Num.I64 : DType.Num.U64;
                default: return null;
            }
        }
        return null;
    }

    private static Tensor tensor(HdfFile hdf, Dataset d, FileChannel ch) throws IOException, CheckpointException {
        DataType type = d.getDataType();
        DType.Num num = num(type);
        if (num == null || d.isEmpty()) return null;
        ByteOrder order = type instanceof FloatingPoint ? ((FloatingPoint) type).getByteOrder() : ((FixedPoint) type).getByteOrder();
        DType dt = DType.of(num, order);
        String path = d.getPath().startsWith("/") ? d.getPath().substring(1) : d.getPath();
        long[] shape = d.isScalar() ? new long[0] : d.getDimensionsAsLong();
        long count = 1;
        for (long s : shape) count = Math.multiplyExact(count, s);
        if (count == 0) return Tensor.contiguous(path, shape, Elements.wrap(ByteBuffer.allocate(0), 0, dt));
        Elements el = null;
        if (d instanceof ContiguousDataset) {
            long at = hdf.getUserBlockSize() + ((ContiguousDataset) d).getDataAddress();
            if (at > 0 && at + count * num.size <= ch.size()) el = Elements.map(ch, at, count, dt);
        }
        if (el == null) {
            long bytes = count * num.size;
            if (bytes > MAX_CHUNKED_BYTES) {
                throw new CheckpointException("dataset " + path + " is compressed and " + (bytes >> 20) + " MB once inflated: refused (limit "
                        + (MAX_CHUNKED_BYTES >> 20) + " MB)");
            }
            if (!(d instanceof DatasetBase)) return null;
            ByteBuffer b = ((DatasetBase) d).getDataBuffer();
            if (b == null || b.remaining() < bytes) throw new CheckpointException("dataset " + path + " holds fewer bytes than its shape needs");
            el = Elements.wrap(b, count, dt);
        }
        return Tensor.contiguous(path, shape, el);
    }

    private static Object attribute(Attribute a) {
        try {
            Object v = a.getData();
            if (v == null) return null;
            if (v instanceof String || v instanceof Number || v instanceof Boolean) return cut(v.toString(), v);
            if (v.getClass().isArray()) {
                int n = Array.getLength(v);
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < Math.min(n, 50); i++) parts.add(String.valueOf(Array.get(v, i)));
                return cut("[" + String.join(", ", parts) + (n > 50 ? ", …" : "") + "]", null);
            }
            return cut(v.toString(), null);
        } catch (RuntimeException e) {
            return "(unreadable attribute: " + message(e) + ")";
        }
    }

    private static Object cut(String s, Object original) {
        if (s.length() > MAX_ATTRIBUTE_CHARS) return s.substring(0, MAX_ATTRIBUTE_CHARS) + "…";
        return original != null ? original : s;
    }
}
