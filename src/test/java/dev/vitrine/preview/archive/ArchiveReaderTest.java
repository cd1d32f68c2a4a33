package dev.vitrine.preview.archive;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.preview.table.TableContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveReaderTest {

    private final Previewers previewers = StandardReaders.previewers();

    static Path makeZip(Path dir) throws IOException {
        Path zip = dir.resolve("assets.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(z, "table.csv", "a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8));
            put(z, "nested/readme.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
            put(z, "../escape.txt", "evil".getBytes(StandardCharsets.UTF_8));
            put(z, "/etc/evil.txt", "evil".getBytes(StandardCharsets.UTF_8));
            put(z, "zeros.bin", new byte[3 << 20]);
        }
        return zip;
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }

    @Test
    void listsEntriesFlagsHostileNamesAndOpensEntries(@TempDir Path tmp) throws Exception {
        Path zip = makeZip(tmp);
        try (ArchiveContent a = (ArchiveContent) previewers.open(zip)) {
            assertThat(a.entries()).extracting(ArchiveEntry::name)
                    .containsExactly("table.csv", "nested/readme.txt", "../escape.txt", "/etc/evil.txt", "zeros.bin");
            assertThat(a.entries()).filteredOn(ArchiveEntry::unsafe).extracting(ArchiveEntry::name).containsExactly("../escape.txt", "/etc/evil.txt");
            assertThat(a.entries().get(0).size()).isEqualTo(12);

            assertThatThrownBy(() -> a.extract("../escape.txt")).isInstanceOf(PreviewException.class).hasMessageContaining("Refused");
            assertThat(tmp.resolve("escape.txt")).doesNotExist();
            assertThat(tmp.getParent().resolve("escape.txt")).doesNotExist();

            try (PreviewContent c = a.openEntry("table.csv")) {
                assertThat(c).isInstanceOf(TableContent.class);
                assertThat(((TableContent) c).totalRows()).isEqualTo(2);
            }
            try (PreviewContent c = a.openEntry("nested/readme.txt")) {
                assertThat(c.kind()).isEqualTo("text");
            }
        }
    }

    @Test
    void anEntryLargerThanTheCapIsRefused(@TempDir Path tmp) throws Exception {
        Path zip = makeZip(tmp);
        ArchiveReader small = new ArchiveReader(StandardReaders::previewers, 1 << 20);
        try (ArchiveContent a = (ArchiveContent) small.open(dev.vitrine.preview.Sniff.of(zip))) {
            assertThatThrownBy(() -> a.extract("zeros.bin")).isInstanceOf(PreviewException.class).hasMessageContaining("MB");
        }
    }
}
