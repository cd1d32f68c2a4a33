package dev.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming reader of (ustar/GNU/pax) tar archives, enough to unpack {@code .tgz}
 * artifacts: regular files and folders with their names (GNU long names and pax {@code path}).
 * Links and devices are reported with their type so callers can skip them.
 */
final class TarReader {

    record Entry(String name, char type, long size) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5';
        }
    }

    private final InputStream in;
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end. Skips whatever is left of the previous one. */
    Entry next() throws IOException {
        skipRest();
        String longName = null;
        while (true) {
            byte[] h = in.readNBytes(512);
            if (h.length < 512 || allZero(h)) return null;
            String name = str(h, 0, 100);
            long size = octal(h, 124, 12);
            char type = (char) h[156];
            String magic = str(h, 257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = str(h, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
            }
            remaining = size;
            padding = (512 - size % 512) % 512;
            if (type == 'L') {
                longName = trimNul(new String(readBody(), StandardCharsets.UTF_8));
                continue;
            }
            if (type == 'x') {
                String pax = new String(readBody(), StandardCharsets.UTF_8);
                for (String line : pax.split("\n")) {
                    int sp = line.indexOf(' ');
                    int eq = line.indexOf('=');
                    if (sp > 0 && eq > sp && line.substring(sp + 1, eq).equals("path")) longName = line.substring(eq + 1);
                }
                continue;
            }
            if (type == 'g') {
                readBody();
                continue;
            }
            return new Entry(longName != null ? longName : name, type, size);
        }
    }

    /** The current entry's bytes; reads at most its size. */
    InputStream body() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new IOException("truncated tar archive");
                remaining -= n;
                return n;
            }
        };
    }

    private byte[] readBody() throws IOException {
        if (remaining > (1 << 20)) throw new IOException("tar header too large");
        byte[] b = in.readNBytes((int) remaining);
        remaining = 0;
        return b;
    }

    private void skipRest() throws IOException {
        in.skipNBytes(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String str(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int z = s.indexOf('\0');
        return z < 0 ? s : s.substring(0, z);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        if ((b[off] & 0x80) != 0) { // base-256 for big files
            long v = 0;
            for (int i = off + 1; i < off + len; i++) v = (v << 8) | (b[i] & 0xff);
            return v;
        }
        String s = str(b, off, len).trim();
        if (s.isEmpty()) return 0;
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("bad tar header");
        }
    }
}
