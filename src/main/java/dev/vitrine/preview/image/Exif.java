package dev.vitrine.preview.image;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the EXIF orientation tag (0x0112) from a JPEG's APP1 segment; 1 when absent or unreadable. */
final class Exif {
    private Exif() {}

    static int orientation(Path jpeg) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(jpeg)))) {
            if (in.readUnsignedShort() != 0xFFD8) return 1;
            for (int seg = 0; seg < 32; seg++) {
                int marker = in.readUnsignedShort();
                if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA) return 1;
                int len = in.readUnsignedShort() - 2;
                if (len < 0) return 1;
                if (marker == 0xFFE1 && len > 14) {
                    byte[] data = in.readNBytes(Math.min(len, 1 << 16));
                    return fromApp1(data);
                }
                skip(in, len);
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
        return 1;
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) throw new IOException("short");
            n -= k;
        }
    }

    static int fromApp1(byte[] d) {
        if (!(d[0] == 'E' && d[1] == 'x' && d[2] == 'i' && d[3] == 'f')) return 1;
        ByteBuffer b = ByteBuffer.wrap(d, 6, d.length - 6).slice();
        b.order(b.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = b.getInt(4);
        int n = b.getShort(ifd) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd + 2 + i * 12;
            if ((b.getShort(e) & 0xffff) == 0x0112) {
                int v = b.getShort(e + 8) & 0xffff;
                return v >= 1 && v <= 8 ? v : 1;
            }
        }
        return 1;
    }
}
