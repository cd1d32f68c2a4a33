package dev.vitrine.preview.array;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An .npz: the members are listed from the zip directory alone. Stored members are memory-mapped in
 * place; deflated members up to {@link #HEAP_CAP} are inflated into the heap, larger ones into a
 * temporary file that is mapped and deleted at once where the OS allows it (else when the array is
 * closed, or at exit; never into the heap); their summary is computed
 * by streaming. The declared sizes are checked before anything is inflated. Close it.
 * Thread-safe.
 */
public final class NpzFile implements AutoCloseable {

    /** Deflated members up to this many bytes are inflated into the heap. */
    public static final long HEAP_CAP = 32L << 20;

    /** One array of the archive. */
    public record Member(String key, ZipIndex.Entry entry) {}

    private final Path path;
    private final ZipIndex zip;
    private final List<Member> members;

    private NpzFile(Path path, ZipIndex zip) {
        this.path = path;
        this.zip = zip;
        List<Member> m = new ArrayList<>();
        for (ZipIndex.Entry e : zip.entries()) {
            if (e.name().endsWith("/")) continue;
            String key = e.name().endsWith(".npy") ? e.name().substring(0, e.name().length() - 4) : e.name();
            m.add(new Member(key, e));
        }
        this.members = List.copyOf(m);
    }

    public static NpzFile open(Path path) throws ArrayFormatException {
        try {
            return new NpzFile(path, ZipIndex.open(path));
        } catch (IOException e) {
            throw new ArrayFormatException("Cannot read " + path.getFileName() + " as .npz: " + e.getMessage(), e);
        }
    }

    public Path path() { return path; }

    public List<Member> members() { return members; }

    public List<String> keys() {
        return members.stream().map(Member::key).toList();
    }

    public Member member(String key) throws ArrayFormatException {
        for (Member m : members) if (m.key().equals(key)) return m;
        throw new ArrayFormatException("No array '" + key + "' in " + path.getFileName());
    }

    /** The member's .npy header, read from its first bytes. */
    public NpyHeader header(String key) throws ArrayFormatException {
        Member m = member(key);
        try (InputStream in = zip.open(m.entry())) {
            NpyHeader h = NpyFile.readHeader(in, m.entry().name());
            NpyFile.refuseObjects(h, m.entry().name());
            h.checkAvailable(m.entry().size() - h.dataOffset(), "the member " + m.entry().name());
            return h;
        } catch (IOException e) {
            throw new ArrayFormatException("Cannot read " + m.entry().name() + " in " + path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Opens one array for viewing (mapped, or inflated as the class comment says). */
    public NdArray array(String key) throws ArrayFormatException {
        Member m = member(key);
        NpyHeader h = header(key);
        ZipIndex.Entry e = m.entry();
        try {
            if (e.stored()) {
                long start = zip.dataOffset(e) + h.dataOffset();
                return new NdArray(key, h, Elements.map(zip.channel(), start, h.count(), h.dtype()), null);
            }
            long payload = h.dataBytes();
            if (payload <= HEAP_CAP) {
                ByteBuffer buf = ByteBuffer.allocate((int) payload);
                try (InputStream in = zip.open(e)) {
                    in.skipNBytes(h.dataOffset());
                    int n = in.readNBytes(buf.array(), 0, (int) payload);
                    if (n < payload) throw new ArrayFormatException(e.name() + " is truncated");
                    in.transferTo(OutputStream.nullOutputStream()); // reach the end: CRC check
                }
                return NpyFile.fromBuffer(key, h, buf);
            }
            Path tmp = Files.createTempFile("vitrine-npz-", ".bin");
            boolean mapped = false;
            try {
                if (Files.getFileStore(tmp).getUsableSpace() < payload + (64L << 20)) {
                    throw new ArrayFormatException(e.name() + " inflates to " + NpyHeader.humanBytes(e.size()) + ": not enough free disk space to view it");
                }
                try (InputStream in = zip.open(e); OutputStream out = Files.newOutputStream(tmp)) {
                    in.skipNBytes(h.dataOffset());
                    in.transferTo(out);
                }
                NdArray array;
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
                    h.checkAvailable(ch.size(), "the member " + e.name());
                    array = new NdArray(key, h, Elements.map(ch, 0, h.count(), h.dtype()), () -> deleteTemp(tmp));
                }
                mapped = true;
                deleteTemp(tmp); // POSIX: gone now, the mapping stays valid; Windows refuses while mapped: at close, else at exit
                return array;
            } finally {
                if (!mapped) deleteTemp(tmp);
            }
        } catch (IOException ex) {
            throw new ArrayFormatException("Cannot read " + e.name() + " in " + path.getFileName() + ": " + ex.getMessage(), ex);
        }
    }

    /** Deletes an inflated member's temp file, or leaves it to the JVM's exit when the OS refuses (a live mapping on Windows). */
    private static void deleteTemp(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException refused) {
            tmp.toFile().deleteOnExit();
        }
    }

    /** Summary of one array: mapped members in parallel, deflated ones streamed. */
    public ArrayStats summary(String key) throws ArrayFormatException {
        Member m = member(key);
        NpyHeader h = header(key);
        if (m.entry().stored() || h.dataBytes() <= HEAP_CAP || !h.dtype().isNumeric()) {
            try (NdArray a = array(key)) {
                return a.summary();
            }
        }
        return streamSummary(m.entry(), h);
    }

    private ArrayStats streamSummary(ZipIndex.Entry e, NpyHeader h) throws ArrayFormatException {
        int item = h.dtype().itemSize();
        int chunkItems = ArrayStats.BLOCK * 16;
        byte[] chunk = new byte[chunkItems * item];
        double[] buf = new double[ArrayStats.BLOCK];
        double[] im = h.dtype().num().isComplex() ? new double[ArrayStats.BLOCK] : null;
        ArrayStats s = new ArrayStats();
        long left = h.count();
        try (InputStream in = zip.open(e)) {
            in.skipNBytes(h.dataOffset());
            while (left > 0) {
                int want = (int) Math.min(chunkItems, left);
                int n = in.readNBytes(chunk, 0, want * item);
                if (n < want * item) throw new ArrayFormatException(e.name() + " is truncated");
                Elements el = Elements.wrap(ByteBuffer.wrap(chunk, 0, n), want, h.dtype());
                for (int i = 0; i < want; i += ArrayStats.BLOCK) {
                    int k = Math.min(ArrayStats.BLOCK, want - i);
                    el.readDoubles(i, buf, 0, k);
                    if (im != null) el.readImag(i, im, 0, k);
                    s.accept(buf, im, k);
                }
                left -= want;
            }
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ex) {
            throw new ArrayFormatException("Cannot read " + e.name() + " in " + path.getFileName() + ": " + ex.getMessage(), ex);
        }
        return s;
    }

    @Override
    public void close() {
        zip.close();
    }
}
