package dev.vitrine.preview.image;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An image file, decoded on demand and never whole when it is large: the header gives the size
 * (checked against {@link #MAX_PIXELS} before anything is decoded), {@link #decode} reads a
 * subsampled copy no bigger than asked, {@link #region} reads part of the image at full
 * resolution for zooming in, {@link #pixel} reads one pixel in the file's own units (a palette
 * index, a 16-bit level, a float).
 *
 * <p>Each call opens its own ImageIO reader, so the object is thread-safe; calls block.
 */
public final class ImageContent implements PreviewContent {

    /** Pillow's refusal threshold (2 x MAX_IMAGE_PIXELS): above it a file is treated as a decompression bomb. */
    public static final long MAX_PIXELS = 178_956_970L;

    private final Path file;
    private final String format;
    private final int width, height, frames, channels, bitDepth, orientation;
    /** An APNG's chunk layout, read on the first request for a frame after the default image. */
    private volatile Apng apng;
    private final boolean palette;
    private final String sampleType;
    private final String readerClass;

    private ImageContent(Path file, String format, int width, int height, int frames, int channels, int bitDepth,
                         boolean palette, String sampleType, int orientation, String readerClass) {
        this.readerClass = readerClass;
        this.file = file;
        this.format = format;
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.channels = channels;
        this.bitDepth = bitDepth;
        this.palette = palette;
        this.sampleType = sampleType;
        this.orientation = orientation;
    }

    static ImageContent open(Path file, String format) throws PreviewException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = reader(in, file, null);
            try {
                r.setInput(in, false, true);
                int w = r.getWidth(0), h = r.getHeight(0);
                if (w <= 0 || h <= 0) throw new PreviewException(file.getFileName() + ": the header declares an empty image");
                if ((long) w * h > MAX_PIXELS) {
                    throw new PreviewException(String.format("%s declares %,d x %,d = %,d pixels, over the %,d-pixel limit: refused as a possible decompression bomb",
                            file.getFileName(), w, h, (long) w * h, MAX_PIXELS));
                }
                int frames = 1;
                if (format.equals("gif") || format.equals("webp") || format.equals("tiff")) {
                    try {
                        frames = Math.max(1, r.getNumImages(true));
                    } catch (IOException | RuntimeException e) {
                        frames = 1;
                    }
                } else if (format.equals("png")) {
                    Apng apng = Apng.read(file); // ImageIO sees only an APNG's default image
                    if (apng != null) frames = apng.frameCount();
                }
                if (!format.equals("png")) {
                    // every frame or page declares its own size: a small first one must not hide a bomb behind it
                    for (int i = 1; i < frames; i++) {
                        long fw = r.getWidth(i), fh = r.getHeight(i);
                        if (fw * fh > MAX_PIXELS) {
                            throw new PreviewException(String.format("%s: frame %d declares %,d x %,d = %,d pixels, over the %,d-pixel limit: refused as a possible decompression bomb",
                                    file.getFileName(), i + 1, fw, fh, fw * fh, MAX_PIXELS));
                        }
                    }
                }
                ImageTypeSpecifier type = r.getRawImageType(0);
                if (type == null) {
                    Iterator<ImageTypeSpecifier> it = r.getImageTypes(0);
                    type = it.hasNext() ? it.next() : null;
                }
                int channels = 3, bits = 8;
                boolean palette = false;
                String sample = "uint8";
                if (type != null) {
                    ColorModel cm = type.getColorModel();
                    palette = cm instanceof IndexColorModel;
                    channels = palette ? 1 : type.getSampleModel().getNumBands();
                    bits = palette ? ((IndexColorModel) cm).getPixelSize() : type.getSampleModel().getSampleSize(0);
                    int dt = type.getSampleModel().getDataType();
                    sample = dt == DataBuffer.TYPE_FLOAT ? "float32" : dt == DataBuffer.TYPE_DOUBLE ? "float64"
                            : dt == DataBuffer.TYPE_USHORT ? "uint16" : dt == DataBuffer.TYPE_SHORT ? "int16" : dt == DataBuffer.TYPE_INT && bits > 16 ? "int32" : "uint8";
                }
                if (format.equals("png")) {
                    // The IHDR is the truth for PNG (ImageIO reports 1-bit grey as a 2-colour palette).
                    int[] ihdr = pngIhdr(file);
                    if (ihdr != null) {
                        bits = ihdr[0];
                        palette = ihdr[1] == 3;
                        channels = switch (ihdr[1]) { case 0, 3 -> 1; case 2 -> 3; case 4 -> 2; case 6 -> 4; default -> channels; };
                    }
                }
                int orientation = format.equals("jpeg") ? Exif.orientation(file) : 1;
                // TwelveMonkeys clamps float TIFF samples to 0..1; the JDK's TIFF reader keeps their values.
                String preferred = format.equals("tiff") && sample.startsWith("float") ? "com.sun.imageio.plugins.tiff.TIFFImageReader" : null;
                return new ImageContent(file, format, w, h, frames, channels, bits, palette, sample, orientation, preferred);
            } finally {
                r.dispose();
            }
        } catch (PreviewException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(file, e);
        }
    }

    private static int[] pngIhdr(Path file) {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            byte[] h = in.readNBytes(26);
            return h.length == 26 ? new int[] {h[24] & 0xff, h[25] & 0xff} : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ImageReader reader(ImageInputStream in, Path file, String preferred) throws PreviewException {
        if (in == null) throw new PreviewException("Cannot open " + file.getFileName());
        Iterator<ImageReader> it = ImageIO.getImageReaders(in);
        if (!it.hasNext()) throw new PreviewException(file.getFileName() + ": no image decoder recognises this file");
        ImageReader first = it.next();
        if (preferred == null || first.getClass().getName().equals(preferred)) return first;
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (r.getClass().getName().equals(preferred)) {
                first.dispose();
                return r;
            }
            r.dispose();
        }
        return first;
    }

    private PreviewException failure(Throwable e) {
        return failure(file, e);
    }

    private static PreviewException failure(Path file, Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.io.EOFException || m.contains("EOF")) m = "the file ends early (truncated)";
        if (e instanceof OutOfMemoryError) m = "not enough memory to decode it";
        return new PreviewException("Cannot decode " + file.getFileName() + ": " + m, e);
    }

    public String format() {
        return format;
    }

    /** Size in the file's own pixel grid (before EXIF orientation). */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Width as displayed, after EXIF orientation. */
    public int displayWidth() {
        return orientation >= 5 ? height : width;
    }

    public int displayHeight() {
        return orientation >= 5 ? width : height;
    }

    public int frames() {
        return frames;
    }

    /** Samples per pixel as stored (1 for palette and grey, 3 RGB, 4 RGBA/CMYK). */
    public int channels() {
        return channels;
    }

    public int bitDepth() {
        return bitDepth;
    }

    public boolean isPalette() {
        return palette;
    }

    /** "uint8", "uint16", "float32", ...: the unit of {@link #pixel}. */
    public String sampleType() {
        return sampleType;
    }

    /** EXIF orientation 1..8 (1 = as stored). */
    public int orientation() {
        return orientation;
    }

    @Override
    public String kind() {
        return "image";
    }

    /** The subsampling factor that fits the image within {@code maxW x maxH}. */
    public int subsamplingFor(int maxW, int maxH) {
        int dw = displayWidth(), dh = displayHeight();
        int s = (int) Math.ceil(Math.max(dw / (double) Math.max(1, maxW), dh / (double) Math.max(1, maxH)));
        return Math.max(1, s);
    }

    /**
     * Frame {@code frame}, subsampled to fit {@code maxW x maxH} (never upscaled), oriented per EXIF
     * and converted to 8-bit ARGB for display. Memory is bounded by the result's size.
     */
    public BufferedImage decode(int frame, int maxW, int maxH) throws PreviewException {
        int s = subsamplingFor(maxW, maxH);
        return orient(toDisplay(read(frame, null, s)));
    }

    /**
     * A region (in displayed coordinates) at {@code subsampling} (1 = full resolution), for zoom.
     * The caller keeps the region small enough for its screen.
     */
    public BufferedImage region(int frame, int x, int y, int w, int h, int subsampling) throws PreviewException {
        Rectangle src = toSource(new Rectangle(x, y, w, h)).intersection(new Rectangle(0, 0, width, height));
        if (src.isEmpty()) throw new PreviewException("The region is outside the image");
        long px = (long) src.width * src.height / ((long) subsampling * subsampling);
        if (px > 64L << 20) throw new PreviewException("The region is too large to decode at this zoom");
        return orient(toDisplay(read(frame, src, subsampling)));
    }

    /**
     * The stored value of the pixel at displayed coordinates (x, y), one number per channel in the
     * file's own units: a palette index for palette images, 0..65535 for 16-bit, floats for float TIFF.
     */
    public double[] pixel(int frame, int x, int y) throws PreviewException {
        Rectangle r = toSource(new Rectangle(x, y, 1, 1));
        if (r.x < 0 || r.y < 0 || r.x >= width || r.y >= height) throw new PreviewException("Outside the image");
        double[] v;
        if ((long) width * height <= CACHED_PIXELS) {
            // Small enough to keep: hovering reads from memory instead of decoding again.
            v = sourceFrame(frame).getRaster().getPixel(r.x, r.y, (double[]) null);
        } else {
            v = read(frame, r, 1).getRaster().getPixel(0, 0, (double[]) null);
        }
        if (bitDepth == 1 && !palette) for (int i = 0; i < v.length; i++) v[i] *= 255;
        return v;
    }

    /** Images up to this many pixels keep one decoded source frame for the pixel inspector. */
    static final long CACHED_PIXELS = 16L << 20;

    private java.lang.ref.SoftReference<BufferedImage> cachedFrame = new java.lang.ref.SoftReference<>(null);
    private int cachedFrameIndex = -1;

    private synchronized BufferedImage sourceFrame(int frame) throws PreviewException {
        BufferedImage img = cachedFrameIndex == frame ? cachedFrame.get() : null;
        if (img == null) {
            img = read(frame, null, 1);
            cachedFrame = new java.lang.ref.SoftReference<>(img);
            cachedFrameIndex = frame;
        }
        return img;
    }

    /** The pixel at (x, y) as sRGB(A) 0..255, the way it is shown. */
    public int[] rgb(int frame, int x, int y) throws PreviewException {
        Rectangle r = toSource(new Rectangle(x, y, 1, 1));
        BufferedImage img = toDisplay(read(frame, r, 1));
        int argb = img.getRGB(0, 0);
        return new int[] {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff, (argb >>> 24)};
    }

    private BufferedImage read(int frame, Rectangle region, int subsampling) throws PreviewException {
        if (frame < 0 || frame >= frames) throw new PreviewException("No frame " + frame);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = reader(in, file, readerClass);
            try {
                r.setInput(in, false, false);
                ImageReadParam p = r.getDefaultReadParam();
                if (region != null) p.setSourceRegion(region);
                if (subsampling > 1) p.setSourceSubsampling(subsampling, subsampling, 0, 0);
                if (format.equals("gif") && frame > 0) return gifFrame(r, frame, region, subsampling);
                if (format.equals("png") && frame > 0) return apngFrame(frame, region, subsampling);
                return r.read(frame, p);
            } finally {
                r.dispose();
            }
        } catch (PreviewException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw failure(e);
        }
    }

    /** GIF frames are patches over the previous ones: draw frames 0..n on one canvas at their offsets. */
    private BufferedImage gifFrame(ImageReader r, int frame, Rectangle region, int subsampling) throws IOException {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        try {
            for (int i = 0; i <= frame; i++) {
                BufferedImage part = r.read(i);
                int[] off = gifOffset(r.getImageMetadata(i));
                g.drawImage(part, off[0], off[1], null);
            }
        } finally {
            g.dispose();
        }
        return cropAndShrink(canvas, region, subsampling);
    }

    private BufferedImage apngFrame(int frame, Rectangle region, int subsampling) throws IOException, PreviewException {
        Apng a = apng;
        if (a == null) {
            a = Apng.read(file);
            if (a == null) throw new PreviewException("No frame " + frame + ": the animation chunks of " + file.getFileName() + " are unreadable");
            apng = a;
        }
        return cropAndShrink(a.compose(frame), region, subsampling);
    }

    private static BufferedImage cropAndShrink(BufferedImage canvas, Rectangle region, int subsampling) {
        BufferedImage out = region == null ? canvas : canvas.getSubimage(region.x, region.y, region.width, region.height);
        if (subsampling <= 1) return out;
        int w = Math.max(1, out.getWidth() / subsampling), h = Math.max(1, out.getHeight() / subsampling);
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = small.createGraphics();
        g2.drawImage(out, 0, 0, w, h, null);
        g2.dispose();
        return small;
    }

    private static int[] gifOffset(IIOMetadata md) {
        try {
            org.w3c.dom.Node root = md.getAsTree("javax_imageio_gif_image_1.0");
            for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("ImageDescriptor")) {
                    var a = n.getAttributes();
                    return new int[] {Integer.parseInt(a.getNamedItem("imageLeftPosition").getNodeValue()),
                            Integer.parseInt(a.getNamedItem("imageTopPosition").getNodeValue())};
                }
            }
        } catch (RuntimeException ignored) {
            // no GIF metadata: draw at the origin
        }
        return new int[] {0, 0};
    }

    /**
     * Any decoded image as 8-bit ARGB. Grey images map their raster linearly (ImageIO's grey-to-sRGB
     * conversion would apply a gamma curve); 16-bit samples are scaled by 1/257, float samples
     * stretched between their finite min and max; colour images keep the colour of transparent pixels.
     */
    static BufferedImage toDisplay(BufferedImage img) {
        int type = img.getRaster().getDataBuffer().getDataType();
        int w = img.getWidth(), h = img.getHeight();
        ColorModel cm = img.getColorModel();
        boolean grey = !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        boolean integral = type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_INT || type == DataBuffer.TYPE_USHORT;
        if (!grey && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_INT)) {
            if (img.getType() == BufferedImage.TYPE_INT_ARGB) return img;
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                out.setRGB(0, y, w, 1, row, 0, w);
            }
            return out;
        }
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        double lo, hi;
        if (integral) {
            lo = 0;
            hi = (1L << r.getSampleModel().getSampleSize(0)) - 1;
        } else {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            double[] row = null;
            for (int y = 0; y < h; y++) {
                row = r.getPixels(0, y, w, 1, row);
                for (double v : row) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (!(hi > lo)) hi = lo + 1;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        double[] px = new double[bands];
        double scale = 255.0 / (hi - lo);
        double alphaScale = integral ? scale : 255.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.getPixel(x, y, px);
                int cr, cg, cb, ca = 255;
                if (bands >= 3) {
                    cr = clamp((px[0] - lo) * scale);
                    cg = clamp((px[1] - lo) * scale);
                    cb = clamp((px[2] - lo) * scale);
                    if (bands >= 4) ca = clamp(px[3] * alphaScale);
                } else {
                    cr = cg = cb = clamp((px[0] - lo) * scale);
                    if (bands == 2) ca = clamp(px[1] * alphaScale);
                }
                out.setRGB(x, y, (ca << 24) | (cr << 16) | (cg << 8) | cb);
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) Math.round(v);
    }

    /** Displayed rectangle -> stored rectangle, per EXIF orientation. */
    Rectangle toSource(Rectangle d) {
        int W = width, H = height;
        switch (orientation) {
            case 2: return new Rectangle(W - d.x - d.width, d.y, d.width, d.height);
            case 3: return new Rectangle(W - d.x - d.width, H - d.y - d.height, d.width, d.height);
            case 4: return new Rectangle(d.x, H - d.y - d.height, d.width, d.height);
            case 5: return new Rectangle(d.y, d.x, d.height, d.width);
            case 6: return new Rectangle(d.y, H - d.x - d.width, d.height, d.width);
            case 7: return new Rectangle(W - d.y - d.height, H - d.x - d.width, d.height, d.width);
            case 8: return new Rectangle(W - d.y - d.height, d.x, d.height, d.width);
            default: return d;
        }
    }

    private BufferedImage orient(BufferedImage img) {
        if (orientation <= 1 || orientation > 8) return img;
        int w = img.getWidth(), h = img.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2: t.scale(-1, 1); t.translate(-w, 0); break;
            case 3: t.translate(w, h); t.rotate(Math.PI); break;
            case 4: t.scale(1, -1); t.translate(0, -h); break;
            case 5: t.rotate(-Math.PI / 2); t.scale(-1, 1); break;
            case 6: t.translate(h, 0); t.rotate(Math.PI / 2); break;
            case 7: t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); break;
            case 8: t.translate(0, w); t.rotate(3 * Math.PI / 2); break;
            default: break;
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, t, null);
        g.dispose();
        return out;
    }

    @Override
    public Map<String, Object> inspect(int rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "image");
        m.put("format", format);
        m.put("width", displayWidth());
        m.put("height", displayHeight());
        m.put("channels", channels);
        m.put("bit_depth", bitDepth);
        m.put("frames", frames);
        return m;
    }
}
