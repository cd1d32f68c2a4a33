package dev.vitrine.preview.text;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextReaderTest {

    private final Previewers previewers = StandardReaders.previewers();

    @Test
    void detectsEncodingsCountsLinesAndSearches(@TempDir Path tmp) throws Exception {
        Path bom = tmp.resolve("a.txt");
        Files.write(bom, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "crème\nbrûlée\nlast".getBytes(StandardCharsets.UTF_8)));
        try (TextContent t = (TextContent) previewers.open(bom)) {
            assertThat(t.encoding()).isEqualTo("utf-8-sig");
            assertThat(t.lineCount()).isEqualTo(3);
            assertThat(t.head().text()).startsWith("crème");
            assertThat(t.search("BRÛ", 10)).singleElement().satisfies(h -> {
                assertThat(h.line()).isEqualTo(2);
                assertThat(h.column()).isZero();
            });
        }
        Path latin = tmp.resolve("b.log");
        Files.write(latin, "caf\u00e9 ok\n".getBytes(StandardCharsets.ISO_8859_1));
        try (TextContent t = (TextContent) previewers.open(latin)) {
            assertThat(t.encoding()).isEqualTo("latin-1");
            assertThat(t.head().text()).isEqualTo("café ok\n");
        }
        Path u16 = tmp.resolve("c.txt");
        Files.write(u16, concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "one\ntwo\n".getBytes(StandardCharsets.UTF_16LE)));
        try (TextContent t = (TextContent) previewers.open(u16)) {
            assertThat(t.encoding()).isEqualTo("utf-16-le");
            assertThat(t.lineCount()).isEqualTo(2);
        }
    }

    @Test
    void aHugeLineIsCutInTheHeadAndStillCounted(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("huge.log");
        try (OutputStream out = Files.newOutputStream(f)) {
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 100; i++) out.write(chunk);
            out.write("\nneedle here\n".getBytes(StandardCharsets.US_ASCII));
        }
        try (TextContent t = (TextContent) previewers.open(f)) {
            TextContent.Head h = t.head();
            assertThat(h.truncated()).isTrue();
            assertThat(h.text().length()).isLessThan(TextContent.MAX_LINE + 100);
            assertThat(t.lineCount()).isEqualTo(2);
            assertThat(t.search("needle", 5)).singleElement().satisfies(hit -> assertThat(hit.line()).isEqualTo(2));
        }
    }

    @Test
    void jsonKeepsBigIntegersAndOrder(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, "{\"z\": 1, \"huge\": 17000000000000000003, \"list\": [1, 2.5, null, \"s\"], \"a\": {\"b\": true}}");
        try (TreeContent t = (TreeContent) previewers.open(f)) {
            assertThat(t.root().get("huge").bigIntegerValue()).isEqualTo(new BigInteger("17000000000000000003"));
            Map<String, Object> m = t.inspect(10);
            assertThat(m).containsEntry("kind", "tree").containsEntry("format", "json").containsEntry("root_type", "dict").containsEntry("size", 4);
            @SuppressWarnings("unchecked") List<Map<String, Object>> outline = (List<Map<String, Object>>) m.get("outline");
            assertThat(outline).extracting(e -> e.get("key")).containsExactly("z", "huge", "list", "a");
            assertThat(outline.get(2)).containsEntry("type", "list").containsEntry("size", 4);
            assertThat(t.formatted()).contains("17000000000000000003");
        }
    }

    @Test
    void yamlIsLoadedAsPlainDataOnly(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("evil.yaml");
        Files.writeString(f, "run: !!python/object/apply:os.system ['touch /tmp/vitrine_yaml_pwned']\nlr: 0.1\n");
        try (TreeContent t = (TreeContent) previewers.open(f)) {
            assertThat(t.format()).isEqualTo("yaml");
            assertThat(t.root().get("lr").doubleValue()).isEqualTo(0.1);
        }
        assertThat(Path.of("/tmp/vitrine_yaml_pwned")).doesNotExist();

        Path laughs = tmp.resolve("laughs.yaml");
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) y.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(", *")
                .append((char) (c - 1)).append(", *").append((char) (c - 1)).append(", *").append((char) (c - 1)).append(", *").append((char) (c - 1))
                .append(", *").append((char) (c - 1)).append(", *").append((char) (c - 1)).append(", *").append((char) (c - 1)).append("]\n");
        Files.writeString(laughs, y);
        // Aliases are either refused or kept as references: never expanded into billions of nodes.
        try (PreviewContent c = previewers.open(laughs)) {
            assertThat(((TreeContent) c).root().toString().length()).isLessThan(1 << 20);
        } catch (PreviewException refused) {
            assertThat(refused.getMessage()).contains("laughs.yaml");
        }
    }

    @Test
    void brokenJsonSaysWhere(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("broken.json");
        Files.writeString(f, "{\"a\": [1, 2");
        assertThatThrownBy(() -> {
            try (PreviewContent c = previewers.open(f)) {
                c.inspect(3);
            }
        }).isInstanceOf(PreviewException.class).hasMessageContaining("broken.json");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
