package dev.vitrine.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitrine.preview.array.DType;
import dev.vitrine.preview.array.Elements;
import dev.vitrine.preview.array.NdArray;
import dev.vitrine.preview.array.NpzFile;
import dev.vitrine.preview.array.ZipIndex;
import dev.vitrine.preview.pickle.PickleDecoder;
import dev.vitrine.preview.pickle.PickleScan;
import dev.vitrine.preview.pickle.PickleScanner;
import dev.vitrine.preview.pickle.PyGlobal;
import dev.vitrine.preview.pickle.PyObject;
import dev.vitrine.preview.pickle.PickleTree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens model files without any ML toolkit: .safetensors (mapped), PyTorch zip checkpoints (torch
 * 1.13 stem prefix or torch 2 {@code archive/}; data.pkl decoded by {@link PickleDecoder} with
 * persistent_load and {@code _rebuild_tensor_v2}; storages mapped from the zip) and .npz of named
 * arrays. Checkpoints whose pickle names code-running callables are refused. Stateless.
 */
public final class Checkpoints {

    /** data.pkl files above this are refused (real ones are a few hundred KB). */
    static final long MAX_PICKLE = 64L << 20;
    static final long MAX_SAFETENSORS_HEADER = 100L << 20;

    /** torch's legacy files open with pickle(protocol 2) of the magic number 0x1950a86a20f9469cfc6c. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
            (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'};
    private static final long LEGACY_PROTOCOL = 1001;

    private Checkpoints() {}

    /** The format a file looks like ("safetensors", "torch", "npz", "h5", "keras") from its first bytes, or null. */
    public static String sniff(Path file, byte[] head, long size) {
        if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F'
                && head[4] == '\r' && head[5] == '\n' && head[6] == 0x1a && head[7] == '\n') return "h5";
        if (head.length >= 10 && size >= 10) {
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n > 1 && n < size && n <= MAX_SAFETENSORS_HEADER && head[8] == '{') return "safetensors";
        }
        if (head.length >= LEGACY_MAGIC.length && java.util.Arrays.equals(head, 0, LEGACY_MAGIC.length, LEGACY_MAGIC, 0, LEGACY_MAGIC.length)) {
            return "torch-legacy";
        }
        boolean zip = head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        if (zip && head.length >= 30) {
            int nameLen = (head[26] & 0xff) | (head[27] & 0xff) << 8;
            if (30 + nameLen <= head.length) {
                String first = new String(head, 30, nameLen, StandardCharsets.UTF_8);
                if (first.endsWith("/data.pkl") || first.endsWith(".data/version") || first.endsWith("/version")) return "torch";
                if (first.endsWith(".npy")) return "npz";
            }
        }
        String more = MoreCheckpoints.sniff(file, head, zip);
        if (more != null) return more;
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (zip && (n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".ckpt") || n.endsWith(".bin"))) return "torch";
        if (zip && n.endsWith(".npz")) return "npz";
        if (zip && n.endsWith(".keras")) return "keras";
        return null;
    }

    /** Opens a model file; blocks. */
    public static Checkpoint open(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            head = in.readNBytes(4096);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("No such file: " + file);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + name + ": " + e.getMessage(), e);
        }
        if (size == 0) throw new CheckpointException(name + " is empty (0 bytes)");
        Checkpoint more = MoreCheckpoints.open(file, head);
        if (more != null) return more;
        String format = sniff(file, head, size);
        if (format == null) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith(".pt") || lower.endsWith(".pth")) {
                if (head.length > 1 && (head[0] & 0xff) == 0x80) {
                    throw new CheckpointException(name + " is a pickle but not a PyTorch checkpoint (no torch magic number)");
                }
                throw new CheckpointException(name + " is not a PyTorch checkpoint: neither a zip nor a pickle (corrupt or truncated?)");
            }
            throw new CheckpointException(name + " is not a checkpoint Vitrine can read (.safetensors, .pt/.pth, .npz, Keras .h5 and .keras)");
        }
        switch (format) {
            case "safetensors": return safetensors(file);
            case "torch": return torch(file);
            case "torch-legacy": return legacyTorch(file);
            case "h5": return H5Checkpoints.open(file);
            case "keras": return H5Checkpoints.openKeras(file);
            default: return npz(file);
        }
    }

    // ---- safetensors ----------------------------------------------------------------------

    static DType.Num safetensorsType(String code) {
        switch (code) {
            case "F64": return DType.Num.F64;
            case "F32": return DType.Num.F32;
            case "F16": return DType.Num.F16;
            case "BF16": return DType.Num.BF16;
            case "I64": return DType.Num.I64;
            case "I32": return DType.Num.I32;
            case "I16": return DType.Num.I16;
            case "I8": return DType.Num.I8;
            case "U8": return DType.Num.U8;
            case "U16": return DType.Num.U16;
            case "U32": return DType.Num.U32;
            case "U64": return DType.Num.U64;
            case "BOOL": return DType.Num.BOOL;
            case "C64": return DType.Num.C64;
            default: return null;
        }
    }

    private static Checkpoint safetensors(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long n = lenBuf.getLong(0);
            if (n <= 0 || n > MAX_SAFETENSORS_HEADER || 8 + n > size) throw new CheckpointException(name + ": corrupt safetensors header length " + n);
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            while (hb.hasRemaining()) if (ch.read(hb, 8 + hb.position()) < 0) break;
            JsonNode header = new ObjectMapper().readTree(new String(hb.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + n;
            List<Tensor> tensors = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>();
            var it = header.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> values.put("__metadata__." + m.getKey(), m.getValue().asText()));
                    continue;
                }
                JsonNode t = e.getValue();
                DType.Num num = safetensorsType(t.path("dtype").asText());
                if (num == null) throw new CheckpointException(name + ": tensor " + e.getKey() + " has unsupported dtype " + t.path("dtype").asText());
                long[] shape = new long[t.path("shape").size()];
                long numel = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.path("shape").get(i).asLong();
                    if (shape[i] < 0) throw new CheckpointException(name + ": negative dimension in " + e.getKey());
                    numel = Math.multiplyExact(numel, shape[i]);
                }
                long begin = t.path("data_offsets").path(0).asLong(-1);
                long end = t.path("data_offsets").path(1).asLong(-1);
                if (begin < 0 || end < begin || dataStart + end > size || end - begin != numel * num.size) {
                    throw new CheckpointException(name + ": tensor " + e.getKey() + " has data offsets outside the file or of the wrong size");
                }
                Elements el = Elements.map(ch, dataStart + begin, numel, DType.of(num, ByteOrder.LITTLE_ENDIAN));
                tensors.add(Tensor.contiguous(e.getKey(), shape, el));
            }
            return new Checkpoint(file, "safetensors", tensors, values, null);
        } catch (ArithmeticException e) {
            throw new CheckpointException(name + ": a tensor shape is too large");
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + name + " as safetensors: " + e.getMessage(), e);
        }
    }

    // ---- torch --------------------------------------------------------------------------------

    private record StorageRef(DType.Num num, String key, long numel) {}

    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    static DType.Num torchStorageType(String cls) {
        switch (cls) {
            case "FloatStorage": return DType.Num.F32;
            case "DoubleStorage": return DType.Num.F64;
            case "HalfStorage": return DType.Num.F16;
            case "BFloat16Storage": return DType.Num.BF16;
            case "LongStorage": return DType.Num.I64;
            case "IntStorage": return DType.Num.I32;
            case "ShortStorage": return DType.Num.I16;
            case "CharStorage": return DType.Num.I8;
            case "ByteStorage": case "UntypedStorage": return DType.Num.U8;
            case "BoolStorage": return DType.Num.BOOL;
            case "ComplexFloatStorage": return DType.Num.C64;
            case "ComplexDoubleStorage": return DType.Num.C128;
            default: return null;
        }
    }

    private static Checkpoint torch(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        ZipIndex zip;
        try {
            zip = ZipIndex.open(file);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + name + " as a PyTorch checkpoint: " + e.getMessage(), e);
        }
        try {
            ZipIndex.Entry pkl = null;
            for (ZipIndex.Entry e : zip.entries()) {
                String n = e.name();
                int slash = n.indexOf('/');
                if (slash > 0 && n.substring(slash + 1).equals("data.pkl")) { pkl = e; break; }
            }
            if (pkl == null) throw new CheckpointException(name + " is a zip without data.pkl: not a PyTorch checkpoint");
            String prefix = pkl.name().substring(0, pkl.name().indexOf('/') + 1);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipIndex.Entry bo = zip.entry(prefix + "byteorder");
            if (bo != null && bo.size() < 16) {
                try (InputStream in = zip.open(bo)) {
                    if (new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().equals("big")) order = ByteOrder.BIG_ENDIAN;
                }
            }
            Object root = decodeTorchPickle(zip, pkl, name);
            List<Tensor> tensors = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Elements> storages = new HashMap<>();
            flatten("", root, zip, prefix + "data/", order, storages, tensors, values, 0);
            // TorchScript (torch.jit.save): module attributes in data.pkl as above, tensor constants of the code in constants.pkl
            ZipIndex.Entry constants = zip.entry(prefix + "constants.pkl");
            if (constants != null) {
                Object consts = decodeTorchPickle(zip, constants, name);
                Object[] cs = consts instanceof Object[] ? (Object[]) consts : consts instanceof List ? ((List<?>) consts).toArray() : new Object[] {consts};
                Map<String, Elements> constStorages = new HashMap<>();
                // named as the archive's code refers to them: CONSTANTS.c0, CONSTANTS.c1 ...
                for (int i = 0; i < cs.length; i++) flatten("CONSTANTS.c" + i, cs[i], zip, prefix + "constants/", order, constStorages, tensors, values, 1);
                return new Checkpoint(file, "torchscript", tensors, values, zip);
            }
            return new Checkpoint(file, "torch", tensors, values, zip);
        } catch (CheckpointException e) {
            zip.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw new CheckpointException("Cannot read " + name + " as a PyTorch checkpoint: " + e.getMessage(), e);
        }
    }

    /** Reads, scans and decodes one pickle of a torch zip (data.pkl, constants.pkl); refuses code-running pickles. */
    static Object decodeTorchPickle(ZipIndex zip, ZipIndex.Entry pkl, String name) throws IOException, CheckpointException {
        String member = pkl.name().substring(pkl.name().lastIndexOf('/') + 1);
        if (pkl.size() > MAX_PICKLE) throw new CheckpointException(name + ": " + member + " is " + (pkl.size() >> 20) + " MB, refused");
        byte[] bytes;
        try (InputStream in = zip.open(pkl)) {
            bytes = in.readAllBytes();
        }
        PickleScan scan = PickleScanner.scan(bytes);
        if (scan.referencesCodeExecution()) {
            throw new CheckpointException("Refused: " + name + "'s " + member + " would call " + String.join(", ",
                    scan.dangerous().stream().map(g -> g.replace(' ', '.')).toList()) + " when loaded, which can run code");
        }
        if (!scan.complete()) throw new CheckpointException(name + ": " + member + " is not a valid pickle: " + scan.error());
        List<String> problems = new ArrayList<>();
        PickleDecoder dec = new PickleDecoder(call -> torchCall(call), pid -> torchPersistent(pid, problems));
        Object root;
        try {
            root = dec.decode(bytes);
        } catch (IOException e) {
            throw new CheckpointException(name + ": " + member + " could not be decoded: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) throw new CheckpointException(name + ": " + problems.get(0));
        return root;
    }

    private static Object torchCall(PickleDecoder.Call call) {
        String q = call.callable().qualified();
        Object[] a = call.args();
        if ((q.equals("torch._utils._rebuild_tensor_v2") || q.equals("torch._utils._rebuild_tensor")) && a.length >= 4
                && a[0] instanceof StorageRef) {
            return new TensorRef((StorageRef) a[0], ((Number) a[1]).longValue(), longs(a[2]), longs(a[3]));
        }
        if ((q.equals("torch._utils._rebuild_parameter") || q.equals("torch._utils._rebuild_parameter_with_state")) && a.length >= 1) {
            return a[0];
        }
        // torch.jit._pickle's typed lists (a scripted module's stride, padding...): the list itself
        if (q.startsWith("torch.jit._pickle.build_") || q.equals("torch.jit._pickle.restore_type_tag")) {
            return a.length >= 1 ? a[0] : null;
        }
        return null;
    }

    private static long[] longs(Object tuple) {
        Object[] t = tuple instanceof Object[] ? (Object[]) tuple : ((Collection<?>) tuple).toArray();
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) out[i] = ((Number) t[i]).longValue();
        return out;
    }

    private static Object torchPersistent(Object pid, List<String> problems) {
        if (pid instanceof Object[]) {
            Object[] t = (Object[]) pid;
            if (t.length >= 5 && "storage".equals(t[0]) && t[1] instanceof PyGlobal) {
                String cls = ((PyGlobal) t[1]).name();
                DType.Num num = torchStorageType(cls);
                if (num == null) {
                    problems.add("unsupported storage type " + cls);
                    return null;
                }
                return new StorageRef(num, String.valueOf(t[2]), ((Number) t[4]).longValue());
            }
        }
        problems.add("unknown persistent id " + PickleTree.repr(pid, 80));
        return null;
    }

    private static void flatten(String path, Object v, ZipIndex zip, String dataDir, ByteOrder order, Map<String, Elements> storages,
                                List<Tensor> tensors, Map<String, Object> values, int depth) throws IOException, CheckpointException {
        if (depth > 64) return;
        if (v instanceof TensorRef) {
            tensors.add(tensor(path, (TensorRef) v, zip, dataDir, order, storages));
        } else if (v instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                flatten(join(path, String.valueOf(e.getKey())), e.getValue(), zip, dataDir, order, storages, tensors, values, depth + 1);
            }
        } else if (v instanceof List || v instanceof Object[]) {
            Object[] a = v instanceof Object[] ? (Object[]) v : ((List<?>) v).toArray();
            for (int i = 0; i < a.length; i++) flatten(join(path, String.valueOf(i)), a[i], zip, dataDir, order, storages, tensors, values, depth + 1);
        } else if (v instanceof PyObject) {
            PyObject o = (PyObject) v;
            if (o.state() instanceof Map) flatten(path, o.state(), zip, dataDir, order, storages, tensors, values, depth + 1);
            if (!o.items().isEmpty()) flatten(path, o.items(), zip, dataDir, order, storages, tensors, values, depth + 1);
            if (o.state() == null && o.items().isEmpty()) values.put(path, o.className() + " instance");
        } else {
            values.put(path, v instanceof byte[] ? PickleTree.repr(v, 80) : v);
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "." + b;
    }

    private static Tensor tensor(String name, TensorRef r, ZipIndex zip, String dataDir, ByteOrder order,
                                 Map<String, Elements> storages) throws IOException, CheckpointException {
        StorageRef s = r.storage();
        Elements el = storages.get(s.key());
        if (el == null) {
            ZipIndex.Entry e = zip.entry(dataDir + s.key());
            if (e == null) throw new CheckpointException("storage " + dataDir.substring(dataDir.indexOf('/') + 1) + s.key() + " of tensor " + name + " is missing from the zip");
            DType dt = DType.of(s.num(), order);
            long count = e.size() / s.num().size;
            if (count < s.numel()) throw new CheckpointException("storage data/" + s.key() + " is shorter than its " + s.numel() + " elements");
            if (e.stored()) {
                el = Elements.map(zip.channel(), zip.dataOffset(e), count, dt);
            } else {
                el = inflated(zip, e, count, dt);
            }
            storages.put(s.key(), el);
        }
        long reach = r.offset();
        for (int k = 0; k < r.size().length; k++) {
            if (r.size()[k] < 0 || r.stride()[k] < 0) throw new CheckpointException("tensor " + name + " has a negative size or stride");
            if (r.size()[k] == 0) { reach = -1; break; }
            reach += (r.size()[k] - 1) * r.stride()[k];
        }
        if (reach >= el.count()) throw new CheckpointException("tensor " + name + " reaches beyond its storage");
        return new Tensor(name, r.size(), el, r.offset(), r.stride());
    }

    private static Elements inflated(ZipIndex zip, ZipIndex.Entry e, long count, DType dt) throws IOException {
        if (e.size() <= NpzFile.HEAP_CAP) {
            ByteBuffer buf = ByteBuffer.allocate((int) e.size());
            try (InputStream in = zip.open(e)) {
                in.readNBytes(buf.array(), 0, buf.capacity());
                in.transferTo(OutputStream.nullOutputStream());
            }
            return Elements.wrap(buf, count, dt);
        }
        Path tmp = Files.createTempFile("vitrine-storage-", ".bin");
        try {
            try (InputStream in = zip.open(e); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
                return Elements.map(ch, 0, count, dt);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- legacy torch (pre-1.6) -----------------------------------------------------------

    /**
     * torch's legacy serialization, as torch/serialization.py's legacy save writes it: five pickles
     * one after the other (the magic number, the protocol version 1001, system info with the byte
     * order, the object with storages as persistent ids, the sorted storage keys), then each storage
     * in key order as an 8-byte little-endian element count and its raw elements. Storages are
     * memory-mapped in place; every pickle is scanned before it is decoded and bounded by
     * {@link #MAX_PICKLE}; every count is checked against the bytes left in the file.
     */
    private static Checkpoint legacyTorch(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + name + ": " + e.getMessage(), e);
        }
        try {
            long size = ch.size();
            long[] pos = {0};
            Object magic = legacyPickle(ch, pos, size, name, "magic number", null);
            if (!(magic instanceof Number) || !new java.math.BigInteger("1950a86a20f9469cfc6c", 16).equals(new java.math.BigInteger(magic.toString()))) {
                throw new CheckpointException(name + " is not a PyTorch checkpoint: wrong magic number");
            }
            Object protocol = legacyPickle(ch, pos, size, name, "protocol version", null);
            if (!(protocol instanceof Number version) || version.longValue() != LEGACY_PROTOCOL) {
                throw new CheckpointException(name + ": legacy torch protocol " + protocol + " is not supported (only " + LEGACY_PROTOCOL + ")");
            }
            Object sysInfo = legacyPickle(ch, pos, size, name, "system info", null);
            ByteOrder order = sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            List<String> problems = new ArrayList<>();
            Map<String, StorageRef> refs = new LinkedHashMap<>();
            PickleDecoder dec = new PickleDecoder(call -> torchCall(call), pid -> {
                if (pid instanceof Object[] t && t.length >= 6 && t[5] != null) {
                    problems.add("storage views (legacy storages sharing memory at an offset) are not supported");
                    return null;
                }
                Object r = torchPersistent(pid, problems);
                if (r instanceof StorageRef s) refs.put(s.key(), s);
                return r;
            });
            Object root = legacyPickle(ch, pos, size, name, "checkpoint", dec);
            if (!problems.isEmpty()) throw new CheckpointException(name + ": " + problems.get(0));
            Object keys = legacyPickle(ch, pos, size, name, "storage keys", null);
            if (!(keys instanceof List<?> keyList)) throw new CheckpointException(name + ": the legacy storage key list is missing");
            Map<String, Elements> storages = new HashMap<>();
            ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (Object k : keyList) {
                if (Thread.currentThread().isInterrupted()) throw new CheckpointException("Cancelled");
                StorageRef ref = refs.get(String.valueOf(k));
                if (ref == null) throw new CheckpointException(name + ": storage " + k + " is listed but no tensor uses it");
                count.clear();
                if (size - pos[0] < 8 || ch.read(count, pos[0]) != 8) throw new CheckpointException(name + ": storage " + k + " is missing (truncated file)");
                long n = count.getLong(0);
                long bytes = n < 0 || n > (size - pos[0] - 8) / ref.num().size ? -1 : n * ref.num().size;
                if (bytes < 0) throw new CheckpointException(name + ": storage " + k + " declares " + n + " elements, more than the file holds (truncated?)");
                if (n < ref.numel()) throw new CheckpointException(name + ": storage " + k + " is shorter than its " + ref.numel() + " elements");
                storages.put(ref.key(), Elements.map(ch, pos[0] + 8, n, DType.of(ref.num(), order)));
                pos[0] += 8 + bytes;
            }
            List<Tensor> tensors = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>();
            for (StorageRef r : refs.values()) {
                if (!storages.containsKey(r.key())) throw new CheckpointException(name + ": storage " + r.key() + " is not in the file");
            }
            flatten("", root, null, "", order, storages, tensors, values, 0);
            return new Checkpoint(file, "torch", tensors, values, ch);
        } catch (CheckpointException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw new CheckpointException("Cannot read " + name + " as a legacy PyTorch checkpoint: " + e.getMessage(), e);
        }
    }

    /** The pickle at {@code pos[0]}: scanned for its extent (refused if it would run code), then decoded; advances {@code pos[0]}. */
    private static Object legacyPickle(FileChannel ch, long[] pos, long size, String name, String what, PickleDecoder dec)
            throws IOException, CheckpointException {
        long start = pos[0];
        long[] read = {0};
        InputStream raw = new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(ch.position(start)), 1 << 16);
        InputStream counted = new InputStream() {
            @Override
            public int read() throws IOException {
                if (read[0] >= MAX_PICKLE) throw new IOException("the " + what + " pickle is over " + (MAX_PICKLE >> 20) + " MB");
                int b = raw.read();
                if (b >= 0) read[0]++;
                return b;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = raw.skip(Math.min(n, MAX_PICKLE - read[0]));
                read[0] += k;
                return k;
            }
        };
        PickleScan scan = PickleScanner.scan(counted, size - start);
        if (scan.referencesCodeExecution()) {
            throw new CheckpointException("Refused: " + name + "'s " + what + " pickle would call " + String.join(", ",
                    scan.dangerous().stream().map(g -> g.replace(' ', '.')).toList()) + " when loaded, which can run code");
        }
        if (!scan.complete()) throw new CheckpointException(name + ": the " + what + " pickle is not valid: " + scan.error());
        ByteBuffer b = ByteBuffer.allocate((int) read[0]);
        while (b.hasRemaining()) {
            if (ch.read(b, start + b.position()) < 0) throw new CheckpointException(name + " is truncated");
        }
        pos[0] = start + read[0];
        return (dec != null ? dec : new PickleDecoder()).decode(b.array());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing
        }
    }

    // ---- npz ---------------------------------------------------------------------------------------

    private static Checkpoint npz(Path file) throws CheckpointException {
        NpzFile z;
        try {
            z = NpzFile.open(file);
        } catch (dev.vitrine.preview.PreviewException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        try {
            return npz(z, z);
        } catch (CheckpointException e) {
            z.close();
            throw e;
        }
    }

    /**
     * Whether an .npz holds a model's weights rather than data: numpy.savez(**state_dict) writes
     * two or more numeric arrays (floats, and maybe integer counters such as num_batches_tracked),
     * most of them named by layer path ("conv1.weight", "dense/kernel"). Reads the member headers only.
     */
    public static boolean looksLikeWeights(NpzFile z) throws CheckpointException {
        List<String> keys = z.keys();
        if (keys.size() < 2) return false;
        int floats = 0, pathNamed = 0;
        try {
            for (String key : keys) {
                dev.vitrine.preview.array.DType t = z.header(key).dtype();
                if (!t.isNumeric() || t.isStructured()) return false;
                if (t.num().isFloat()) floats++;
                if (key.contains(".") || key.contains("/")) pathNamed++;
            }
        } catch (dev.vitrine.preview.PreviewException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        return floats > 0 && pathNamed * 2 >= keys.size();
    }

    /**
     * The numeric arrays of an .npz already open (a preview's) as a checkpoint of named tensors;
     * the npz stays its opener's: closing the checkpoint leaves it open.
     */
    public static Checkpoint ofNpz(NpzFile z) throws CheckpointException {
        return npz(z, null);
    }

    private static Checkpoint npz(NpzFile z, AutoCloseable owner) throws CheckpointException {
        try {
            List<Tensor> tensors = new ArrayList<>();
            for (String key : z.keys()) {
                NdArray a = z.array(key);
                if (!a.dtype().isNumeric()) continue;
                tensors.add(new Tensor(key, a.shape(), a.elements(), 0, a.strides()));
            }
            return new Checkpoint(z.path(), "npz", tensors, Map.of(), owner);
        } catch (dev.vitrine.preview.PreviewException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
    }
}
