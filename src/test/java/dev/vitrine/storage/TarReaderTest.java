package dev.vitrine.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tar archives as Python's tarfile and GNU tar write them (fixtures made by
 * {@code src/test/resources/dev/vitrine/storage/tar/make_fixtures.py}), read and extracted as tarfile does.
 */
class TarReaderTest {

    static final String LONG = "a-folder-with-a-name-longer-than-a-hundred-characters-" + "x".repeat(60) + "/member-" + "y".repeat(90) + ".txt";

    @TempDir Path tmp;

    private static InputStream fixture(String name) throws IOException {
        return new GZIPInputStream(TarReaderTest.class.getResourceAsStream("tar/" + name));
    }

    private static List<String> names(String fixture) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = fixture(fixture)) {
            TarReader tar = new TarReader(in);
            TarReader.Entry e;
            while ((e = tar.next()) != null) out.add(e.type() + " " + e.name());
        }
        return out;
    }

    private Path extract(String fixture) throws IOException {
        Path into = Files.createDirectories(tmp.resolve("out"));
        try (InputStream in = fixture(fixture)) {
            TarReader.extract(in, into, Cancellation.none());
        }
        return into;
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Test
    void paxHeadersOnEveryMemberAsPythonWritesThem() throws IOException {
        assertThat(names("pax.tgz")).containsExactly("5 données", "0 données/é1.txt", "0 données/é2.txt", "0 " + LONG, "1 données/hard.txt");
        Path out = extract("pax.tgz");
        assertThat(out.resolve("données/é1.txt")).hasContent("first\n");
        assertThat(out.resolve("données/é2.txt")).hasContent("second file\n".repeat(100));
        assertThat(out.resolve(LONG)).hasContent("long\n");
        assertThat(out.resolve("données/hard.txt")).hasContent("first\n");
    }

    @Test
    void gnuLongNamesAndLinksMakeNoPhantomEntries() throws IOException {
        assertThat(names("gnu.tgz")).containsExactly("0 " + LONG, "0 short.txt", "1 z/" + "l".repeat(120));
        Path out = extract("gnu.tgz");
        assertThat(out.resolve("short.txt")).hasContent("short\n");
        assertThat(out.resolve("z/" + "l".repeat(120))).hasContent("long name\n");
        assertThat(tree(out)).hasSize(5);
    }

    @Test
    void linksNeverLeaveTheFolder() throws IOException {
        Path out = extract("links.tgz");
        // tarfile copies a hard link's earlier member; links to outside or to nothing are skipped, symlinks are never made
        assertThat(tree(out)).containsExactly("in", "in/file.txt", "in/hard-ok");
        assertThat(out.resolve("in/hard-ok")).hasContent("inside\n");
        assertThat(Files.isSymbolicLink(out.resolve("in/hard-ok"))).isFalse();
        assertThat(tmp.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void sparseMembersExtractExpandedInEveryFormat() throws IOException {
        byte[] expected = new byte[700004];
        System.arraycopy("head".getBytes(), 0, expected, 0, 4);
        System.arraycopy("middle".getBytes(), 0, expected, 300000, 6);
        System.arraycopy("tail".getBytes(), 0, expected, 700000, 4);
        for (String f : List.of("sparse_gnu.tgz", "sparse_pax01.tgz", "sparse_pax10.tgz")) {
            assertThat(names(f)).as(f).containsExactly("0 sparse.bin");
            Path out = extract(f);
            assertThat(Files.readAllBytes(out.resolve("sparse.bin"))).as(f).isEqualTo(expected);
            try (Stream<Path> s = Files.list(out)) {
                assertThat(s.count()).as(f).isEqualTo(1);
            }
            Files.delete(out.resolve("sparse.bin"));
        }
    }

    /** GNU tar of a 5 GB file of holes and four bytes: 142 bytes that would write 5 GB of zeros. */
    @Test
    void aSparseMemberThatWouldExpandToGigabytesOfHolesIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path into = dir.resolve("out");
        Files.createDirectories(into);
        try (InputStream in = fixture("sparse_bomb.tgz")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TarReader.extract(in, into, Cancellation.none()))
                    .isInstanceOf(IOException.class).hasMessageContaining("huge.bin").hasMessageContaining("sparse file that would expand to 5120 MB");
        }
        try (java.util.stream.Stream<Path> s = Files.walk(into)) {
            assertThat(s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum()).isZero();
        }
    }
}
