package dev.vitrine.preview.image;

import dev.vitrine.preview.PreviewException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decompression-bomb check covers every frame and page, not only the first (make_fixtures.py beside the fixtures). */
class ImageBombTest {

    @TempDir Path tmp;

    private Path fixture(String name) throws Exception {
        Path p = tmp.resolve(name);
        try (InputStream in = ImageBombTest.class.getResourceAsStream(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void aHugeSecondGifFrameIsRefused() throws Exception {
        assertThatThrownBy(() -> ImageContent.open(fixture("second_frame_bomb.gif"), "gif"))
                .isInstanceOf(PreviewException.class).hasMessageContaining("frame 2").hasMessageContaining("decompression bomb");
    }

    @Test
    void aHugeSecondTiffPageIsRefused() throws Exception {
        assertThatThrownBy(() -> ImageContent.open(fixture("second_page_bomb.tiff"), "tiff"))
                .isInstanceOf(PreviewException.class).hasMessageContaining("frame 2").hasMessageContaining("decompression bomb");
    }
}
