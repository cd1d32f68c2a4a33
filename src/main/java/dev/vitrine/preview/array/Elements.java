package dev.vitrine.preview.array;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Fixed-size items laid out one after another in memory-mapped (or small heap) buffers, split into
 * segments of whole items so that files over 2 GB work. Reads are absolute, so one instance may be
 * read from several threads at once. Nothing is copied into the heap.
 */
public final class Elements {
    /** Segment size target; whole items per segment. */
    static final long SEGMENT_BYTES = 1L << 30;

    private final ByteBuffer[] segments;
    private final long perSegment;
    private final long count;
    private final DType dtype;
    private final int itemSize;

    private Elements(ByteBuffer[] segments, long perSegment, long count, DType dtype) {
        this.segments = segments;
        this.perSegment = Math.max(1, perSegment);
        this.count = count;
        this.dtype = dtype;
        this.itemSize = dtype.itemSize();
        ByteOrder o = dtype.order();
        for (ByteBuffer b : segments) b.order(o);
    }

    /** Maps {@code count} items starting at {@code offset}; the channel may be closed afterwards. */
    public static Elements map(FileChannel ch, long offset, long count, DType dtype) throws IOException {
        return map(ch, offset, count, dtype, SEGMENT_BYTES);
    }

    static Elements map(FileChannel ch, long offset, long count, DType dtype, long segmentBytes) throws IOException {
        int item = Math.max(1, dtype.itemSize());
        long perSeg = Math.max(1, segmentBytes / item);
        long total = count * item;
        int n = (int) ((count + perSeg - 1) / perSeg);
        ByteBuffer[] segs = new ByteBuffer[n];
        for (int k = 0; k < n; k++) {
            long start = offset + k * perSeg * item;
            long len = Math.min(perSeg * item, offset + total - start);
            segs[k] = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
        }
        return new Elements(segs, perSeg, count, dtype);
    }

    /** Items in a heap or mapped buffer (from its position). */
    public static Elements wrap(ByteBuffer buffer, long count, DType dtype) {
        ByteBuffer b = buffer.slice();
        return new Elements(new ByteBuffer[] {b}, Math.max(1, count), count, dtype);
    }

    public long count() {
        return count;
    }

    public DType dtype() {
        return dtype;
    }

    /** The buffer holding item {@code i} (absolute positions), for decoding structured items. */
    ByteBuffer bufferOf(long i) {
        return segments[(int) (i / perSegment)];
    }

    int positionOf(long i) {
        return (int) ((i % perSegment) * itemSize);
    }

    /** Item {@code i} as a double (the real part for complex, 0/1 for bool). */
    public double getDouble(long i) {
        return decode(bufferOf(i), positionOf(i), dtype.num());
    }

    /** The imaginary part of complex item {@code i}; 0 for other types. */
    public double getImag(long i) {
        DType.Num n = dtype.num();
        ByteBuffer b = bufferOf(i);
        int p = positionOf(i);
        if (n == DType.Num.C64) return b.getFloat(p + 4);
        if (n == DType.Num.C128) return b.getDouble(p + 8);
        return 0;
    }

    static double decode(ByteBuffer b, int p, DType.Num num) {
        switch (num) {
            case BOOL: return b.get(p) != 0 ? 1 : 0;
            case I8: return b.get(p);
            case U8: return b.get(p) & 0xff;
            case I16: return b.getShort(p);
            case U16: return b.getShort(p) & 0xffff;
            case I32: return b.getInt(p);
            case U32: return b.getInt(p) & 0xffffffffL;
            case I64: return b.getLong(p);
            case U64: return unsignedToDouble(b.getLong(p));
            case F16: return halfToFloat(b.getShort(p));
            case BF16: return Float.intBitsToFloat((b.getShort(p) & 0xffff) << 16);
            case F32: case C64: return b.getFloat(p);
            case F64: case C128: return b.getDouble(p);
            default: throw new IllegalStateException(num.toString());
        }
    }

    static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    public static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float v = mant / 1024f * (1f / 16384f);
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * Reads {@code n} consecutive items from {@code from} into {@code dst} as doubles, with one
     * tight loop per type (the summary's hot path).
     */
    public void readDoubles(long from, double[] dst, int off, int n) {
        int done = 0;
        while (done < n) {
            long i = from + done;
            ByteBuffer b = bufferOf(i);
            int p = positionOf(i);
            int inSeg = (int) Math.min(n - done, perSegment - (i % perSegment));
            int o = off + done;
            switch (dtype.num()) {
                case F32:
                    for (int k = 0; k < inSeg; k++, p += 4) dst[o + k] = b.getFloat(p);
                    break;
                case F64:
                    for (int k = 0; k < inSeg; k++, p += 8) dst[o + k] = b.getDouble(p);
                    break;
                case C64:
                    for (int k = 0; k < inSeg; k++, p += 8) dst[o + k] = b.getFloat(p);
                    break;
                case C128:
                    for (int k = 0; k < inSeg; k++, p += 16) dst[o + k] = b.getDouble(p);
                    break;
                case I64:
                    for (int k = 0; k < inSeg; k++, p += 8) dst[o + k] = b.getLong(p);
                    break;
                case I32:
                    for (int k = 0; k < inSeg; k++, p += 4) dst[o + k] = b.getInt(p);
                    break;
                case U8:
                    for (int k = 0; k < inSeg; k++, p++) dst[o + k] = b.get(p) & 0xff;
                    break;
                default: {
                    DType.Num num = dtype.num();
                    int size = itemSize;
                    for (int k = 0; k < inSeg; k++, p += size) dst[o + k] = decode(b, p, num);
                }
            }
            done += inSeg;
        }
    }

    /** Like {@link #readDoubles} for the imaginary parts of complex items. */
    public void readImag(long from, double[] dst, int off, int n) {
        for (int k = 0; k < n; k++) dst[off + k] = getImag(from + k);
    }
}
