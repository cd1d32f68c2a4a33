package dev.vitrine.preview.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every corpus image through the viewer's reader, against Pillow's facts in manifest.json. */
class ImageCorpusTest {

    private final Previewers previewers = StandardReaders.previewers();

    @TestFactory
    Stream<DynamicTest> imagesMatchPillow() {
        List<JsonNode> images = new ArrayList<>();
        Corpus.manifest().get("files").forEach(f -> {
            if (f.get("kind").asText().equals("image")) images.add(f);
        });
        return images.stream().map(f -> DynamicTest.dynamicTest(f.get("path").asText(), () -> check(f)));
    }

    private void check(JsonNode f) throws Exception {
        JsonNode facts = f.get("facts");
        String path = f.get("path").asText();
        boolean lossy = facts.has("lossy_decoder_dependent");
        try (PreviewContent c = previewers.open(Corpus.file(path))) {
            ImageContent img = (ImageContent) c;
            assertThat(img.width()).isEqualTo(facts.get("width").asInt());
            assertThat(img.height()).isEqualTo(facts.get("height").asInt());
            assertThat(img.format()).isEqualTo(facts.get("format").asText().toLowerCase().replace("jpg", "jpeg"));
            String mode = facts.get("mode").asText();
            assertThat(img.frames()).as("frames").isEqualTo(facts.get("n_frames").asInt());
            if (facts.has("frames") && !path.endsWith(".webp")) { // lossy WebP colours are decoder-dependent
                for (int i = 0; i < img.frames(); i++) {
                    JsonNode want = facts.get("frames").get(i).get("pixel_0_0_rgb");
                    int[] got = img.rgb(i, 0, 0);
                    for (int k = 0; k < 3; k++) assertThat(got[k]).as("frame %d pixel (0,0) channel %d", i, k).isEqualTo(want.get(k).asInt());
                }
            }
            int expectChannels = switch (mode) {
                case "RGB" -> 3; case "RGBA", "CMYK" -> 4; case "LA" -> 2; default -> 1;
            };
            if (!path.endsWith(".webp") && !mode.equals("CMYK")) assertThat(img.channels()).as("channels").isEqualTo(expectChannels);

            // The stored value at (0,0) in the file's own units, unless lossy or CMYK (Pillow keeps inverted CMYK).
            JsonNode p00 = facts.get("pixel_0_0");
            if (!lossy && !mode.equals("CMYK") && !path.endsWith(".webp") && !path.endsWith(".gif")) {
                double[] got = img.pixel(0, 0, 0);
                if (p00.isArray()) for (int i = 0; i < p00.size(); i++) assertThat(got[i]).isCloseTo(p00.get(i).asDouble(), within(1e-4));
                else assertThat(got[0]).isCloseTo(p00.asDouble(), within(1e-4));
                JsonNode last = facts.get("pixel_last");
                double[] gl = img.pixel(0, last.get("xy").get(0).asInt(), last.get("xy").get(1).asInt());
                JsonNode v = last.get("value");
                if (v.isArray()) for (int i = 0; i < v.size(); i++) assertThat(gl[i]).isCloseTo(v.get(i).asDouble(), within(1e-3));
                else assertThat(gl[0]).isCloseTo(v.asDouble(), within(1e-3));
            }
            // As shown: sRGB at (0,0), against Pillow's RGB conversion, within the lossy tolerance.
            JsonNode rgb = facts.has("converted_pixel_0_0") ? facts.get("converted_pixel_0_0") : p00;
            if (rgb.isArray() && rgb.size() >= 3 && !mode.equals("I") && !mode.equals("I;16") && !mode.equals("F")) {
                int[] shown = img.rgb(0, 0, 0);
                int tol = lossy || mode.equals("CMYK") ? 8 : 0;
                for (int i = 0; i < 3; i++) assertThat(shown[i]).as("rgb " + i).isCloseTo(rgb.get(i).asInt(), within(tol));
            }
            if (facts.has("frames") && (path.endsWith(".gif") || path.endsWith(".webp"))) {
                JsonNode frames = facts.get("frames");
                for (int i = 0; i < frames.size(); i++) {
                    int[] shown = img.rgb(i, 0, 0);
                    for (int k = 0; k < 3; k++) assertThat(shown[k]).as("frame " + i).isEqualTo(frames.get(i).get("pixel_0_0_rgb").get(k).asInt());
                }
            }
            BufferedImage small = img.decode(0, 20, 20);
            assertThat(Math.max(small.getWidth(), small.getHeight())).isLessThanOrEqualTo(40);
            BufferedImage full = img.decode(0, 10_000, 10_000);
            assertThat(full.getWidth()).isEqualTo(img.width());
        }
    }

    @Test
    void decompressionBombsAreRefusedFromTheHeader() {
        dev.vitrine.testutil.Corpus.require();
        for (String p : List.of("files/hostile/bomb_120000x90000_header.png", "files/hostile/bomb_24000x16000_complete.png")) {
            assertThatThrownBy(() -> previewers.open(Corpus.file(p))).as(p)
                    .isInstanceOf(PreviewException.class).hasMessageContaining("decompression bomb");
        }
    }

    @Test
    void damagedPngsFailWithAMessage() throws Exception {
        dev.vitrine.testutil.Corpus.require();
        assertThatThrownBy(() -> {
            try (ImageContent c = (ImageContent) previewers.open(Corpus.file("files/corrupt/truncated.png"))) {
                c.decode(0, 100, 100);
            }
        }).isInstanceOf(PreviewException.class).hasMessageContaining("truncated.png");
        assertThatThrownBy(() -> {
            try (ImageContent c = (ImageContent) previewers.open(Corpus.file("files/corrupt/bad_crc.png"))) {
                c.decode(0, 100, 100);
            }
        }).isInstanceOf(PreviewException.class).hasMessageContaining("bad_crc.png");
    }
}
