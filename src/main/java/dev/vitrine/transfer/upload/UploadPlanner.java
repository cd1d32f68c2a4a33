package dev.vitrine.transfer.upload;

import dev.vitrine.storage.StorageException;
import dev.vitrine.workspace.SdkNaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Turns a dropped file or folder into what {@code task.upload_artifact(name, path)} would store
 * (ARTIFACTS.md 2.6, 2.7): a file as type {@code custom} under its own name with its MIME type
 * and a {@code "<name> - <size>"} preview; a folder zipped (deflated, sorted, relative POSIX
 * names, regular files only) as type {@code archive} with the file listing as preview.
 * Hash and size are of the stored bytes. Blocks; checks for interruption between files.
 */
public final class UploadPlanner {

    private final Path tempDir;

    public UploadPlanner(Path tempDir) {
        this.tempDir = tempDir;
    }

    /** @param key the artifact name; null means the file or folder name, as {@code vitrine put} defaults it */
    public PreparedUpload prepare(Path source, String key) {
        if (!Files.exists(source)) throw new StorageException("No such file or folder: " + source);
        if (!Files.isReadable(source)) throw new StorageException("Cannot read " + source + " (permission denied)");
        String name = source.getFileName().toString();
        String k = key == null || key.isBlank() ? name : key;
        checkKey(k);
        return Files.isDirectory(source) ? folder(source, k) : file(source, k, name);
    }

    /** A key must not be empty or consist only of dots, which would name no folder of its own in storage. */
    static void checkKey(String key) {
        String r = SdkNaming.r(key);
        if (r.isBlank() || r.chars().allMatch(c -> c == '.')) throw new StorageException("Not a usable artifact name: '" + key + "'");
        if (key.length() > 1024) throw new StorageException("Artifact name too long (" + key.length() + " characters)");
    }

    private PreparedUpload file(Path source, String key, String name) {
        long size;
        String hash;
        try {
            size = Files.size(source);
            hash = sha256(source);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + source + ": " + e.getMessage(), e);
        }
        String preview = name + " - " + SdkNaming.humanSize(size) + "\n";
        return new PreparedUpload(source, source, false, key, "custom", contentType(source), preview, hash, size,
                SdkNaming.singleFileName(name), List.of());
    }

    private PreparedUpload folder(Path dir, String key) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = new ArrayList<>(walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList());
        } catch (IOException e) {
            throw new StorageException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) throw new StorageException("The folder " + dir.getFileName() + " has no files to upload");
        List<String> names = new ArrayList<>();
        for (Path f : files) names.add(dir.relativize(f).toString().replace('\\', '/'));
        java.util.Collections.sort(names);
        StringBuilder preview = new StringBuilder("Archive content " + dir.toAbsolutePath().toString().replace('\\', '/') + "/*:\n");
        Path zip;
        try {
            Files.createDirectories(tempDir);
            zip = Files.createTempFile(tempDir, "upload-", ".zip");
            try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
                z.setLevel(Deflater.DEFAULT_COMPRESSION);
                for (String n : names) {
                    if (Thread.currentThread().isInterrupted()) throw new StorageException("Cancelled");
                    Path f = dir.resolve(n);
                    long size = Files.size(f);
                    z.putNextEntry(new ZipEntry(n));
                    Files.copy(f, z);
                    z.closeEntry();
                    preview.append(n).append(" - ").append(SdkNaming.humanSize(size)).append('\n');
                }
            }
            String storedName = SdkNaming.withExtension(dir.getFileName().toString(), ".zip");
            return new PreparedUpload(dir, zip, true, key, "archive", "application/zip", capPreview(preview.toString()),
                    sha256(zip), Files.size(zip), storedName, List.of());
        } catch (IOException e) {
            throw new StorageException("Cannot zip " + dir + ": " + e.getMessage(), e);
        }
    }

    /** ARTIFACTS.md 2.13: a preview over 64 KiB + 1 KiB is cut to its first 64 KiB characters. */
    static String capPreview(String preview) {
        if (preview.length() <= 65536 + 1024) return preview;
        return "# full preview too large to store, storing first 64kb\n" + preview.substring(0, 65536);
    }

    /** The MIME type Python's {@code mimetypes.guess_type} gives on Linux (from /etc/mime.types), or null. */
    static String contentType(Path file) {
        try {
            String t = Files.probeContentType(file);
            if (t != null) return t;
        } catch (IOException ignored) {
            // fall back to the name table
        }
        return URLConnection.guessContentTypeFromName(file.getFileName().toString());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) > 0) {
                if (Thread.currentThread().isInterrupted()) throw new StorageException("Cancelled");
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
