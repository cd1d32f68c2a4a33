package dev.vitrine.preview.array;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens .npy files as memory-mapped {@link NdArray}s; refuses object arrays and lying headers. */
public final class NpyFile {
    private NpyFile() {}

    /** Reads just the header. */
    public static NpyHeader header(Path file) throws ArrayFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return readHeader(in, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new ArrayFormatException("No such file: " + file);
        } catch (IOException e) {
            throw new ArrayFormatException("Cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a header from the start of a stream, leaving the stream at the payload. */
    static NpyHeader readHeader(InputStream in, String what) throws IOException, ArrayFormatException {
        byte[] prefix = in.readNBytes(NpyHeader.PREFIX);
        if (prefix.length == 0) throw new ArrayFormatException(what + " is empty (0 bytes)");
        long total = NpyHeader.totalHeaderBytes(prefix, prefix.length);
        if (total > NpyHeader.MAX_HEADER + 12) throw new ArrayFormatException("The .npy header of " + what + " is too large");
        byte[] all = new byte[(int) total];
        System.arraycopy(prefix, 0, all, 0, Math.min(prefix.length, all.length));
        int have = Math.min(prefix.length, all.length);
        if (total < prefix.length) {
            throw new ArrayFormatException("Corrupt .npy header in " + what);
        }
        byte[] rest = in.readNBytes((int) total - have);
        System.arraycopy(rest, 0, all, have, rest.length);
        return NpyHeader.parse(all, have + rest.length);
    }

    static void refuseObjects(NpyHeader h, String what) throws ArrayFormatException {
        if (h.dtype().isObject()) {
            throw new ArrayFormatException(what + " holds Python objects (dtype object): reading it means unpickling, "
                    + "which can run code, so Vitrine refuses it (numpy too, unless allow_pickle=True)");
        }
    }

    /** Opens {@code file} memory-mapped. */
    public static NdArray open(Path file) throws ArrayFormatException {
        String what = file.getFileName().toString();
        NpyHeader h = header(file);
        refuseObjects(h, what);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            h.checkAvailable(ch.size() - h.dataOffset(), "the file");
            Elements e = Elements.map(ch, h.dataOffset(), h.count(), h.dtype());
            return new NdArray(stem(what), h, e, null);
        } catch (IOException e) {
            throw new ArrayFormatException("Cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** An array whose payload was read into (or mapped as) one buffer. */
    static NdArray fromBuffer(String name, NpyHeader h, ByteBuffer payload) throws ArrayFormatException {
        return new NdArray(name, h, Elements.wrap(payload, h.count(), h.dtype()), null);
    }

    static String stem(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }
}
