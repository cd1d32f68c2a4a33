package dev.vitrine.preview;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a reader may use to decide whether it can read a file: the first bytes, the name, and the
 * artifact's recorded type and content type. Magic bytes win over names: the SDK writes gzip CSV
 * under a {@code .parquet} or {@code .feather} name when pyarrow is missing.
 *
 * @param fileName     the name to judge extensions by (the artifact's stored file name), never null
 * @param artifactType the artifact's {@code type} ("pandas", "numpy", ...), or null for a plain file
 * @param contentType  the artifact's {@code type_data.content_type}, or null
 */
public record Sniff(Path file, String fileName, long size, byte[] head, String artifactType, String contentType) {

    public static final int HEAD_BYTES = 4096;

    public static Sniff of(Path file) throws IOException {
        return of(file, file.getFileName().toString(), null, null);
    }

    public static Sniff of(Path file, String fileName, String artifactType, String contentType) throws IOException {
        long size = Files.size(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        return new Sniff(file, fileName == null ? file.getFileName().toString() : fileName, size, head, artifactType, contentType);
    }

    public boolean startsWith(byte... magic) {
        if (head.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (head[i] != magic[i]) return false;
        return true;
    }

    public boolean startsWith(String asciiMagic) {
        return startsWith(asciiMagic.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The lower-cased name, for extension checks ({@code endsWith(".csv.gz")}). */
    public String lowerName() {
        return fileName.toLowerCase(Locale.ROOT);
    }

    public boolean hasExtension(String... extensions) {
        String n = lowerName();
        for (String e : extensions) if (n.endsWith(e)) return true;
        return false;
    }

    public boolean isGzip() {
        return startsWith((byte) 0x1f, (byte) 0x8b);
    }

    public boolean isZip() {
        return startsWith((byte) 'P', (byte) 'K', (byte) 3, (byte) 4) || startsWith((byte) 'P', (byte) 'K', (byte) 5, (byte) 6);
    }
}
