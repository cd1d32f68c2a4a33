package dev.vitrine.preview.array;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The header of an .npy file (format versions 1.0, 2.0 and 3.0), parsed without touching the payload.
 * Immutable.
 *
 * @param descr       the header's descr as written: a String, or a list of field specs
 * @param dataOffset  where the payload starts, in bytes from the start of the file
 */
public record NpyHeader(String version, int headerLen, long dataOffset, Object descr, DType dtype, boolean fortranOrder, long[] shape) {

    public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Headers above this are refused (numpy writes a few hundred bytes; v2 allows 4 GB). */
    static final int MAX_HEADER = 1 << 20;

    /** Bytes needed before {@link #parse} can know the header length. */
    public static final int PREFIX = 12;

    /** Total header bytes (magic, version, length, text) given the first {@link #PREFIX} bytes. */
    public static long totalHeaderBytes(byte[] prefix, int available) throws ArrayFormatException {
        checkMagic(prefix, available);
        int major = prefix[6] & 0xff;
        if (major == 1) {
            if (available < 10) throw truncated();
            return 10L + ((prefix[8] & 0xff) | (prefix[9] & 0xff) << 8);
        }
        if (major == 2 || major == 3) {
            if (available < 12) throw truncated();
            long len = (prefix[8] & 0xffL) | (prefix[9] & 0xffL) << 8 | (prefix[10] & 0xffL) << 16 | (prefix[11] & 0xffL) << 24;
            if (len > MAX_HEADER) throw new ArrayFormatException("The .npy header claims " + len + " bytes; refused (more than " + MAX_HEADER + ")");
            return 12L + len;
        }
        throw new ArrayFormatException("Unsupported .npy format version " + major + "." + (prefix[7] & 0xff));
    }

    private static ArrayFormatException truncated() {
        return new ArrayFormatException("Not a complete .npy file: it ends inside the header");
    }

    private static void checkMagic(byte[] b, int available) throws ArrayFormatException {
        if (available < 8) {
            for (int i = 0; i < Math.min(available, 6); i++) if (b[i] != MAGIC[i]) throw new ArrayFormatException("Not an .npy file (no \\x93NUMPY magic)");
            throw truncated();
        }
        for (int i = 0; i < 6; i++) if (b[i] != MAGIC[i]) throw new ArrayFormatException("Not an .npy file (no \\x93NUMPY magic)");
    }

    /**
     * Parses a header from the file's first bytes ({@code available} of them valid; must hold the whole
     * header, see {@link #totalHeaderBytes}).
     */
    public static NpyHeader parse(byte[] bytes, int available) throws ArrayFormatException {
        long total = totalHeaderBytes(bytes, available);
        if (total > available) throw truncated();
        int major = bytes[6] & 0xff;
        int textStart = major == 1 ? 10 : 12;
        String text = new String(bytes, textStart, (int) total - textStart,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Object parsed = PyLiteral.parse(text.strip());
        if (!(parsed instanceof Map)) throw new ArrayFormatException("Corrupt .npy header: not a dict");
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) parsed;
        if (!m.containsKey("descr") || !m.containsKey("shape") || !m.containsKey("fortran_order")) {
            throw new ArrayFormatException("Corrupt .npy header: it needs descr, fortran_order and shape");
        }
        Object descr = m.get("descr");
        DType dtype = dtypeOf(descr);
        if (!(m.get("fortran_order") instanceof Boolean)) throw new ArrayFormatException("Corrupt .npy header: fortran_order is not a bool");
        if (!(m.get("shape") instanceof List)) throw new ArrayFormatException("Corrupt .npy header: shape is not a tuple");
        List<?> sh = (List<?>) m.get("shape");
        if (sh.size() > 32) throw new ArrayFormatException("Corrupt .npy header: more than 32 dimensions");
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(sh.get(i) instanceof BigInteger)) throw new ArrayFormatException("Corrupt .npy header: shape holds a non-integer");
            BigInteger b = (BigInteger) sh.get(i);
            if (b.signum() < 0 || b.bitLength() > 62) throw new ArrayFormatException("Corrupt .npy header: dimension " + b + " is invalid");
            shape[i] = b.longValue();
        }
        NpyHeader h = new NpyHeader(major + "." + (bytes[7] & 0xff), (int) total - textStart, total, descr, dtype,
                (Boolean) m.get("fortran_order"), shape);
        h.dataBytes(); // overflow check
        return h;
    }

    static DType dtypeOf(Object descr) throws ArrayFormatException {
        if (descr instanceof String) return DType.parse((String) descr);
        if (!(descr instanceof List)) throw new ArrayFormatException("Corrupt .npy header: descr is neither a string nor a list");
        List<DType.Field> fields = new ArrayList<>();
        int offset = 0;
        for (Object o : (List<?>) descr) {
            if (!(o instanceof List) || ((List<?>) o).size() < 2) throw new ArrayFormatException("Corrupt .npy header: bad field in descr");
            List<?> f = (List<?>) o;
            String name = String.valueOf(f.get(0));
            DType t = dtypeOf(f.get(1));
            long[] sub = new long[0];
            if (f.size() > 2) {
                Object s = f.get(2);
                List<?> sl = s instanceof List ? (List<?>) s : List.of(s);
                sub = new long[sl.size()];
                for (int i = 0; i < sub.length; i++) {
                    if (!(sl.get(i) instanceof BigInteger)) throw new ArrayFormatException("Corrupt .npy header: bad sub-array shape");
                    sub[i] = ((BigInteger) sl.get(i)).longValueExact();
                }
            }
            DType.Field fld = new DType.Field(name, t, offset, sub);
            long size = (long) t.itemSize() * fld.subCount();
            if (size < 0 || offset + size > (1 << 26)) throw new ArrayFormatException("Structured dtype too large");
            offset += (int) size;
            if (!name.isEmpty()) fields.add(fld); // numpy pads with unnamed '' fields
        }
        if (fields.stream().anyMatch(f -> f.type().isObject())) {
            return new DType("|O", 'O', offset, ByteOrder.LITTLE_ENDIAN, null, fields);
        }
        return new DType("|V" + offset, 'V', offset, ByteOrder.LITTLE_ENDIAN, null, fields);
    }

    /** Number of elements; throws when it does not fit a long. */
    public long count() throws ArrayFormatException {
        long n = 1;
        for (long s : shape) {
            try {
                n = Math.multiplyExact(n, s);
            } catch (ArithmeticException e) {
                throw new ArrayFormatException("The header declares shape " + Arrays.toString(shape) + ": too many elements");
            }
        }
        return n;
    }

    /** Payload bytes the header declares. */
    public long dataBytes() throws ArrayFormatException {
        try {
            return Math.multiplyExact(count(), (long) dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new ArrayFormatException("The header declares shape " + Arrays.toString(shape) + " of " + dtype.name() + ": too many bytes");
        }
    }

    /** Refuses a payload shorter than the header declares: nothing is allocated for what is not there. */
    public void checkAvailable(long payloadBytes, String what) throws ArrayFormatException {
        long need = dataBytes();
        if (payloadBytes < need) {
            throw new ArrayFormatException("The header declares shape " + Arrays.toString(shape) + " " + dtype.name() + " = "
                    + humanBytes(need) + ", but " + what + " holds only " + humanBytes(Math.max(0, payloadBytes)) + " of data: refused");
        }
    }

    static String humanBytes(long n) {
        if (n < 1024) return n + " bytes";
        String[] u = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, u[i]);
    }
}
