package dev.vitrine.preview.table;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.Corpus;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the table viewer relies on: paging, sorting, search, WHERE, stats, export, feather, hostile input. */
class TableContentTest {

    private final Previewers previewers = StandardReaders.previewers();

    private TableContent open(Path p) throws PreviewException {
        return (TableContent) previewers.open(p);
    }

    @Test
    void sortsFiltersSearchesAndExportsInDuckDb(@TempDir Path tmp) throws Exception {
        try (TableContent t = open(Corpus.file("files/csv/tricky.csv.gz"))) {
            TableQuery byRowDesc = TableQuery.ALL.withSort("row", true);
            assertThat(t.page(byRowDesc, 0, 2)).extracting(r -> r.get(0)).containsExactly("130", "129");
            assertThat(t.page(byRowDesc, 30, 5)).extracting(r -> r.get(0)).containsExactly("100");

            TableQuery where = TableQuery.ALL.withWhere("cat = 'hot' AND \"row\" > 110");
            assertThat(t.count(where)).isEqualTo(t.page(where, 0, 100).size()).isPositive();
            assertThat(t.page(where, 0, 100)).allSatisfy(r -> assertThat(r.get(9)).isEqualTo("hot"));

            TableQuery search = TableQuery.ALL.withSearch("TEPID");
            assertThat(t.count(search)).isEqualTo(8);

            ColumnStats cat = t.stats("cat", search);
            assertThat(cat.distinct()).isEqualTo(1);
            assertThat(cat.histogram()).singleElement().satisfies(b -> assertThat(b.count()).isEqualTo(8));
            ColumnStats row = t.stats("row", TableQuery.ALL);
            assertThat(row.min()).isEqualTo("100");
            assertThat(row.max()).isEqualTo("130");
            assertThat(row.mean()).isEqualTo(115.0);
            assertThat(row.histogram().stream().mapToLong(ColumnStats.Bin::count).sum()).isEqualTo(31);

            Path out = tmp.resolve("view.csv");
            assertThat(t.exportCsv(where.withSort("row", false), out)).isEqualTo(t.count(where));
            List<String> lines = Files.readAllLines(out);
            assertThat(lines.get(0)).startsWith("row,txt,real");
        }
    }

    @Test
    void filterExpressionsCannotEscapeTheirParentheses() throws Exception {
        try (TableContent t = open(Corpus.file("files/csv/tricky.csv.gz"))) {
            for (String bad : List.of("1=1); DROP TABLE t; --", "1=1) OR (1=1", "x = 'unclosed", "1=1) AND (1=1")) {
                assertThatThrownBy(() -> t.count(TableQuery.ALL.withWhere(bad))).as(bad).isInstanceOf(PreviewException.class);
            }
            assertThat(t.validateWhere("no_such_column > 3")).contains("no_such_column");
            assertThat(t.totalRows()).isEqualTo(31);
            assertThat(t.count(TableQuery.ALL.withWhere("txt = 'a;b' OR txt LIKE '%--%'"))).isGreaterThanOrEqualTo(0);
            // a trailing comment ends at the line break placed after the expression
            assertThat(t.count(TableQuery.ALL.withWhere("1=1 -- comment"))).isEqualTo(31);
        }
    }

    @Test
    void wideFramesPageEveryColumn() throws Exception {
        try (TableContent t = open(Corpus.file("files/csv/wide_361cols.csv.gz"))) {
            assertThat(t.dataColumns()).hasSize(361);
            assertThat(t.page(TableQuery.ALL.withSort("f359", false), 0, 3)).allSatisfy(r -> assertThat(r).hasSize(361));
            assertThat(t.count(TableQuery.ALL.withSearch("zz-not-there"))).isZero();
        }
    }

