package dev.vitrine.preview.table;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

import java.util.concurrent.CancellationException;

/**
 * Decodes the LZ4 frames pyarrow writes into feather files, directly on byte arrays (Arrow's own
 * codec goes through commons-compress streams and was measured ~25x slower). Compression, which
 * only tests use, is delegated to commons-compress.
 *
 * <p>Hand-written on purpose: pyarrow writes linked blocks (matches reach into earlier blocks), which
 * lz4-java's frame stream refuses and its block decompressors cannot take as a prefix;
 * commons-compress decodes them but slowly. Tests compare against commons-compress frames.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {

    /** LZ4_FRAME through this codec; every other codec as Arrow's commons-compress factory makes it. */
    static final CompressionCodec.Factory FACTORY = new CompressionCodec.Factory() {
        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type) {
            return type == CompressionUtil.CodecType.LZ4_FRAME ? new Lz4FrameCodec() : CommonsCompressionFactory.INSTANCE.createCodec(type);
        }

        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
            return createCodec(type);
        }
    };

    @Override
    public CompressionUtil.CodecType getCodecType() {
        return CompressionUtil.CodecType.LZ4_FRAME;
    }

    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
        return CommonsCompressionFactory.INSTANCE.createCodec(CompressionUtil.CodecType.LZ4_FRAME).compress(allocator, uncompressed);
    }

    @Override
    protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
        long declared = readUncompressedLength(compressed);
        long n = compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
        if (declared < 0 || n < 0 || n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("LZ4 buffer sizes out of range");
        // checked before allocating: a tiny file must not be able to ask for gigabytes
        if (declared > maxOutput(n)) {
            throw new IllegalArgumentException("LZ4 buffer of " + n + " bytes cannot hold the " + declared + " bytes its header declares");
        }
        if (declared > MAX_BUFFER) throw new IllegalArgumentException("LZ4 buffer of " + declared + " bytes is over the " + (MAX_BUFFER >> 20) + " MB cap");
        byte[] in = new byte[(int) n];
        compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, in);
        byte[] out = new byte[(int) declared];
        int written = decodeFrames(in, out);
        if (written != declared) throw new IllegalArgumentException("LZ4 frame holds " + written + " bytes, header says " + declared);
        ArrowBuf buf = allocator.buffer(declared);
        buf.setBytes(0, out);
        buf.writerIndex(declared);
        return buf;
    }

    /** One decoded buffer at most (a column of one record batch). */
    static final long MAX_BUFFER = 1L << 30;

    /**
     * The most {@code n} bytes of LZ4 frames can decode to: a sequence's match length grows by 255
     * per input byte, and each frame needs at least 7 header bytes (generous by the constant).
     */
    static long maxOutput(long n) {
        return n * 255 + 64;
    }

    /**
     * Decodes concatenated LZ4 frames (skippable frames ignored) into {@code out}; returns bytes
     * written. Every read is bounds-checked ({@link IllegalArgumentException} on corrupt input) and
     * an interrupted thread stops between blocks ({@link CancellationException}).
     */
    static int decodeFrames(byte[] in, byte[] out) {
        int ip = 0, op = 0;
        while (ip + 4 <= in.length) {
            cancelled();
            int magic = le32(in, ip);
            ip += 4;
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                need(in, ip, 4, "skippable frame");
                long size = le32(in, ip) & 0xFFFFFFFFL; // unsigned: as a signed int, -8 stepped back onto the magic forever
                if (size > in.length - ip - 4L) throw new IllegalArgumentException("truncated LZ4 skippable frame");
                ip += 4 + (int) size;
                continue;
            }
            if (magic != 0x184D2204) throw new IllegalArgumentException("not an LZ4 frame");
            need(in, ip, 2, "frame header");
            int flg = in[ip++] & 0xff;
            int bd = in[ip++] & 0xff;
            if ((flg >> 6) != 1) throw new IllegalArgumentException("unsupported LZ4 frame version");
            int maxBlock = switch ((bd >> 4) & 7) {
                case 4 -> 64 << 10;
                case 5 -> 256 << 10;
                case 6 -> 1 << 20;
                case 7 -> 4 << 20;
                default -> throw new IllegalArgumentException("bad LZ4 block size code");
            };
            boolean blockChecksum = (flg & 0x10) != 0, contentSize = (flg & 0x08) != 0, contentChecksum = (flg & 0x04) != 0, dictId = (flg & 0x01) != 0;
            int skip = (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1; // + header checksum
            need(in, ip, skip, "frame header");
            ip += skip;
            while (true) {
                cancelled();
                need(in, ip, 4, "block");
                int bsize = le32(in, ip);
                ip += 4;
                if (bsize == 0) break;
                int len = bsize & 0x7FFFFFFF;
                if (len > maxBlock) throw new IllegalArgumentException("LZ4 block larger than its frame allows");
                need(in, ip, len + (blockChecksum ? 4 : 0), "block");
                if ((bsize & 0x80000000) != 0) {
                    if (len > out.length - op) throw new IllegalArgumentException("LZ4 output overflows");
                    System.arraycopy(in, ip, out, op, len);
                    op += len;
                } else {
                    op = decodeBlock(in, ip, ip + len, out, op);
                }
                ip += len;
                if (blockChecksum) ip += 4;
            }
            if (contentChecksum) {
                need(in, ip, 4, "content checksum");
                ip += 4;
            }
        }
        return op;
    }

    /** One LZ4 block; matches may reach back into earlier blocks of the same output (linked blocks). */
    static int decodeBlock(byte[] in, int ip, int end, byte[] out, int op) {
        while (ip < end) {
            int token = in[ip++] & 0xff;
            int lit = token >>> 4;
            if (lit == 15) {
                int b;
                do {
                    if (ip >= end) throw new IllegalArgumentException("corrupt LZ4 block (literal length)");
                    b = in[ip++] & 0xff;
                    lit += b;
                } while (b == 255);
            }
            if (lit > end - ip || lit > out.length - op) throw new IllegalArgumentException("corrupt LZ4 block (literals)");
            System.arraycopy(in, ip, out, op, lit);
            ip += lit;
            op += lit;
            if (ip >= end) break;
            if (end - ip < 2) throw new IllegalArgumentException("corrupt LZ4 block (offset)");
            int offset = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
            ip += 2;
            int match = token & 15;
            if (match == 15) {
                int b;
                do {
                    if (ip >= end) throw new IllegalArgumentException("corrupt LZ4 block (match length)");
                    b = in[ip++] & 0xff;
                    match += b;
                } while (b == 255);
            }
            match += 4;
            int from = op - offset;
            if (offset == 0 || from < 0 || match > out.length - op) throw new IllegalArgumentException("corrupt LZ4 block (match)");
            if (offset >= match) {
                System.arraycopy(out, from, out, op, match);
                op += match;
            } else {
                for (int i = 0; i < match; i++) out[op++] = out[from + i];
            }
        }
        return op;
    }

    private static void need(byte[] in, int ip, int n, String what) {
        if (n < 0 || n > in.length - ip) throw new IllegalArgumentException("truncated LZ4 " + what);
    }

    private static void cancelled() {
        if (Thread.currentThread().isInterrupted()) throw new CancellationException("LZ4 decoding cancelled");
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
