package dev.vitrine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes server settings as a clearml.conf the SDK reads too (CONFIG.md 6), readable by the owner
 * only (0600 from the moment it exists), never replacing a file silently.
 */
public final class ConfigWriter {

    private ConfigWriter() {}

    /** The clearml.conf text for the settings: the same layout clearml-init writes. */
    public static String render(ServerSettings s) {
        ServerSettings r = s.resolved();
        return "# Written by Vitrine; the ClearML SDK reads this file too.\n"
                + "api {\n"
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
     * Writes the file atomically.
     *
     * @param replace when false an existing file is an error; when true the old file is kept beside
     *                it as {@code NAME.bak-<time>} before the new one takes its place
     * @return the backup of the replaced file, or null
     * @throws ConfigException when the file exists and {@code replace} is false, or on I/O failure
     */
    public static Path write(Path target, ServerSettings settings, boolean replace) {
        String text = render(settings);
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path backup = null;
            if (Files.exists(target)) {
                if (!replace) throw new ConfigException(target + " already exists: choose another name or confirm replacing it");
                backup = target.resolveSibling(target.getFileName() + ".bak-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Path tmp = createPrivate(dir, "." + target.getFileName() + ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                if (replace) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException e) {
                        throw new ConfigException(target + " already exists: choose another name or confirm replacing it");
                    }
                }
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
