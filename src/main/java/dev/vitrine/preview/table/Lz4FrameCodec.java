package dev.vitrine.preview.table;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Decodes the LZ4 frames pyarrow writes into feather files, directly on byte arrays (Arrow's own
 * codec goes through commons-compress streams and was measured ~25x slower). Compression, which
 * only tests use, is delegated to commons-compress.
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
        if (declared < 0 || declared > Integer.MAX_VALUE - 16 || n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("LZ4 buffer sizes out of range");
        }
        byte[] in = new byte[(int) n];
        compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, in);
        byte[] out = new byte[(int) declared];
        int written;
        try {
            written = decodeFrames(in, out);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt LZ4 data", e);
        }
        if (written != declared) throw new IllegalArgumentException("LZ4 frame holds " + written + " bytes, header says " + declared);
        ArrowBuf buf = allocator.buffer(declared);
        buf.setBytes(0, out);
        buf.writerIndex(declared);
        return buf;
    }

    /** Decodes concatenated LZ4 frames (skippable frames ignored) into {@code out}; returns bytes written. */
    static int decodeFrames(byte[] in, byte[] out) {
        int ip = 0, op = 0;
        while (ip + 4 <= in.length) {
            int magic = le32(in, ip);
            ip += 4;
            if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                int size = le32(in, ip);
                ip += 4 + size;
                continue;
            }
            if (magic != 0x184D2204) throw new IllegalArgumentException("not an LZ4 frame");
            int flg = in[ip++] & 0xff;
            ip++; // BD: block maximum size, not needed when decoding into a sized array
            if ((flg >> 6) != 1) throw new IllegalArgumentException("unsupported LZ4 frame version");
            boolean blockChecksum = (flg & 0x10) != 0, contentSize = (flg & 0x08) != 0, contentChecksum = (flg & 0x04) != 0, dictId = (flg & 0x01) != 0;
            if (contentSize) ip += 8;
            if (dictId) ip += 4;
            ip++; // header checksum
            while (true) {
                if (ip + 4 > in.length) throw new IllegalArgumentException("truncated LZ4 frame");
                int bsize = le32(in, ip);
                ip += 4;
                if (bsize == 0) break;
                int len = bsize & 0x7FFFFFFF;
                if (len < 0 || ip + len > in.length) throw new IllegalArgumentException("truncated LZ4 block");
                if ((bsize & 0x80000000) != 0) {
                    if (op + len > out.length) throw new IllegalArgumentException("LZ4 output overflows");
                    System.arraycopy(in, ip, out, op, len);
                    op += len;
                } else {
                    op = decodeBlock(in, ip, ip + len, out, op);
                }
                ip += len;
                if (blockChecksum) ip += 4;
            }
            if (contentChecksum) ip += 4;
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
                    b = in[ip++] & 0xff;
                    lit += b;
                } while (b == 255);
            }
            if (ip + lit > end || op + lit > out.length) throw new IllegalArgumentException("corrupt LZ4 block (literals)");
            System.arraycopy(in, ip, out, op, lit);
            ip += lit;
            op += lit;
            if (ip >= end) break;
            int offset = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
            ip += 2;
            int match = token & 15;
            if (match == 15) {
                int b;
                do {
                    b = in[ip++] & 0xff;
                    match += b;
                } while (b == 255);
            }
            match += 4;
            int from = op - offset;
            if (offset == 0 || from < 0 || op + match > out.length) throw new IllegalArgumentException("corrupt LZ4 block (match)");
            if (offset >= match) {
                System.arraycopy(out, from, out, op, match);
                op += match;
            } else {
                for (int i = 0; i < match; i++) out[op++] = out[from + i];
            }
        }
        return op;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
