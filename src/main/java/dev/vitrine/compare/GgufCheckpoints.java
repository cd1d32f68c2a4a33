package dev.vitrine.compare;

import dev.vitrine.preview.array.DType;
import dev.vitrine.preview.array.Elements;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
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
 * GGUF files (llama.cpp, versions 2 and 3, little-endian): the header, the metadata key/values and
 * the tensor infos are read with every count and length bounded by the file's size and fixed caps;
 * F32, F16, BF16, F64 and integer tensors are memory-mapped and compared like any other, quantized
 * ones (Q4_K, Q8_0, IQ2_XS ...) are listed among the values with their type and shape, not compared.
 * GGUF dimensions run fastest first, so the shape is reversed into numpy's order. Stateless.
 */
final class GgufCheckpoints {

    static final int MAX_KEY = 64 << 10;
    static final int MAX_STRING = 16 << 20;
    static final long MAX_HEADER = 256L << 20;
    static final int MAX_DIMS = 8;
    /** Metadata strings longer than this are cut in the values (a chat template can be long). */
    static final int MAX_VALUE_CHARS = 4000;

    private GgufCheckpoints() {}

    static boolean looksLikeGguf(byte[] head) {
        return head.length >= 8 && head[0] == 'G' && head[1] == 'G' && head[2] == 'U' && head[3] == 'F';
    }

    /** ggml_type codes: numpy dtype where the values are plain numbers, else null. */
    static DType.Num plain(int type) {
        switch (type) {
            case 0: return DType.Num.F32;
            case 1: return DType.Num.F16;
            case 24: return DType.Num.I8;
            case 25: return DType.Num.I16;
            case 26: return DType.Num.I32;
            case 27: return DType.Num.I64;
            case 28: return DType.Num.F64;
            case 30: return DType.Num.BF16;
            default: return null;
        }
    }

    static String typeName(int type) {
        String[] names = {"F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K",
                "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64",
                "F64", "IQ1_M", "BF16", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0"};
        return type >= 0 && type < names.length ? names[type] : "type " + type;
    }

    static Checkpoint open(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             InputStream raw = Files.newInputStream(file)) {
            long size = ch.size();
            Reader r = new Reader(new BufferedInputStream(raw, 1 << 16), Math.min(size, MAX_HEADER), name);
            if (r.u32() != 0x46554747) throw new CheckpointException(name + " is not a GGUF file");
            long version = r.u32();
            if (version != 2 && version != 3) throw new CheckpointException(name + ": GGUF version " + version + " is not supported (2 and 3 are)");
            long tensorCount = r.u64();
            long kvCount = r.u64();
            // every tensor info takes at least 24 bytes, every key/value at least 13: counts beyond the file are corrupt
            if (tensorCount > size / 24 || kvCount > size / 13) throw new CheckpointException(name + ": corrupt GGUF header (counts beyond the file)");
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("gguf.version", version);
            long alignment = 32;
            for (long i = 0; i < kvCount; i++) {
                String key = r.string(MAX_KEY);
                int type = (int) r.u32();
                Object v = r.value(type, 0);
                if (key.equals("general.alignment") && v instanceof Number n) alignment = n.longValue();
                values.put(key, v);
            }
            if (alignment <= 0 || alignment > (1 << 20) || (alignment & (alignment - 1)) != 0) {
                throw new CheckpointException(name + ": general.alignment " + alignment + " is not a power of two");
            }
            record Info(String name, long[] shape, int type, long offset) {}
            List<Info> infos = new ArrayList<>();
            for (long i = 0; i < tensorCount; i++) {
                String tn = r.string(MAX_KEY);
                long dims = r.u32();
                if (dims > MAX_DIMS) throw new CheckpointException(name + ": tensor " + tn + " has " + dims + " dimensions");
                long[] shape = new long[(int) dims];
                for (int d = 0; d < dims; d++) {
                    long ne = r.u64();
                    if (ne < 0 || ne > size * 8) throw new CheckpointException(name + ": tensor " + tn + " has an impossible dimension " + ne);
                    shape[(int) dims - 1 - d] = ne;
                }
                infos.add(new Info(tn, shape, (int) r.u32(), r.u64()));
            }
            long dataStart = (r.pos + alignment - 1) / alignment * alignment;
            List<Tensor> tensors = new ArrayList<>();
            for (Info t : infos) {
                long numel = 1;
                for (long d : t.shape()) numel = Math.multiplyExact(numel, d);
                DType.Num num = plain(t.type());
                if (num == null) {
                    values.put(t.name(), typeName(t.type()) + " tensor " + java.util.Arrays.toString(t.shape()) + ", quantized: listed, not compared");
                    continue;
                }
                long bytes = Math.multiplyExact(numel, num.size);
                if (t.offset() < 0 || dataStart + t.offset() + bytes > size) {
                    throw new CheckpointException(name + ": tensor " + t.name() + " lies beyond the end of the file (truncated?)");
                }
                Elements el = Elements.map(ch, dataStart + t.offset(), numel, DType.of(num, ByteOrder.LITTLE_ENDIAN));
                tensors.add(Tensor.contiguous(t.name(), t.shape(), el));
            }
            return new Checkpoint(file, "gguf", tensors, values, null);
        } catch (ArithmeticException e) {
            throw new CheckpointException(name + ": a tensor shape is too large");
        } catch (EOFException e) {
            throw new CheckpointException(name + ": the GGUF header ends early (truncated?)");
        } catch (IOException e) {
            throw new CheckpointException("Cannot read " + name + " as GGUF: " + e.getMessage(), e);
        }
    }

