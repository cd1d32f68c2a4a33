package dev.vitrine.preview.image;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;

/**
 * Images by magic bytes (PNG, JPEG, GIF, BMP, TIFF, WebP), decoded through ImageIO with the
 * TwelveMonkeys plugins (CMYK JPEG, TIFF, WebP). Named by extension only as a tie-breaker.
 */
public final class ImageReaderPlugin implements PreviewReader {

    @Override
    public int score(Sniff s) {
        if (format(s) != null) return 100;
        if (s.hasExtension(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")) return 40;
        return "image".equals(s.artifactType()) ? 30 : 0;
    }

    /** The format the magic bytes say, or null. */
    static String format(Sniff s) {
        if (s.startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G')) return "png";
        if (s.startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF)) return "jpeg";
        if (s.startsWith("GIF87a") || s.startsWith("GIF89a")) return "gif";
        if (s.startsWith("BM") && s.size() > 26) return "bmp";
        if (s.startsWith("II*\0") || s.startsWith("MM\0*")) return "tiff";
        if (s.startsWith("RIFF") && s.head().length >= 12 && new String(s.head(), 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("WEBP")) return "webp";
        return null;
    }

    @Override
    public PreviewContent open(Sniff s) throws PreviewException {
        String f = format(s);
        if (f == null) throw new PreviewException(s.fileName() + " is not an image this viewer knows (no PNG/JPEG/GIF/BMP/TIFF/WebP signature)");
        return ImageContent.open(s.file(), f);
    }
}
