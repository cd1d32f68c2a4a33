package dev.vitrine.preview.table;

import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A table's DuckDB reaches its own file and nothing else: a pasted filter cannot run a second
 * statement or touch other files (#12 defect 6), file names are not globs (9), and spill files go
 * to a private folder removed on close (10).
 */
class TableSandboxTest {

    private final Previewers previewers = StandardReaders.previewers();

    private TableContent open(Path p) throws PreviewException {
        TableContent t = (TableContent) previewers.open(p);
        return t;
    }

    private static Path csv(Path dir, String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "a,b\n" + body);
        return p;
    }

    /** Runs the filter through every query that takes one; failures are fine, side effects are not. */
    private static void tryEverything(TableContent t, String where, Path exportTo) {
        TableQuery q = TableQuery.ALL.withWhere(where);
        try { t.count(q); } catch (PreviewException | RuntimeException ignored) { }
        try { t.page(q, 0, 10); } catch (PreviewException | RuntimeException ignored) { }
        try { t.page(q.withSort("a", true), 0, 10); } catch (PreviewException | RuntimeException ignored) { }
        try { t.exportCsv(q, exportTo); } catch (PreviewException | RuntimeException ignored) { }
        t.validateWhere(where);
    }

    @Test
    void dollarQuotedStringsCannotSmuggleASecondStatement(@TempDir Path tmp) throws Exception {
        Path table = csv(tmp, "t.csv", "1,x\n2,y\n");
        Path pwned = tmp.resolve("pwned.csv");
        // the old scanner took $$'$$ for an open quote and never saw the ';'
        // (count wraps the view in one more parenthesis, which the payload closes)
        String where = "$$'$$ = $$x$$)); COPY (SELECT 42) TO $$" + pwned + "$$ (FORMAT csv); SELECT 1 FROM (SELECT 1 WHERE ($$'$$ = $$x$$";
        try (TableContent t = open(table)) {
            t.ready().get();
            tryEverything(t, where, tmp.resolve("export.csv"));
            assertThat(pwned).doesNotExist();
            assertThat(t.validateWhere(where)).isNotNull();
        }
    }

    @Test
    void aFilterReachesNoOtherFile(@TempDir Path tmp) throws Exception {
        Path table = csv(tmp, "t.csv", "1,x\n2,y\n");
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "s3cr3t");
        try (TableContent t = open(table)) {
            t.ready().get();
            String read = "b IN (SELECT content FROM read_text(" + Duck.literal(secret.toString()) + "))";
            assertThat(t.validateWhere(read)).contains("disabled by configuration");
            assertThatThrownBy(() -> t.count(TableQuery.ALL.withWhere(read))).isInstanceOf(PreviewException.class);
            for (String bad : List.of("1=1) UNION SELECT * FROM t WHERE (1=1", "1=1) LIMIT 1 --", "a > 0; SELECT 1",
                    "1) ORDER BY (a", "b = 'x') OR (1=1")) {
                assertThat(t.validateWhere(bad)).as(bad).isNotNull();
            }
            // a plain expression, a $$ string and a line comment after it still work
            assertThat(t.count(TableQuery.ALL.withWhere("b = $$y$$"))).isEqualTo(1);
            assertThat(t.page(TableQuery.ALL.withWhere("a >= 1 -- both rows").withSort("a", true), 0, 1)).extracting(r -> r.get(0))
                    .containsExactly("2");
            assertThat(t.count(TableQuery.ALL.withSearch("x").withWhere("a > 0"))).isEqualTo(1);
            assertThat(t.count(TableQuery.ALL.withWhere("NOT a = 1 OR b = 'x'"))).isEqualTo(2);
            Path out = tmp.resolve("out.csv");
            assertThat(t.exportCsv(TableQuery.ALL.withWhere("a = 2"), out)).isEqualTo(1);
            assertThat(Files.readString(out)).isEqualTo("a,b\n2,y\n");
        }
    }

    @Test
    void fileNamesAreNotGlobPatterns(@TempDir Path tmp) throws Exception {
        csv(tmp, "data1.csv", "1,one\n");
        Path bracket = csv(tmp, "data[1].csv", "2,bracket\n");
        csv(tmp, "dx.csv", "3,dx\n");
        Path star = csv(tmp, "d*.csv", "4,star\n");
        try (TableContent t = open(bracket)) {
            assertThat(t.page(TableQuery.ALL, 0, 10)).extracting(r -> r.get(1)).containsExactly("bracket");
        }
        try (TableContent t = open(star)) {
            assertThat(t.page(TableQuery.ALL, 0, 10)).extracting(r -> r.get(1)).containsExactly("star");
        }
    }

    @Test
    void spillFilesGoToAPrivateFolderRemovedOnClose(@TempDir Path tmp) throws Exception {
        Path table = csv(tmp, "t.csv", "1,x\n");
        TableContent t = open(table);
        t.ready().get();
        Path folder = t.privateFolder();
        assertThat(folder).isDirectory().isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "vitrine-duckdb"));
        if (Files.getFileAttributeView(folder, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        }
        try (TableContent other = open(table)) {
            other.ready().get();
            assertThat(other.privateFolder()).isNotEqualTo(folder);
        }
        t.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (Files.exists(folder) && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertThat(folder).doesNotExist();
    }
}