    /** Little-endian reads over the header, never past {@code limit} bytes. */
    private static final class Reader {
        private final InputStream in;
        private final long limit;
        private final String file;
        long pos;

        Reader(InputStream in, long limit, String file) {
            this.in = in;
            this.limit = limit;
            this.file = file;
        }

        private byte[] bytes(int n) throws IOException {
            if (pos + n > limit) throw new EOFException();
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw new EOFException();
            pos += n;
            return b;
        }

        private void skip(long n) throws IOException {
            if (pos + n > limit) throw new EOFException();
            in.skipNBytes(n);
            pos += n;
        }

        long u32() throws IOException {
            byte[] b = bytes(4);
            return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
        }

        long u64() throws IOException {
            return u32() | u32() << 32;
        }

        String string(int max) throws IOException, CheckpointException {
            long n = u64();
            if (n < 0 || n > max) throw new CheckpointException(file + ": a GGUF string of " + n + " bytes; refused");
            return new String(bytes((int) n), StandardCharsets.UTF_8);
        }

        /** One value of GGUF type {@code type}; arrays are summarised (a vocabulary is large), not kept. */
        Object value(int type, int depth) throws IOException, CheckpointException {
            switch (type) {
                case 0: return bytes(1)[0] & 0xff;
                case 1: return (int) bytes(1)[0];
                case 2: { byte[] b = bytes(2); return (b[0] & 0xff) | (b[1] & 0xff) << 8; }
                case 3: { byte[] b = bytes(2); return (int) (short) ((b[0] & 0xff) | (b[1] & 0xff) << 8); }
                case 4: return u32();
                case 5: return (int) u32();
                case 6: return (double) Float.intBitsToFloat((int) u32());
                case 7: return bytes(1)[0] != 0;
                case 8: {
                    String s = string(MAX_STRING);
                    return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
                }
                case 9: {
                    if (depth > 4) throw new CheckpointException(file + ": GGUF arrays nested too deep");
                    int et = (int) u32();
                    long count = u64();
                    if (count < 0 || count > limit - pos) throw new CheckpointException(file + ": a GGUF array of " + count + " items; refused");
                    int fixed = fixedSize(et);
                    if (fixed > 0) skip(Math.multiplyExact(count, (long) fixed));
                    else for (long i = 0; i < count; i++) value(et, depth + 1);
                    return "array of " + count + " " + gguf(et);
                }
                case 10: return u64();
                case 11: return u64();
                case 12: return Double.longBitsToDouble(u64());
                default: throw new CheckpointException(file + ": unknown GGUF value type " + type);
            }
        }

        private static int fixedSize(int type) {
            switch (type) {
                case 0: case 1: case 7: return 1;
                case 2: case 3: return 2;
                case 4: case 5: case 6: return 4;
                case 10: case 11: case 12: return 8;
                default: return 0;
            }
        }

        private static String gguf(int type) {
            String[] n = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "bool", "string", "array", "uint64", "int64", "float64"};
            return type >= 0 && type < n.length ? n[type] : "type " + type;
        }
    }
}
