package dev.vitrine.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a cached {@code .zip}, {@code .tgz} or {@code .tar.gz} beside it, as the SDK's
 * {@code get_local_copy(extract_archive=True)} does (STORAGE.md 6.4), reading tar with
 * {@link TarReader}. The folder is published complete or not at all: members go to a temporary
 * folder beside the target, which is renamed into place only once the whole archive was read to
 * its end, every member had all its bytes and nothing was left unread after the end marker. The
 * SDK reuses an existing folder without looking inside, so publishing a half extraction would
 * serve it forever. Member names that would leave the folder, links and devices are skipped.
 */
final class ArchiveExtraction {

    private ArchiveExtraction() {}

    /** The extracted folder; a non-archive file is returned unchanged; an existing folder is touched and reused. */
    static Path extract(Path archive, String artifactName, Cancellation cancel) {
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        Path target = SdkCacheLayout.extractionFolder(archive, artifactName);
        if (target == null) return archive;
        String fileName = archive.getFileName().toString();
        try {
            if (Files.isDirectory(target)) {
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return target;
            }
            Path tmp = target.resolveSibling(target.getFileName() + "_" + System.currentTimeMillis() + "_" + ThreadLocalRandom.current().nextInt(100000, 999999));
            Files.createDirectories(tmp);
            try {
                if (fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) unzip(archive, tmp, c);
                else untar(archive, tmp, c);
                c.throwIfCancelled(fileName);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    if (!Files.isDirectory(target)) throw e;
                } catch (IOException e) {
                    if (!Files.isDirectory(target)) throw e; // a non-empty target: another process got there first
                }
            } finally {
                if (Files.exists(tmp)) CacheEviction.deleteTree(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.OTHER, "Cannot unpack " + fileName + ": " + ResumingDownload.describe(e), e);
        }
    }

    private static void unzip(Path zip, Path into, Cancellation c) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            var en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                c.throwIfCancelled(zip.getFileName().toString());
                Path out = inside(into, e.getName());
                if (out == null) continue;
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zf.getInputStream(e)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void untar(Path tgz, Path into, Cancellation c) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            TarReader.extract(in, into, c);
            // past the end marker only zero padding may follow: anything else means the reader stopped early
            byte[] rest = new byte[1 << 16];
            int n;
            while ((n = in.read(rest)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (rest[i] != 0) throw new IOException("the archive could not be read to its end (data after the end marker)");
                }
            }
        }
    }

    /** {@code root/name} when it stays inside {@code root}; null for names that would leave it. */
    static Path inside(Path root, String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) return null;
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || (n.length() > 1 && n.charAt(1) == ':')) return null;
        try {
            Path p = root.resolve(n).normalize();
            return p.startsWith(root) && !p.equals(root) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
