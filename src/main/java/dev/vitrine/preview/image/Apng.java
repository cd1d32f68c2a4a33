package dev.vitrine.preview.image;

import javax.imageio.ImageIO;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Animated PNG (APNG): the chunk layout read once (headers only, never the pixel data), and any
 * frame rebuilt as the spec composes it. ImageIO decodes plain PNG only, so each frame's data
 * ({@code IDAT} or {@code fdAT} minus its sequence number) is wrapped in a small PNG of the frame's
 * size with the file's {@code IHDR}, {@code PLTE} and {@code tRNS}, decoded, then drawn on the canvas
 * with the frame's blend op after the previous frames' dispose ops. When the default image is not
 * part of the animation it is frame 0 and the animation follows, as Pillow counts them.
 */
final class Apng {

    /** A frame's control chunk and where its compressed data lie in the file. */
    record Frame(int width, int height, int x, int y, int delayNum, int delayDen, int dispose, int blend, List<long[]> data, boolean idat) {
        /** The frame's delay in milliseconds (a zero denominator means 1/100 s, per the spec). */
        double delayMs() {
            return delayNum * 1000.0 / (delayDen == 0 ? 100 : delayDen);
        }
    }

    static final int DISPOSE_NONE = 0, DISPOSE_BACKGROUND = 1, DISPOSE_PREVIOUS = 2;
    static final int BLEND_SOURCE = 0;

    /** Frames above this count are not composed (a hostile acTL could declare 2^31). */
    static final int MAX_FRAMES = 10_000;

    private final Path file;
    private final int width;
    private final int height;
    private final byte[] ihdr;
    private final List<byte[]> colourChunks; // PLTE, tRNS (type + data)
    private final List<Frame> frames;
    private final boolean defaultImageSeparate;

