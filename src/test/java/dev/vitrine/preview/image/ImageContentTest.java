package dev.vitrine.preview.image;

import dev.vitrine.preview.standard.StandardReaders;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImageContentTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(ImageContentTest.class.getResource("/fixtures/images/" + name).toURI());
    }

    @Test
    void exifOrientationRotatesWhatIsShownAndMapsPixels() throws Exception {
        try (ImageContent img = (ImageContent) StandardReaders.previewers().open(fixture("exif_rotate6.jpg"))) {
            assertThat(img.orientation()).isEqualTo(6);
            assertThat(img.width()).isEqualTo(40);
            assertThat(img.displayWidth()).isEqualTo(20);
            assertThat(img.displayHeight()).isEqualTo(40);
            BufferedImage shown = img.decode(0, 100, 100);
            assertThat(shown.getWidth()).isEqualTo(20);
            assertThat(shown.getHeight()).isEqualTo(40);
            // The stored top-left red block is shown at the top-right.
            assertThat((shown.getRGB(17, 2) >> 16) & 0xff).isGreaterThan(200);
            assertThat(shown.getRGB(2, 2) & 0xff).isGreaterThan(200);
            assertThat(img.rgb(0, 18, 1)[0]).isGreaterThan(200);
            assertThat(img.pixel(0, 18, 1)[0]).isGreaterThan(200);
            assertThat(img.pixel(0, 1, 38)[2]).isGreaterThan(200);
            assertThat(img.inspect(0)).containsEntry("width", 20).containsEntry("height", 40);
        }
    }

    @Test
    void aLargeImageIsDecodedSubsampledAndZoomedByRegion() throws Exception {
        BufferedImage big = new BufferedImage(3000, 2000, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2000; y++) for (int x = 0; x < 3000; x++) big.setRGB(x, y, ((x / 10) & 0xff) << 16 | ((y / 10) & 0xff) << 8);
        Path f = java.nio.file.Files.createTempFile("big", ".png");
        javax.imageio.ImageIO.write(big, "png", f.toFile());
        try (ImageContent img = (ImageContent) StandardReaders.previewers().open(f)) {
            assertThat(img.subsamplingFor(500, 500)).isEqualTo(6);
            BufferedImage small = img.decode(0, 500, 500);
            assertThat(small.getWidth()).isLessThanOrEqualTo(500);
            BufferedImage region = img.region(0, 1000, 500, 200, 100, 1);
            assertThat(region.getWidth()).isEqualTo(200);
            assertThat((region.getRGB(0, 0) >> 16) & 0xff).isEqualTo(100);
            assertThat(img.pixel(0, 2999, 1999)).containsExactly(43, 199, 0);
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }
}
