package dev.vitrine.compare;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Sniff;
import dev.vitrine.preview.image.ImageContent;
import dev.vitrine.preview.image.ImageReaderPlugin;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Two images compared pixel by pixel, toolkit-free. Both are decoded through the image preview
 * readers at a bounded size (at most {@link #MAX_SIDE} pixels a side, subsampled like the viewer
 * does), so memory is bounded whatever the files' sizes. When the displayed sizes differ, B is
 * scaled (bilinear) to A's decoded size and {@link #scaled()} says so.
 *
 * <p>Pixels are 8-bit sRGB(A) as shown. {@link #difference()} is |A−B| per channel as opaque ARGB
 * (alpha 255); the statistics are over R, G, B and A. Immutable; computed by {@link #of}, which blocks.
 *
 * @param widthA    A's displayed width (after EXIF orientation), full resolution
 * @param width     the compared width (A's decoded width)
 * @param scaled    whether B was resized to A's size before comparing
 * @param subsampled whether the comparison ran on a subsampled decode (the images exceed MAX_SIDE)
 * @param argbA     A's compared pixels, ARGB, row-major, width x height
 * @param argbB     B's compared pixels (scaled when {@code scaled}), ARGB
 * @param difference |A−B| per channel as ARGB with alpha 255
 * @param channels  R, G, B, A statistics
 * @param differingPixels pixels where any channel differs
 * @param psnr      peak signal-to-noise ratio over R, G, B in dB, null when identical (infinite)
 */
public record ImageDiff(String formatA, String formatB, int widthA, int heightA, int widthB, int heightB,
                        int width, int height, boolean scaled, boolean subsampled,
                        int[] argbA, int[] argbB, int[] difference, List<Channel> channels,
                        long differingPixels, Double psnr) {

    /** The longest side decoded for a comparison. */
    public static final int MAX_SIDE = 2048;

    /** Per-channel statistics of |A−B| in 0..255 levels. */
    public record Channel(String name, double meanAbsDiff, int maxAbsDiff) {}

    public long pixelCount() {
        return (long) width * height;
    }

    public double fractionDiffering() {
        return pixelCount() == 0 ? 0 : differingPixels / (double) pixelCount();
    }

    public boolean identical() {
        return differingPixels == 0;
    }

    /** A sentence saying how the images were brought to one size, or null when they already were. */
    public String note() {
        if (scaled) {
            return String.format("Sizes differ (%d x %d vs %d x %d): B was scaled to %d x %d before comparing",
                    widthA, heightA, widthB, heightB, width, height);
        }
        if (subsampled) return String.format("Compared at %d x %d (subsampled from %d x %d)", width, height, widthA, heightA);
        return null;
    }

    /** The difference image with each channel multiplied by {@code gain} (clamped), to make small differences visible. */
    public int[] differenceAmplified(double gain) {
        int[] out = new int[difference.length];
        for (int i = 0; i < out.length; i++) {
            int d = difference[i];
            int r = (int) Math.min(255, ((d >> 16) & 0xff) * gain);
            int g = (int) Math.min(255, ((d >> 8) & 0xff) * gain);
            int b = (int) Math.min(255, (d & 0xff) * gain);
            out[i] = 0xff000000 | (r << 16) | (g << 8) | b;
        }
        return out;
    }

    /** Opens an image file through the preview readers; null when the file is not an image (by magic bytes). */
    public static ImageContent openImage(Path p) throws PreviewException {
        ImageReaderPlugin reader = new ImageReaderPlugin();
        Sniff s;
        try {
            s = Sniff.of(p);
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + p.getFileName() + ": " + e.getMessage(), e);
        }
        if (reader.score(s) < 100) return null;
        PreviewContent c = reader.open(s);
        return (ImageContent) c;
    }

    /** Whether the file's first bytes are those of an image format the viewer decodes. */
    public static boolean isImage(Path p) {
        try {
            return new ImageReaderPlugin().score(Sniff.of(p)) >= 100;
        } catch (IOException e) {
            return false;
        }
    }

    /** Compares two image files (first frame of each). Blocks. */
    public static ImageDiff of(Path a, Path b) throws PreviewException {
        ImageContent ia = openImage(a);
        if (ia == null) throw new PreviewException(a.getFileName() + " is not an image");
        ImageContent ib = openImage(b);
        if (ib == null) throw new PreviewException(b.getFileName() + " is not an image");
        return of(ia, ib);
    }

    /** Compares two opened images (first frame of each). Blocks. */
    public static ImageDiff of(ImageContent a, ImageContent b) throws PreviewException {
        BufferedImage da = a.decode(0, MAX_SIDE, MAX_SIDE);
        BufferedImage db = b.decode(0, MAX_SIDE, MAX_SIDE);
        int w = da.getWidth(), h = da.getHeight();
        boolean scaled = a.displayWidth() != b.displayWidth() || a.displayHeight() != b.displayHeight();
        if (db.getWidth() != w || db.getHeight() != h) db = resize(db, w, h);
        int[] pa = da.getRGB(0, 0, w, h, null, 0, w);
        int[] pb = db.getRGB(0, 0, w, h, null, 0, w);
        int[] diff = new int[pa.length];
        long[] sum = new long[4];
        int[] max = new int[4];
        long differing = 0;
        double sq = 0;
        for (int i = 0; i < pa.length; i++) {
            int x = pa[i], y = pb[i];
            int dr = Math.abs(((x >> 16) & 0xff) - ((y >> 16) & 0xff));
            int dg = Math.abs(((x >> 8) & 0xff) - ((y >> 8) & 0xff));
            int db2 = Math.abs((x & 0xff) - (y & 0xff));
            int da2 = Math.abs((x >>> 24) - (y >>> 24));
            sum[0] += dr;
            sum[1] += dg;
            sum[2] += db2;
            sum[3] += da2;
            if (dr > max[0]) max[0] = dr;
            if (dg > max[1]) max[1] = dg;
            if (db2 > max[2]) max[2] = db2;
            if (da2 > max[3]) max[3] = da2;
            if ((dr | dg | db2 | da2) != 0) differing++;
            sq += (double) dr * dr + (double) dg * dg + (double) db2 * db2;
            diff[i] = 0xff000000 | (dr << 16) | (dg << 8) | db2;
        }
        double n = Math.max(1, pa.length);
        String[] names = {"R", "G", "B", "A"};
        Channel[] ch = new Channel[4];
        for (int k = 0; k < 4; k++) ch[k] = new Channel(names[k], sum[k] / n, max[k]);
        double mse = sq / (3 * n);
        Double psnr = mse == 0 ? null : 10 * Math.log10(255.0 * 255.0 / mse);
        boolean subsampled = w != a.displayWidth() || h != a.displayHeight();
        return new ImageDiff(a.format(), b.format(), a.displayWidth(), a.displayHeight(), b.displayWidth(), b.displayHeight(),
                w, h, scaled, subsampled, pa, pb, diff, List.of(ch), differing, psnr);
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