    private Apng(Path file, int width, int height, byte[] ihdr, List<byte[]> colourChunks, List<Frame> frames, boolean defaultImageSeparate) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.ihdr = ihdr;
        this.colourChunks = colourChunks;
        this.frames = frames;
        this.defaultImageSeparate = defaultImageSeparate;
    }

    /** The animation of a PNG, or null when it is a plain (or broken) PNG: it then reads as one image. */
    static Apng read(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            long pos = 8;
            byte[] ihdr = null;
            List<byte[]> colour = new ArrayList<>();
            List<Frame> frames = new ArrayList<>();
            boolean animated = false;
            boolean sawIdat = false;
            boolean defaultSeparate = false;
            int[] pending = null; // fcTL fields waiting for their data
            List<long[]> data = new ArrayList<>();
            boolean pendingIsIdat = false;
            ByteBuffer head = ByteBuffer.allocate(8);
            while (pos + 12 <= size) {
                head.clear();
                if (ch.read(head, pos) < 8) break;
                long length = head.getInt(0) & 0xffffffffL;
                String type = new String(head.array(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                long body = pos + 8;
                if (body + length + 4 > size) return null; // truncated: not an animation we can trust
                switch (type) {
                    case "IHDR" -> ihdr = bytes(ch, body, (int) Math.min(length, 13));
                    case "PLTE", "tRNS" -> {
                        if (length > 1 << 16) return null;
                        if (!sawIdat) colour.add(chunk(type, bytes(ch, body, (int) length)));
                    }
                    case "acTL" -> animated = true;
                    case "fcTL" -> {
                        if (length < 26) return null;
                        if (pending != null) frames.add(frame(pending, data, pendingIsIdat));
                        ByteBuffer f = ByteBuffer.wrap(bytes(ch, body, 26));
                        pending = new int[] {f.getInt(4), f.getInt(8), f.getInt(12), f.getInt(16),
                                f.getShort(20) & 0xffff, f.getShort(22) & 0xffff, f.get(24), f.get(25)};
                        data = new ArrayList<>();
                        pendingIsIdat = !sawIdat;
                        if (frames.size() > MAX_FRAMES) return null;
                    }
                    case "IDAT" -> {
                        if (!sawIdat && pending == null) defaultSeparate = true;
                        sawIdat = true;
                        if (pending != null && pendingIsIdat) data.add(new long[] {body, length});
                    }
                    case "fdAT" -> {
                        if (pending != null && length > 4) data.add(new long[] {body + 4, length - 4});
                    }
                    case "IEND" -> pos = size;
                    default -> { }
                }
                pos = type.equals("IEND") ? size : body + length + 4;
            }
            if (pending != null) frames.add(frame(pending, data, pendingIsIdat));
            if (!animated || ihdr == null || ihdr.length < 13 || frames.isEmpty()) return null;
            ByteBuffer h = ByteBuffer.wrap(ihdr);
            int w = h.getInt(0);
            int hh = h.getInt(4);
            for (Frame f : frames) {
                if (f.width() <= 0 || f.height() <= 0 || f.x() < 0 || f.y() < 0 || (long) f.x() + f.width() > w || (long) f.y() + f.height() > hh || f.data().isEmpty()) return null;
            }
            return new Apng(file, w, hh, ihdr, colour, List.copyOf(frames), defaultSeparate);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Frame frame(int[] p, List<long[]> data, boolean idat) {
        return new Frame(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], List.copyOf(data), idat);
    }

    /** Frames as Pillow counts them: the animation, plus the default image first when it is not part of it. */
    int frameCount() {
        return frames.size() + (defaultImageSeparate ? 1 : 0);
    }

    /** Whether frame {@code n} is the file's default image, which a plain PNG reader decodes. */
    boolean isDefaultImage(int n) {
        return n == 0 && (defaultImageSeparate || frames.get(0).idat());
    }

    /** The delay of each frame in milliseconds (the separate default image has none: 0). */
    List<Double> delays() {
        List<Double> out = new ArrayList<>();
        if (defaultImageSeparate) out.add(0.0);
        for (Frame f : frames) out.add(f.delayMs());
        return out;
    }

    /** The canvas right after frame {@code index} was drawn, and what its dispose op needs. */
    private record Composed(int index, BufferedImage canvas, BufferedImage savedBefore) { }

    /** The last frame composed: stepping to the next frame starts from it instead of frame 0. */
    private Composed last;

    /** Frame {@code n} composed on the full canvas, as ARGB (a new image the caller may keep). */
    synchronized BufferedImage compose(int n) throws IOException {
        int target = defaultImageSeparate ? n - 1 : n;
        if (last != null && last.index() == target) return copy(last.canvas());
        BufferedImage canvas;
        int from;
        if (last != null && last.index() < target) {
            canvas = copy(last.canvas());
            dispose(canvas, last.index(), last.savedBefore());
            from = last.index() + 1;
        } else {
            canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            from = 0;
        }
        BufferedImage saved = null;
        for (int i = from; i <= target; i++) {
            Frame f = frames.get(i);
            saved = disposeOp(i) == DISPOSE_PREVIOUS ? copy(canvas.getSubimage(f.x(), f.y(), f.width(), f.height())) : null;
            Graphics2D g = canvas.createGraphics();
            try {
                g.setComposite(f.blend() == BLEND_SOURCE ? AlphaComposite.Src : AlphaComposite.SrcOver);
                g.drawImage(decode(f), f.x(), f.y(), null);
            } finally {
                g.dispose();
            }
            if (i < target) dispose(canvas, i, saved);
        }
        last = new Composed(target, canvas, saved);
        return copy(canvas);
    }

    /** The dispose op of frame {@code i}; PREVIOUS on the first frame means BACKGROUND (the spec's rule). */
    private int disposeOp(int i) {
        int d = frames.get(i).dispose();
        return i == 0 && d == DISPOSE_PREVIOUS ? DISPOSE_BACKGROUND : d;
    }

    /** Applies frame {@code i}'s dispose op to the canvas before the next frame is drawn. */
    private void dispose(BufferedImage canvas, int i, BufferedImage savedBefore) {
        Frame f = frames.get(i);
        int op = disposeOp(i);
        if (op == DISPOSE_NONE) return;
        Graphics2D g = canvas.createGraphics();
        try {
            if (op == DISPOSE_BACKGROUND) {
                g.setComposite(AlphaComposite.Clear);
                g.fillRect(f.x(), f.y(), f.width(), f.height());
            } else if (savedBefore != null) {
                g.setComposite(AlphaComposite.Src);
                g.drawImage(savedBefore, f.x(), f.y(), null);
            }
        } finally {
            g.dispose();
        }
    }

    private BufferedImage decode(Frame f) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] header = ihdr.clone();
        ByteBuffer.wrap(header).putInt(0, f.width()).putInt(4, f.height());
        writeChunk(out, chunk("IHDR", header));
        for (byte[] c : colourChunks) writeChunk(out, c);
        try (FileChannel ch = FileChannel.open(file)) {
            for (long[] d : f.data()) {
                if (d[1] > Integer.MAX_VALUE - 16) throw new IOException("an APNG frame chunk is too large");
                writeChunk(out, chunk("IDAT", bytes(ch, d[0], (int) d[1])));
            }
        }
        writeChunk(out, chunk("IEND", new byte[0]));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        if (img == null) throw new IOException("an APNG frame could not be decoded");
        return img;
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage c = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = c.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return c;
    }

    /** type (4 bytes) followed by the data. */
    private static byte[] chunk(String type, byte[] data) {
        byte[] c = new byte[4 + data.length];
        System.arraycopy(type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, c, 0, 4);
        System.arraycopy(data, 0, c, 4, data.length);
        return c;
    }

    private static void writeChunk(DataOutputStream out, byte[] typeAndData) throws IOException {
        out.writeInt(typeAndData.length - 4);
        out.write(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        out.writeInt((int) crc.getValue());
    }

    private static byte[] bytes(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) throw new IOException("unexpected end of file");
        }
        return b.array();
    }
}
