package dev.vitrine.preview.array;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;

/**
 * A numpy dtype as an .npy header spells it ({@code "<f4"}, {@code "|b1"}, {@code ">c16"}, {@code "<U8"},
 * a list of fields for structured arrays), plus {@code bfloat16}, which numpy lacks but checkpoints use.
 * Immutable.
 *
 * @param kind     numpy's kind letter: b, i, u, f, c, U, S, V (structured or raw void), O (object)
 * @param num      the numeric type for kinds b/i/u/f/c, else null
 * @param order    byte order of multi-byte items
 * @param fields   fields of a structured dtype, in order (empty otherwise)
 */
public record DType(String descr, char kind, int itemSize, ByteOrder order, Num num, List<Field> fields) {

    /** Numeric element types, with how many bytes each takes. */
    public enum Num {
        BOOL(1, "bool"), I8(1, "int8"), U8(1, "uint8"), I16(2, "int16"), U16(2, "uint16"), I32(4, "int32"),
        U32(4, "uint32"), I64(8, "int64"), U64(8, "uint64"), F16(2, "float16"), BF16(2, "bfloat16"),
        F32(4, "float32"), F64(8, "float64"), C64(8, "complex64"), C128(16, "complex128");

        public final int size;
        public final String numpyName;

        Num(int size, String numpyName) {
            this.size = size;
            this.numpyName = numpyName;
        }

        public boolean isComplex() {
            return this == C64 || this == C128;
        }

        public boolean isFloat() {
            return this == F16 || this == BF16 || this == F32 || this == F64;
        }

        /** Looks a numpy name ("float32", "bfloat16") up; null when unknown. */
        public static Num byName(String name) {
            for (Num n : values()) if (n.numpyName.equals(name)) return n;
            return null;
        }
    }

    /** A field of a structured dtype; {@code subShape} is empty for scalar fields. */
    public record Field(String name, DType type, int offset, long[] subShape) {
        public long subCount() {
            long n = 1;
            for (long s : subShape) n *= s;
            return n;
        }
    }

    public DType {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public static DType of(Num num, ByteOrder order) {
        String bo = num.size == 1 ? "|" : (order == ByteOrder.BIG_ENDIAN ? ">" : "<");
        char kind;
        switch (num) {
            case BOOL: kind = 'b'; break;
            case I8: case I16: case I32: case I64: kind = 'i'; break;
            case U8: case U16: case U32: case U64: kind = 'u'; break;
            case C64: case C128: kind = 'c'; break;
            default: kind = 'f';
        }
        String descr = num == Num.BF16 ? "bfloat16" : bo + kind + num.size;
        return new DType(descr, kind, num.size, order, num, List.of());
    }

    /** Parses a simple descr string such as {@code "<f4"}, {@code "|u1"}, {@code ">U8"}, {@code "|O"}. */
    public static DType parse(String descr) throws ArrayFormatException {
        if (descr == null || descr.length() < 2) throw new ArrayFormatException("Unknown dtype '" + descr + "'");
        if (descr.equals("bfloat16")) return of(Num.BF16, ByteOrder.LITTLE_ENDIAN);
        char bo = descr.charAt(0);
        int start = 1;
        ByteOrder order;
        switch (bo) {
            case '<': case '|': case '=': order = ByteOrder.LITTLE_ENDIAN; break;
            case '>': order = ByteOrder.BIG_ENDIAN; break;
            default: order = ByteOrder.LITTLE_ENDIAN; start = 0;
        }
        char kind = descr.charAt(start);
        String sizeText = descr.substring(start + 1);
        if (kind == 'O') return new DType(descr, 'O', 8, order, null, List.of());
        int size;
        try {
            size = sizeText.isEmpty() ? -1 : Integer.parseInt(sizeText);
        } catch (NumberFormatException e) {
            throw new ArrayFormatException("Unsupported dtype '" + descr + "'");
        }
        switch (kind) {
            case 'b':
                if (size != 1) break;
                return new DType(descr, kind, 1, order, Num.BOOL, List.of());
            case 'i': case 'u': case 'f': case 'c': {
                Num num = numFor(kind, size);
                if (num == null) break;
                return new DType(descr, kind, size, order, num, List.of());
            }
            case 'U':
                if (size < 0 || size > (1 << 24)) break;
                return new DType(descr, kind, size * 4, order, null, List.of());
            case 'S': case 'a': case 'V':
                if (size < 0 || size > (1 << 26)) break;
                return new DType(descr, kind == 'a' ? 'S' : kind, size, order, null, List.of());
            default:
        }
        if (kind == 'M' || kind == 'm') throw new ArrayFormatException("datetime/timedelta arrays ('" + descr + "') are not supported yet");
        throw new ArrayFormatException("Unsupported dtype '" + descr + "'");
    }

    private static Num numFor(char kind, int size) {
        switch (kind) {
            case 'i': return size == 1 ? Num.I8 : size == 2 ? Num.I16 : size == 4 ? Num.I32 : size == 8 ? Num.I64 : null;
            case 'u': return size == 1 ? Num.U8 : size == 2 ? Num.U16 : size == 4 ? Num.U32 : size == 8 ? Num.U64 : null;
            case 'f': return size == 2 ? Num.F16 : size == 4 ? Num.F32 : size == 8 ? Num.F64 : null;
            case 'c': return size == 8 ? Num.C64 : size == 16 ? Num.C128 : null;
            default: return null;
        }
    }

    public boolean isNumeric() {
        return num != null;
    }

    public boolean isStructured() {
        return !fields.isEmpty();
    }

    public boolean isObject() {
        return kind == 'O';
    }

    /** numpy's {@code dtype.name}: float32, bool, complex64, str256, bytes56, void296. */
    public String name() {
        if (num != null) return num.numpyName;
        switch (kind) {
            case 'U': return "str" + (itemSize * 8);
            case 'S': return "bytes" + (itemSize * 8);
            case 'O': return "object";
            default: return "void" + (itemSize * 8);
        }
    }

    /** numpy's {@code dtype.str} for structured types ({@code |V37}), the descr otherwise. */
    public String str() {
        if (isStructured()) return "|V" + itemSize;
        return descr;
    }

    @Override
    public String toString() {
        return str().toLowerCase(Locale.ROOT).equals(str()) ? str() : str();
    }
}
