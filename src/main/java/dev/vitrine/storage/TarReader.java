package dev.vitrine.storage;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A streaming reader of tar archives (ustar, GNU, pax) that reads members as Python's
 * {@code tarfile} does, to unpack {@code .tgz} artifacts like the SDK's
 * {@code get_local_copy(extract_archive=True)}. Parsing is commons-compress's
 * {@link TarArchiveInputStream} (pax {@code path}/{@code linkpath}/{@code size} overrides, global
 * headers, GNU long names and links, GNU and pax 0.0/0.1/1.0 sparse members, which read as the
 * expanded file); this class only keeps tarfile's view of names and the extraction rules.
 */
final class TarReader {

    /**
     * One member as tarfile lists it: name without a trailing slash, the type flag ({@code '0'}
     * for regular and expanded sparse files, {@code '1'} hard link, {@code '2'} symlink,
     * {@code '5'} folder, ...), the size of its content and, for links, the target.
     */
    record Entry(String name, char type, long size, String linkName) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5';
        }

        boolean isHardLink() {
            return type == '1';
        }
    }

    /** Holes a sparse member may expand, whatever its data: a GB of zeros is plausible, a TB from a 148-byte archive is not. */
    static final long MAX_SPARSE_HOLES = 1L << 30;

    /** The holes allowed for a sparse member holding {@code stored} bytes of data. */
    static long maxSparseHoles(long stored) {
        return Math.max(MAX_SPARSE_HOLES, 100 * Math.max(0, stored));
    }

    private final TarArchiveInputStream in;

    TarReader(InputStream in) {
        // UTF-8 names as tarfile's default encoding; pax names are UTF-8 by definition
        this.in = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    }

    /** The next member, or null at the end. Skips whatever is left of the previous one. */
    Entry next() throws IOException {
        TarArchiveEntry e;
        try {
            e = in.getNextEntry();
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | IndexOutOfBoundsException bad) {
            // commons-compress reports some malformed headers (numbers, sparse maps) unchecked
            throw new IOException("bad tar header: " + bad.getMessage(), bad);
        }
        if (e == null) return null;
        char type = e.isSparse() ? '0' : (char) e.getLinkFlag();
        long size = e.isSparse() ? e.getRealSize() : e.getSize();
        if (e.isSparse() && size - e.getSize() > maxSparseHoles(e.getSize())) {
            // a few hundred bytes can declare terabytes of holes, which extraction writes out as zeros
            throw new IOException("tar member " + e.getName() + " is a sparse file that would expand to " + (size >> 20) + " MB from "
                    + e.getSize() + " bytes stored: refused (holes of at most " + (MAX_SPARSE_HOLES >> 20) + " MB or 100 times the data)");
        }
        String link = e.getLinkName();
        return new Entry(stripSlash(e.getName()), type, size, link == null || link.isEmpty() ? null : link);
    }

    /** The current member's content (sparse members expanded); reads at most its size. */
    InputStream body() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }
        };
    }

    /**
     * Extracts a tar stream into {@code into} as tarfile's {@code extractall} would, with its
     * safety rules: folders and files whose names stay inside {@code into}; a hard link becomes a
     * copy of the earlier member it names (tarfile's fallback, and the only form that cannot alias
     * a file outside); symlinks, devices and fifos are skipped, so nothing written can point out
     * of the folder. Names that would leave it are skipped.
     */
    static void extract(InputStream stream, Path into, Cancellation c) throws IOException {
        TarReader tar = new TarReader(stream);
        Entry e;
        while ((e = tar.next()) != null) {
            c.throwIfCancelled("archive");
            Path out = ArchiveExtraction.inside(into, e.name());
            if (out == null) continue;
            if (e.isDirectory()) {
                Files.createDirectories(out);
            } else if (e.isFile()) {
                Files.createDirectories(out.getParent());
                long written;
                try (OutputStream os = Files.newOutputStream(out)) {
                    written = copy(tar.body(), os, c);
                }
                if (written != e.size()) throw new IOException("the archive ends inside " + e.name() + " (" + written + " of " + e.size() + " bytes)");
            } else if (e.isHardLink() && e.linkName() != null) {
                Path from = ArchiveExtraction.inside(into, stripSlash(e.linkName()));
                if (from != null && !from.equals(out) && Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(out.getParent());
                    Files.copy(from, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, Cancellation c) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            total += n;
            c.throwIfCancelled("archive");
        }
        return total;
    }

    private static String stripSlash(String s) {
        int end = s.length();
        while (end > 1 && s.charAt(end - 1) == '/') end--;
        return s.substring(0, end);
    }
}
