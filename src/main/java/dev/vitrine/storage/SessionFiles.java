package dev.vitrine.storage;

import dev.vitrine.workspace.Location;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Local copies of files that are already on this machine: a local file is used in place; a member
 * of a zipped offline session is extracted once under {@code root}, keyed by the zip's path, size
 * and modification time, written to a temporary name and renamed when complete.
 * Remote locations are not this class's business.
 */
public final class SessionFiles implements LocalCopies {

    private final Path root;

    public SessionFiles(Path root) {
        this.root = root;
    }

    @Override
    public Path localCopy(Location location, String expectedSha256) {
        if (location instanceof Location.LocalFile f) {
            if (!Files.isRegularFile(f.path())) throw new StorageException("File not found: " + f.path());
            return f.path();
        }
        if (location instanceof Location.ZipMember m) return extract(m, expectedSha256);
        if (location instanceof Location.OutsideSession o) {
            throw new StorageException("The file is outside its offline session (" + o.path() + "): open it explicitly to read it");
        }
        if (location instanceof Location.Missing m) throw new StorageException(m.reason());
        throw new StorageException("Not a local file: " + ((Location.Remote) location).uri());
    }

    private Path extract(Location.ZipMember m, String expectedSha256) {
        try {
            String key = sha1(m.zip().toAbsolutePath() + "|" + Files.size(m.zip()) + "|" + Files.getLastModifiedTime(m.zip()).toMillis());
            Path dir = root.resolve(key);
            String name = m.member().substring(m.member().lastIndexOf('/') + 1);
            Path target = dir.resolve(sha1(m.member()).substring(0, 12)).resolve(name).normalize();
            if (!target.startsWith(dir)) throw new StorageException("Refused member name: " + m.member());
            if (Files.isRegularFile(target) && Files.size(target) == m.size()) return target;
            Files.createDirectories(target.getParent());
            try (ZipFile zf = new ZipFile(m.zip().toFile())) {
                ZipEntry e = zf.getEntry(m.member());
                if (e == null) throw new StorageException("Missing from " + m.zip().getFileName() + ": " + m.member());
                Path tmp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
                try {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    try (InputStream in = zf.getInputStream(e); var out = Files.newOutputStream(tmp)) {
                        byte[] buf = new byte[1 << 16];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            if (Thread.currentThread().isInterrupted()) throw new StorageException("Cancelled");
                            md.update(buf, 0, n);
                            out.write(buf, 0, n);
                        }
                    }
                    String actual = HexFormat.of().formatHex(md.digest());
                    if (expectedSha256 != null && !expectedSha256.isBlank() && !expectedSha256.equalsIgnoreCase(actual)) {
                        throw new StorageException("Checksum mismatch for " + name + ": expected " + expectedSha256 + ", got " + actual);
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return target;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new StorageException("Cannot extract " + m.member() + " from " + m.zip().getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
