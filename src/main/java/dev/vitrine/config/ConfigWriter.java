package dev.vitrine.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes server settings as a clearml.conf the SDK reads too (CONFIG.md 6): a new file readable by
 * the owner only (0600 from the moment it exists); an existing one edited in its {@code api}
 * settings only, never replaced silently.
 */
public final class ConfigWriter {

    private ConfigWriter() {}

    /** The clearml.conf text for the settings: the same layout clearml-init writes. */
    public static String render(ServerSettings s) {
        return "# Written by Vitrine; the ClearML SDK reads this file too.\n" + renderApi(s);
    }

    /** The {@code api} block alone. */
    static String renderApi(ServerSettings s) {
        ServerSettings r = s.resolved();
        return "api {\n"
                + "  web_server: " + quote(r.webServer()) + "\n"
                + "  api_server: " + quote(r.apiServer()) + "\n"
                + "  files_server: " + quote(r.filesServer()) + "\n"
                + "  credentials {\n"
                + "    \"access_key\" = " + quote(r.credentials().accessKey()) + "\n"
                + "    \"secret_key\" = " + quote(r.credentials().secretKey()) + "\n"
                + "  }\n"
                + "  verify_certificate: " + r.verifyCertificate() + "\n"
                + "}\n";
    }

    /**
     * Writes the file atomically (written beside it, flushed to disk, then renamed over it).
     * Replacing an existing file edits only its {@code api} settings and keeps every other byte,
     * its mode and its owner: a clearml.conf also holds the SDK's storage credentials, path
     * substitutions and cache settings, which must survive a change of server.
     *
     * @param replace when false an existing file is an error; when true the old file is kept beside
     *                it as {@code NAME.bak-<time>} before the new one takes its place
     * @return the backup of the replaced file, or null
     * @throws ConfigException when the file exists and {@code replace} is false, when it cannot be
     *                         followed as HOCON (then it is left untouched), or on I/O failure
     */
    public static Path write(Path target, ServerSettings settings, boolean replace) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path backup = null;
            String text = render(settings);
            boolean exists = Files.exists(target);
            if (exists) {
                if (!replace) throw new ConfigException(target + " already exists: choose another name or confirm replacing it");
                text = ConfEditor.apply(Files.readString(target, StandardCharsets.UTF_8), settings);
                backup = target.resolveSibling(target.getFileName() + ".bak-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            }
            Path tmp = createPrivate(dir, "." + target.getFileName() + ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (b.hasRemaining()) ch.write(b);
                    ch.force(true);
                }
                if (exists) dev.vitrine.fs.Durable.keepModeAndOwner(target, tmp);
                if (replace) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException e) {
                        throw new ConfigException(target + " already exists: choose another name or confirm replacing it");
                    }
                }
                dev.vitrine.fs.Durable.syncFolder(dir);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return backup;
        } catch (IOException e) {
            throw new ConfigException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path createPrivate(Path dir, String prefix) throws IOException {
        try {
            return Files.createTempFile(dir, prefix, "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Path p = Files.createTempFile(dir, prefix, "");
            p.toFile().setReadable(false, false);
            p.toFile().setReadable(true, true);
            p.toFile().setWritable(false, false);
            p.toFile().setWritable(true, true);
            return p;
        }
    }

    static String quote(String s) {
        if (s == null) return "\"\"";
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