    @Test
    void sixHundredColumnsStayUsable(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("wide.csv");
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 600; c++) sb.append(c == 0 ? "" : ",").append("c").append(c);
        sb.append('\n');
        for (int r = 0; r < 50; r++) {
            for (int c = 0; c < 600; c++) sb.append(c == 0 ? "" : ",").append(r * 1000 + c);
            sb.append('\n');
        }
        Files.writeString(f, sb);
        try (TableContent t = open(f)) {
            assertThat(t.head().header()).hasSize(600);
            assertThat(t.dataColumns()).hasSize(600);
            assertThat(t.page(TableQuery.ALL.withSort("c599", true), 0, 1).get(0).get(599)).isEqualTo("49599");
            assertThat(t.count(TableQuery.ALL.withSearch("49599"))).isEqualTo(1);
            assertThat(t.stats("c300", TableQuery.ALL).mean()).isEqualTo(24800.0);
        }
    }

    @Test
    void numpyCsvHasNoHeaderLine(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("arr.csv");
        Files.writeString(f, "1.000000000000000000e+00,2.000000000000000000e+00\n3.000000000000000000e+00,4.000000000000000000e+00\n");
        try (TableContent t = (TableContent) previewers.open(f, "arr.csv", "numpy", "text/csv")) {
            assertThat(t.head().rows()).hasSize(2);
            assertThat(t.totalRows()).isEqualTo(2);
            assertThat(t.indexColumn()).isNull();
            assertThat(t.stats(t.columns().get(1).name(), TableQuery.ALL).sum()).isEqualTo("6.0");
        }
    }

    @Test
    void binaryDataNamedCsvIsRefused(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("data.csv");
        byte[] junk = new byte[10_000];
        new Random(7).nextBytes(junk);
        Files.write(f, junk);
        assertThatThrownBy(() -> previewers.open(f)).isInstanceOf(PreviewException.class).hasMessageContaining("binary");
    }

    @Test
    void aHundredMegabyteLineIsRefusedWithoutReadingIt(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("long_line.csv");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("a,b\n1,".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 100; i++) out.write(chunk);
            out.write('\n');
        }
        assertThatThrownBy(() -> {
            try (PreviewContent c = previewers.open(f)) {
                c.inspect(5);
            }
        }).isInstanceOf(PreviewException.class).hasMessageContaining("longer than");
    }

    @Test
    void featherFilesAreReadThroughArrow(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("frame.feather");
        writeFeather(f, 300); // small: commons-compress LZ4 frame writing is slow (seconds for 5000 rows)
        try (TableContent t = open(f)) {
            assertThat(t.format()).isEqualTo("feather");
            assertThat(t.totalRows()).isEqualTo(300);
            assertThat(t.columns()).extracting(ColumnInfo::name).containsExactly("id", "x", "name");
            assertThat(t.page(TableQuery.ALL.withSort("id", true), 0, 1).get(0)).containsExactly("299", "149.5", "n299");
            assertThat(t.nullCounts(t.columns())).containsExactly(0L, 0L, 30L);
        }
    }

    /** Feather v2 as pyarrow writes it: an Arrow IPC file with LZ4-frame compressed buffers. */
    static void writeFeather(Path f, int rows) throws IOException {
        try (BufferAllocator alloc = new RootAllocator();
             BigIntVector id = new BigIntVector("id", alloc);
             Float8Vector x = new Float8Vector("x", alloc);
             VarCharVector name = new VarCharVector("name", alloc)) {
            id.allocateNew(rows);
            x.allocateNew(rows);
            name.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                id.set(i, i);
                x.set(i, i / 2.0);
                if (i % 10 == 3) name.setNull(i);
                else name.setSafe(i, ("n" + i).getBytes(StandardCharsets.UTF_8));
            }
            id.setValueCount(rows);
            x.setValueCount(rows);
            name.setValueCount(rows);
            try (VectorSchemaRoot root = VectorSchemaRoot.of(id, x, name);
                 FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 ArrowFileWriter w = new ArrowFileWriter(root, null, ch, null, IpcOption.DEFAULT,
                         CommonsCompressionFactory.INSTANCE, CompressionUtil.CodecType.LZ4_FRAME)) {
                w.start();
                w.writeBatch();
                w.end();
            }
        }
    }
}
