package dev.vitrine.compare;

import dev.vitrine.preview.array.DType;
import dev.vitrine.preview.array.Elements;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX models: the graph's initializers (its weights) as tensors. The protobuf is walked in place over
 * the memory-mapped file (ModelProto.graph, GraphProto.initializer, TensorProto dims/data_type/name/
 * raw_data/float_data/.../external_data) rather than parsed into objects, so a 2 GB model costs no heap:
 * raw and fixed-width packed data are mapped where they lie; varint-packed data (int32_data, int64_data)
 * is decoded into the heap up to {@link #MAX_VARINT_ITEMS}. External data files must lie inside the
 * model's folder. protobuf-java was not used: without generated ONNX classes it would copy every
 * raw_data into the heap. Stateless.
 */
final class OnnxCheckpoints {

    static final long MAX_VARINT_ITEMS = 16L << 20;
    static final int MAX_DEPTH = 32;
    static final int MAX_STRING = 1 << 20;

    private OnnxCheckpoints() {}

    /** A file named .onnx whose first byte is a ModelProto field tag (ir_version is field 1, varint). */
    static boolean looksLikeOnnx(Path file, byte[] head) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".onnx") && head.length > 1 && (head[0] & 0x07) <= 5 && (head[0] & 0xff) >>> 3 >= 1;
    }

    /** ONNX TensorProto.DataType to numpy's dtype; null for strings, float8 and 4-bit types. */
    static DType.Num dataType(int t) {
        switch (t) {
            case 1: return DType.Num.F32;
            case 2: return DType.Num.U8;
            case 3: return DType.Num.I8;
            case 4: return DType.Num.U16;
            case 5: return DType.Num.I16;
            case 6: return DType.Num.I32;
            case 7: return DType.Num.I64;
            case 9: return DType.Num.BOOL;
            case 10: return DType.Num.F16;
            case 11: return DType.Num.F64;
            case 12: return DType.Num.U32;
            case 13: return DType.Num.U64;
            case 14: return DType.Num.C64;
            case 15: return DType.Num.C128;
            case 16: return DType.Num.BF16;
            default: return null;
        }
    }

    static Checkpoint open(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) throw new CheckpointException(name + " is larger than 2 GB, which ONNX's protobuf cannot be");
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            Proto model = new Proto(buf, 0, (int) size, name);
            Map<String, Object> values = new LinkedHashMap<>();
            List<Tensor> tensors = new ArrayList<>();
            Path dir = file.toAbsolutePath().getParent();
            int graphs = 0;
            while (model.next()) {
                switch (model.field) {
                    case 1: values.put("ir_version", model.varint()); break;
                    case 2: values.put("producer_name", model.string()); break;
                    case 3: values.put("producer_version", model.string()); break;
                    case 7: {
                        graphs++;
                        Proto g = model.message();
                        while (g.next()) {
                            if (g.field == 2) values.put("graph.name", g.string());
                            else if (g.field == 5) {
                                Tensor t = initializer(g.message(), ch, dir, name, values);
                                if (t != null) tensors.add(t);
                            }
                            else g.skip();
                        }
                        break;
                    }
                    default: model.skip();
                }
            }
            if (graphs == 0) throw new CheckpointException(name + " has no graph: not an ONNX model");
            return new Checkpoint(file, "onnx", tensors, values, null);
        } catch (ArithmeticException e) {
            throw new CheckpointException(name + ": a tensor shape is too large");
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + name + " as ONNX: " + e.getMessage(), e);
        }
    }

    /** One initializer as a tensor, or null when its data type has no numeric reading (listed in {@code values} instead). */
    private static Tensor initializer(Proto t, FileChannel ch, Path dir, String file, Map<String, Object> values)
            throws IOException, CheckpointException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String tn = null;
        int dataField = 0, dataPos = 0, dataLen = 0;
        boolean external = false;
        Map<String, String> ext = new LinkedHashMap<>();
        while (t.next()) {
            switch (t.field) {
                case 1:
                    if (t.wire == 2) { Proto p = t.message(); while (p.more()) dims.add(p.rawVarint()); }
                    else dims.add(t.varint());
                    break;
                case 2: type = (int) t.varint(); break;
                case 8: tn = t.string(); break;
                case 4: case 5: case 7: case 9: case 10: case 11:
                    if (t.wire != 2) throw new CheckpointException(file + ": unpacked repeated tensor data is not supported");
                    dataField = t.field;
                    dataLen = t.length();
                    dataPos = t.pos;
                    t.pos += dataLen;
                    break;
                case 13: {
                    Proto kv = t.message();
                    String k = null, v = null;
                    while (kv.next()) {
                        if (kv.field == 1) k = kv.string();
                        else if (kv.field == 2) v = kv.string();
                        else kv.skip();
                    }
                    if (k != null) ext.put(k, v);
                    break;
                }
                case 14: external = t.varint() == 1; break;
                default: t.skip();
            }
        }
        if (tn == null) tn = "initializer_" + values.size();
        long[] shape = new long[dims.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
            if (shape[i] < 0) throw new CheckpointException(file + ": initializer " + tn + " has a negative dimension");
            numel = Math.multiplyExact(numel, shape[i]);
        }
        DType.Num num = dataType(type);
        if (num == null) {
            // strings, float8, 4-bit: listed with the model's values, the rest of the model still compared
            values.put(tn, "ONNX data type " + type + " initializer " + java.util.Arrays.toString(shape) + ", not compared");
            return null;
        }
        DType le = DType.of(num, ByteOrder.LITTLE_ENDIAN);
        long bytes = Math.multiplyExact(numel, num.size);
        if (external) return externalTensor(tn, shape, numel, bytes, le, ext, dir, file);
        switch (dataField) {
            case 9: // raw_data: little-endian items, mapped where they lie
                if (dataLen != bytes) throw new CheckpointException(file + ": initializer " + tn + " has " + dataLen + " raw bytes for " + bytes);
                return Tensor.contiguous(tn, shape, Elements.map(ch, dataPos, numel, le));
            case 4: case 10: { // float_data (fixed32) / double_data (fixed64): mapped; complex as pairs
                int w = dataField == 4 ? 4 : 8;
                DType.Num stored = dataField == 4 ? DType.Num.F32 : DType.Num.F64;
                boolean complex = num == DType.Num.C64 || num == DType.Num.C128;
                if ((complex ? num.size / 2 : num.size) != w || (num != stored && !complex)) {
                    throw new CheckpointException(file + ": initializer " + tn + " stores " + num.numpyName + " in " + (w == 4 ? "float_data" : "double_data"));
                }
                if (dataLen != bytes) throw new CheckpointException(file + ": initializer " + tn + " has " + dataLen / w + " values for " + numel);
                return Tensor.contiguous(tn, shape, Elements.map(ch, dataPos, numel, le));
            }
            case 5: case 7: case 11: { // int32_data (also int8/16, uint8/16, bool, float16/bf16 bits) / int64_data / uint64_data: varints
                if (numel > MAX_VARINT_ITEMS) throw new CheckpointException(file + ": initializer " + tn + " has " + numel + " varint items; refused");
                ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
                Proto p = new Proto(t.buf, dataPos, dataPos + dataLen, file);
                long n = 0;
                while (p.more()) {
                    long v = p.rawVarint();
                    if (++n > numel) break;
                    switch (num.size) {
                        case 1: out.put((byte) v); break;
                        case 2: out.putShort((short) v); break;
                        case 4: out.putInt((int) v); break;
                        default: out.putLong(v);
                    }
                }
                if (n != numel) throw new CheckpointException(file + ": initializer " + tn + " has " + n + " values for " + numel);
                out.flip();
                return Tensor.contiguous(tn, shape, Elements.wrap(out, numel, le));
            }
            default:
                if (numel == 0) return Tensor.contiguous(tn, shape, Elements.wrap(ByteBuffer.allocate(0), 0, le));
                throw new CheckpointException(file + ": initializer " + tn + " has no data");
        }
    }

    private static Tensor externalTensor(String tn, long[] shape, long numel, long bytes, DType dtype, Map<String, String> ext, Path dir,
                                         String file) throws IOException, CheckpointException {
        String location = ext.get("location");
        if (location == null || location.isEmpty()) throw new CheckpointException(file + ": initializer " + tn + " is external without a location");
        Path target;
        try {
            target = dir.resolve(location).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new CheckpointException(file + ": initializer " + tn + "'s external file '" + location + "' is not a valid name");
        }
        if (Path.of(location).isAbsolute() || !target.startsWith(dir)) {
            throw new CheckpointException(file + ": initializer " + tn + "'s external file '" + location + "' is outside the model's folder; refused");
        }
        if (!Files.isRegularFile(target)) throw new CheckpointException(file + ": external data file " + location + " of " + tn + " is missing");
        if (!target.toRealPath().startsWith(dir.toRealPath())) {
            throw new CheckpointException(file + ": initializer " + tn + "'s external file '" + location + "' links outside the model's folder; refused");
        }
        long offset = parse(ext.get("offset"), 0, file, tn);
        long length = parse(ext.get("length"), bytes, file, tn);
        if (length != bytes) throw new CheckpointException(file + ": initializer " + tn + " has " + length + " external bytes for " + bytes);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            if (offset < 0 || offset + bytes > ch.size()) {
                throw new CheckpointException(file + ": initializer " + tn + " lies beyond the end of " + location + " (truncated?)");
            }
            return Tensor.contiguous(tn, shape, Elements.map(ch, offset, numel, dtype));
        }
    }

    private static long parse(String s, long dflt, String file, String tn) throws CheckpointException {
        if (s == null) return dflt;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException(file + ": initializer " + tn + " has an external offset/length '" + s + "'");
        }
    }

    /** A protobuf message between {@code pos} and {@code end} of {@code buf}: fields one at a time, every length checked. */
    static final class Proto {
        final ByteBuffer buf;
        final int end;
        final String file;
        int pos, field, wire;
        private final int depth;

        Proto(ByteBuffer buf, int pos, int end, String file) {
            this(buf, pos, end, file, 0);
        }

        private Proto(ByteBuffer buf, int pos, int end, String file, int depth) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
            this.file = file;
            this.depth = depth;
        }

        boolean more() {
            return pos < end;
        }

        boolean next() throws CheckpointException {
            if (pos >= end) return false;
            long tag = rawVarint();
            field = (int) (tag >>> 3);
            wire = (int) (tag & 7);
            if (field <= 0) throw corrupt();
            return true;
        }

        long rawVarint() throws CheckpointException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw corrupt();
                byte b = buf.get(pos++);
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) return v;
            }
            throw corrupt();
        }

        long varint() throws CheckpointException {
            if (wire != 0) throw corrupt();
            return rawVarint();
        }

        int length() throws CheckpointException {
            if (wire != 2) throw corrupt();
            long n = rawVarint();
            if (n < 0 || n > end - pos) throw corrupt();
            return (int) n;
        }

        String string() throws CheckpointException {
            int n = length();
            // names and producer strings are short: a huge one is refused rather than copied into the heap
            if (n > MAX_STRING) throw new CheckpointException(file + ": a " + n + "-byte string field in the ONNX protobuf; refused");
            byte[] b = new byte[n];
            buf.get(pos, b);
            pos += n;
            return new String(b, StandardCharsets.UTF_8);
        }

        Proto message() throws CheckpointException {
            if (depth >= MAX_DEPTH) throw corrupt();
            int n = length();
            Proto p = new Proto(buf, pos, pos + n, file, depth + 1);
            pos += n;
            return p;
        }

        void skip() throws CheckpointException {
            switch (wire) {
                case 0: rawVarint(); break;
                case 1: advance(8); break;
                case 2: advance(length()); break;
                case 5: advance(4); break;
                default: throw corrupt();
            }
        }

        private void advance(int n) throws CheckpointException {
            if (n > end - pos) throw corrupt();
            pos += n;
        }

        private CheckpointException corrupt() {
            return new CheckpointException(file + " is not a valid ONNX protobuf (corrupt or truncated at byte " + pos + ")");
        }
    }
}
