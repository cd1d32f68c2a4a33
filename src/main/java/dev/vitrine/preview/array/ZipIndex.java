package dev.vitrine.preview.array;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The central directory of a zip (zip64 included), read without inflating anything, so stored
 * members can be memory-mapped in place and deflated ones streamed with their declared size as a
 * cap. Used for .npz files and torch checkpoints. Holds an open channel: close it. Thread-safe
 * (positional reads only).
 */
public final class ZipIndex implements AutoCloseable {

    /** One member as the central directory records it. */
    public record Entry(String name, int method, long compressedSize, long size, long crc, long localHeaderOffset) {
        public boolean stored() {
            return method == 0;
        }
    }

    private final Path path;
    private final FileChannel ch;
    private final long fileSize;
    private final Map<String, Entry> entries;

    private ZipIndex(Path path, FileChannel ch, Map<String, Entry> entries) throws IOException {
        this.path = path;
        this.ch = ch;
        this.fileSize = ch.size();
        this.entries = entries;
    }

    /** @throws IOException with a message for the user when the file is not a complete zip */
    public static ZipIndex open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ZipIndex(path, ch, readDirectory(ch));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static Map<String, Entry> readDirectory(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 22) throw new IOException("not a zip file (too short)");
        int tail = (int) Math.min(size, 65557);
        ByteBuffer t = read(ch, size - tail, tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (t.getInt(i) == 0x06054b50) { eocd = i; break; }
        }
        if (eocd < 0) throw new IOException("the zip's central directory is missing (truncated file?)");
        long count = t.getShort(eocd + 10) & 0xffff;
        long cdSize = t.getInt(eocd + 12) & 0xffffffffL;
        long cdOffset = t.getInt(eocd + 16) & 0xffffffffL;
        if (cdOffset == 0xffffffffL || count == 0xffff || cdSize == 0xffffffffL) {
            int loc = eocd - 20;
            if (loc >= 0 && t.getInt(loc) == 0x07064b50) {
                long eocd64 = t.getLong(loc + 8);
                if (eocd64 < 0 || eocd64 + 56 > size) throw new IOException("corrupt zip64 directory");
                ByteBuffer z = read(ch, eocd64, 56);
                if (z.getInt(0) != 0x06064b50) throw new IOException("corrupt zip64 directory");
                count = z.getLong(32);
                cdSize = z.getLong(40);
                cdOffset = z.getLong(48);
            }
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size || cdSize > (1L << 30) || count > cdSize / 46 + 1) {
            throw new IOException("the zip's central directory is corrupt");
        }
        ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
        Map<String, Entry> out = new LinkedHashMap<>();
        int p = 0;
        for (long k = 0; k < count; k++) {
            if (p + 46 > cdSize || cd.getInt(p) != 0x02014b50) throw new IOException("the zip's central directory is corrupt");
            int method = cd.getShort(p + 10) & 0xffff;
            long crc = cd.getInt(p + 16) & 0xffffffffL;
            long csize = cd.getInt(p + 20) & 0xffffffffL;
            long usize = cd.getInt(p + 24) & 0xffffffffL;
            int nameLen = cd.getShort(p + 28) & 0xffff;
            int extraLen = cd.getShort(p + 30) & 0xffff;
            int commentLen = cd.getShort(p + 32) & 0xffff;
            long lho = cd.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nameLen + extraLen > cdSize) throw new IOException("the zip's central directory is corrupt");
            byte[] nb = new byte[nameLen];
            cd.get(p + 46, nb);
            String name = new String(nb, StandardCharsets.UTF_8);
            int e = p + 46 + nameLen;
            int end = e + extraLen;
            while (e + 4 <= end) {
                int id = cd.getShort(e) & 0xffff;
                int len = cd.getShort(e + 2) & 0xffff;
                if (id == 1) {
                    int q = e + 4;
                    if (usize == 0xffffffffL && q + 8 <= e + 4 + len) { usize = cd.getLong(q); q += 8; }
                    if (csize == 0xffffffffL && q + 8 <= e + 4 + len) { csize = cd.getLong(q); q += 8; }
                    if (lho == 0xffffffffL && q + 8 <= e + 4 + len) { lho = cd.getLong(q); }
                }
                e += 4 + len;
            }
            if (usize < 0 || csize < 0 || lho < 0 || lho >= size) throw new IOException("the zip's central directory is corrupt (entry " + name + ")");
            out.put(name, new Entry(name, method, csize, usize, crc, lho));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }

    private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) throw new EOFException("unexpected end of the zip");
        }
        return b.flip();
    }

    public Path path() {
        return path;
    }

    /** Entries in directory order. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }

    public Entry entry(String name) {
        return entries.get(name);
    }

    /** Where an entry's data starts (after its local header, whose extra field may differ from the directory's). */
    public long dataOffset(Entry e) throws IOException {
        ByteBuffer h = read(ch, e.localHeaderOffset(), 30);
        if (h.getInt(0) != 0x04034b50) throw new IOException("corrupt zip: bad local header for " + e.name());
        long start = e.localHeaderOffset() + 30 + (h.getShort(26) & 0xffff) + (h.getShort(28) & 0xffff);
        if (start + e.compressedSize() > fileSize) throw new IOException("corrupt zip: " + e.name() + " runs past the end of the file");
        return start;
    }

    /** Maps a stored entry's bytes (from {@code offset} within the entry, {@code length} bytes). */
    public FileChannel channel() {
        return ch;
    }

    /**
     * The entry's uncompressed bytes as a stream that refuses to produce more than the directory
     * declares and checks the CRC at the end. Stored entries are read in place.
     */
    public InputStream open(Entry e) throws IOException {
        long start = dataOffset(e);
        InputStream raw = new BoundedChannelStream(ch, start, e.compressedSize());
        if (e.method() == 0) return new CheckedStream(raw, e);
        if (e.method() == 8) return new CheckedStream(new InflatingStream(raw, e.name()), e);
        throw new IOException("zip member " + e.name() + " uses compression method " + e.method() + ", which is not supported");
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static final class BoundedChannelStream extends InputStream {
        private final FileChannel ch;
        private long pos;
        private final long end;

        BoundedChannelStream(FileChannel ch, long start, long len) {
            this.ch = ch;
            this.pos = start;
            this.end = start + len;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) return -1;
            int n = (int) Math.min(len, end - pos);
            int r = ch.read(ByteBuffer.wrap(b, off, n), pos);
            if (r < 0) return -1;
            pos += r;
            return r;
        }
    }

    private static final class InflatingStream extends InputStream {
        private final InputStream in;
        private final Inflater inf = new Inflater(true);
        private final byte[] buf = new byte[1 << 16];
        private final String name;
        private boolean eofIn;

        InflatingStream(InputStream in, String name) {
            this.in = in;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            try {
                while (true) {
                    if (Thread.currentThread().isInterrupted()) throw new java.io.InterruptedIOException("cancelled");
                    int n = inf.inflate(b, off, len);
                    if (n > 0) return n;
                    if (inf.finished()) return -1;
                    if (inf.needsDictionary()) throw new IOException("zip member " + name + " is corrupt (needs a dictionary)");
                    if (inf.needsInput()) {
                        if (eofIn) {
                            // raw deflate may need one dummy byte to finish
                            inf.setInput(new byte[1]);
                            n = inf.inflate(b, off, len);
                            if (n > 0) return n;
                            if (inf.finished()) return -1;
                            throw new EOFException("zip member " + name + " is truncated");
                        }
                        int r = in.read(buf);
                        if (r < 0) eofIn = true; else inf.setInput(buf, 0, r);
                    }
                }
            } catch (DataFormatException e) {
                throw new IOException("zip member " + name + " is corrupt: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            inf.end();
        }
    }

    /** Caps output at the declared size and checks the CRC when the end is reached. */
    private static final class CheckedStream extends FilterInputStream {
        private final Entry e;
        private final CRC32 crc = new CRC32();
        private long count;

        CheckedStream(InputStream in, Entry e) {
            super(in);
            this.e = e;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                if (count != e.size()) throw new EOFException("zip member " + e.name() + " is truncated: " + count + " of " + e.size() + " bytes");
                if (crc.getValue() != e.crc()) throw new IOException("zip member " + e.name() + " is corrupt (CRC mismatch)");
                return -1;
            }
            count += n;
            if (count > e.size()) throw new IOException("zip member " + e.name() + " inflates beyond its declared " + e.size() + " bytes: refused");
            crc.update(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] tmp = new byte[8192];
            long done = 0;
            while (done < n) {
                int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
                if (r < 0) break;
                done += r;
            }
            return done;
        }
    }

    /** Adapts a channel-positioned stream for callers that want a channel. */
    static java.nio.channels.ReadableByteChannel channelOf(InputStream in) {
        return Channels.newChannel(in);
    }
}
