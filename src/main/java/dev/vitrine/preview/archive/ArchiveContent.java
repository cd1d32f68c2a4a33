package dev.vitrine.preview.archive;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip archive: its listing from the central directory, and entries extracted on request into a
 * private temporary folder (deleted on {@link #close()}) so another reader can preview them.
 * Hostile names are flagged and never extracted; an entry is cut off at {@link #maxEntryBytes}
 * whatever size its header declares. Thread-safe; extraction blocks.
 */
public final class ArchiveContent implements PreviewContent {

    public static final long DEFAULT_MAX_ENTRY_BYTES = 1L << 30;

    private final Path file;
    private final List<ArchiveEntry> entries;
    private final Previewers previewers;
    private final long maxEntryBytes;
    private Path tempDir;

    ArchiveContent(Path file, List<ArchiveEntry> entries, Previewers previewers, long maxEntryBytes) {
        this.file = file;
        this.entries = List.copyOf(entries);
        this.previewers = previewers;
        this.maxEntryBytes = maxEntryBytes;
    }

    static ArchiveContent open(Path file, Previewers previewers, long maxEntryBytes) throws PreviewException {
        List<ArchiveEntry> list = new ArrayList<>();
        try (ZipFile zf = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                list.add(new ArchiveEntry(e.getName(), e.getSize(), e.getCompressedSize(), e.isDirectory(), ArchiveEntry.isUnsafe(e.getName()),
                        e.getMethod() == ZipEntry.STORED));
                if (list.size() > 1_000_000) throw new PreviewException(file.getFileName() + " lists more than a million entries: refused");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PreviewException("Cannot read " + file.getFileName() + " as a zip archive: " + e.getMessage(), e);
        }
        return new ArchiveContent(file, list, previewers, maxEntryBytes);
    }

    public Path file() {
        return file;
    }

    public List<ArchiveEntry> entries() {
        return entries;
    }

    @Override
    public String kind() {
        return "archive";
    }

    /**
     * Extracts one entry into this archive's temporary folder and returns its path.
     *
     * @throws PreviewException for an unsafe name, a missing entry, a corrupt entry, or one larger than the cap
     */
    public synchronized Path extract(String name) throws PreviewException {
        ArchiveEntry entry = entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new PreviewException("No entry named " + name));
        if (entry.unsafe()) throw new PreviewException("Refused: the entry name " + name + " would leave the archive's folder");
        if (entry.directory()) throw new PreviewException(name + " is a folder");
        if (entry.size() > maxEntryBytes) throw new PreviewException(name + " is larger than " + (maxEntryBytes >> 20) + " MB once extracted: refused");
        try {
            if (tempDir == null) tempDir = Files.createTempDirectory("vitrine-zip-");
            Path dir = tempDir.resolve(Integer.toString(entries.indexOf(entry)));
            String base = name.substring(name.replace('\\', '/').lastIndexOf('/') + 1);
            if (base.isEmpty() || base.equals(".") || base.equals("..")) base = "entry";
            Path target = dir.resolve(base).normalize();
            if (!target.startsWith(tempDir)) throw new PreviewException("Refused entry name " + name);
            if (Files.isRegularFile(target)) return target;
            Files.createDirectories(dir);
            Path part = dir.resolve(".part");
            try (ZipFile zf = new ZipFile(file.toFile()); InputStream in = zf.getInputStream(zf.getEntry(name));
                 OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    if (total > maxEntryBytes) throw new PreviewException(name + " inflates past " + (maxEntryBytes >> 20) + " MB: refused");
                    if (Thread.currentThread().isInterrupted()) throw new PreviewException("Cancelled");
                    out.write(buf, 0, n);
                }
            } catch (PreviewException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            Files.move(part, target);
            return target;
        } catch (IOException | RuntimeException e) {
            throw new PreviewException("Cannot extract " + name + " from " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Extracts an entry and opens it with the reader that fits it (the caller closes the result). */
    public PreviewContent openEntry(String name) throws PreviewException {
        Path p = extract(name);
        return previewers.open(p, p.getFileName().toString(), null, null);
    }

    @Override
    public Map<String, Object> inspect(int rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "archive");
        List<Object> list = new ArrayList<>();
        for (ArchiveEntry e : entries) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", e.name());
            o.put("size", e.size());
            if (e.unsafe()) o.put("unsafe", true);
            list.add(o);
        }
        m.put("entries", list);
        return m;
    }

    @Override
    public synchronized void close() {
        if (tempDir == null) return;
        try (Stream<Path> s = Files.walk(tempDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is removed by the OS
        }
        tempDir = null;
    }
}
