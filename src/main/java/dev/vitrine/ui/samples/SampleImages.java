package dev.vitrine.ui.samples;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Sniff;
import dev.vitrine.preview.image.ImageContent;
import dev.vitrine.preview.image.ImageReaderPlugin;
import dev.vitrine.samples.Sample;
import dev.vitrine.ui.preview.image.ImageViewModel;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Decoding of sample files, off the FX thread: through the image viewer's reader, so a huge image is
 * decoded subsampled (never more than the thumbnail or overview size in memory) and bytes that are
 * not an image under an image name give a clear message instead of a broken picture.
 */
public final class SampleImages {

    /** Longest side of a grid thumbnail. */
    public static final int THUMB = 192;

    private SampleImages() {}

    /** The image content of a sample's file. */
    public static ImageContent open(Sample s, Path file) throws PreviewException {
        PreviewContent c;
        try {
            c = new ImageReaderPlugin().open(Sniff.of(file, s.fileName(), "image", null));
        } catch (IOException e) {
            throw new PreviewException("Cannot read " + s.fileName() + ": " + e.getMessage(), e);
        }
        if (c instanceof ImageContent ic) return ic;
        c.close();
        throw new PreviewException(s.fileName() + " is not an image");
    }

    /** A thumbnail at most {@link #THUMB} pixels on its long side, decoded subsampled. */
    public static Image thumbnail(Sample s, Path file) throws PreviewException {
        return SwingFXUtils.toFXImage(open(s, file).decode(0, THUMB, THUMB), null);
    }

    /** An image ready for the viewer: its content and the overview the viewer shows first. */
    public record Prepared(Sample sample, ImageContent content, Image overview) {}

    public static Prepared prepare(Sample s, Path file) throws PreviewException {
        ImageContent c = open(s, file);
        return new Prepared(s, c, ImageViewModel.decodeOverview(c));
    }
}
