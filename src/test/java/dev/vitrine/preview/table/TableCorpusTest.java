package dev.vitrine.preview.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Every CSV and parquet file of the corpus, read through the same readers the viewer uses, against manifest.json. */
class TableCorpusTest {

    private final Previewers previewers = StandardReaders.previewers();

    private static Stream<JsonNode> files(String kind) {
        List<JsonNode> out = new ArrayList<>();
        Corpus.manifest().get("files").forEach(f -> {
            if (f.get("kind").asText().equals(kind)) out.add(f);
        });
        return out.stream();
    }

    private TableContent open(String path) throws PreviewException {
        PreviewContent c = previewers.open(Corpus.file(path));
        assertThat(c).isInstanceOf(TableContent.class);
        return (TableContent) c;
    }

    @TestFactory
    Stream<DynamicTest> csvFilesMatchPandas() {
        return files("csv").map(f -> DynamicTest.dynamicTest(f.get("path").asText(), () -> checkCsv(f)));
    }

    private void checkCsv(JsonNode f) throws Exception {
        JsonNode facts = f.get("facts");
        try (TableContent t = open(f.get("path").asText())) {
            // The streamed first page is the file's own text: Python's csv module agrees field by field.
            JsonNode raw = facts.get("raw_records");
            CsvHead head = t.head();
            // pandas' MultiIndex columns: one header line per level, then the index names (read_csv(header=[0, 1]))
            JsonNode headerKw = f.get("read_kwargs").get("header");
            int headerLines = headerKw != null && headerKw.isArray() ? headerKw.size() + 1 : 1;
            assertThat(head.headerLines()).as("header lines").isEqualTo(headerLines);
            if (headerLines == 1) assertThat(head.header()).containsExactlyElementsOf(texts(raw.get(0)));
            for (int i = headerLines; i < raw.size(); i++) assertThat(head.rows().get(i - headerLines)).containsExactlyElementsOf(texts(raw.get(i)));

            assertThat(t.totalRows()).isEqualTo(facts.get("rows").asLong());
            List<String> names = t.dataColumns().stream().map(ColumnInfo::name).toList();
            List<String> expected = new java.util.ArrayList<>();
            for (JsonNode c : facts.get("columns")) expected.add(c.isArray() ? String.join("/", texts(c)) : c.asText()); // levels joined as the manifest's sums keys
            assertThat(names).containsExactlyElementsOf(expected);
            boolean pandasIndex = f.get("read_kwargs").has("index_col");
            assertThat(t.indexColumn() != null).isEqualTo(pandasIndex);
            if (pandasIndex) assertThat(t.indexColumns()).hasSize(f.get("read_kwargs").get("index_col").size());
            JsonNode indexNames = facts.path("index").path("names");
            if (facts.path("index").path("type").asText().equals("MultiIndex")) {
                assertThat(t.indexColumns()).containsExactlyElementsOf(texts(indexNames));
                assertThat(head.levelNames()).containsExactlyElementsOf(texts(facts.get("column_level_names")));
            }

            List<ColumnInfo> cols = t.dataColumns();
            List<Long> nulls = t.nullCounts(cols);
            for (int i = 0; i < cols.size(); i++) {
                String dtype = facts.get("dtypes").get(i).asText();
                String type = cols.get(i).type();
                if (dtype.equals("int64")) assertThat(type).isEqualTo("BIGINT");
                if (dtype.equals("float64")) assertThat(cols.get(i).numeric()).as(cols.get(i).name()).isTrue();
                if (dtype.equals("bool")) assertThat(type).isEqualTo("BOOLEAN");
                assertThat(nulls.get(i)).as("nulls of " + cols.get(i).name()).isEqualTo(facts.get("missing_counts").get(cols.get(i).name()).asLong());
            }
            Map<String, String> sumsGot = t.sums(cols);
            var sums = facts.get("numeric_column_sums").fields();
            while (sums.hasNext()) {
                Map.Entry<String, JsonNode> e = sums.next();
                String sum = sumsGot.get(e.getKey());
                JsonNode want = e.getValue();
                if (want.isTextual()) assertThat(sum.toLowerCase()).contains("nan");
                else if (want.isIntegralNumber()) assertThat(new BigInteger(sum)).isEqualTo(want.bigIntegerValue());
                else assertThat(Double.parseDouble(sum)).isCloseTo(want.doubleValue(), within(Math.abs(want.doubleValue()) * 1e-9));
            }
            ColumnStats one = t.stats(cols.get(0).name(), TableQuery.ALL);
            assertThat(one.nulls()).isEqualTo(nulls.get(0));
            // pandas' first rows, as DuckDB pages them (numbers compared as numbers).
            JsonNode first = facts.get("first_rows");
            List<List<String>> page = t.page(TableQuery.ALL, 0, first.size());
            int skip = t.indexColumns().size();
            for (int r = 0; r < first.size(); r++) {
                for (int c = 0; c < cols.size(); c++) {
                    String want = first.get(r).get(c).asText();
                    String got = page.get(r).get(c + skip);
                    if (want.equals("nan")) assertThat(got).isNull();
                    else if (cols.get(c).numeric()) assertThat(num(got)).isEqualTo(num(want));
                    else if (cols.get(c).type().equals("BOOLEAN")) assertThat(got).isEqualToIgnoringCase(want);
                    else assertThat(got).isEqualTo(want);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> parquetFilesMatchDuckDbFacts() {
        return files("parquet").map(f -> DynamicTest.dynamicTest(f.get("path").asText(), () -> {
            JsonNode facts = f.get("facts");
            try (TableContent t = open(f.get("path").asText())) {
                assertThat(t.format()).isEqualTo("parquet");
                assertThat(t.totalRows()).isEqualTo(facts.get("rows").asLong());
                assertThat(t.columns().stream().map(ColumnInfo::name).toList()).containsExactlyElementsOf(texts(facts.get("columns")));
                assertThat(t.columns().stream().map(ColumnInfo::type).toList()).containsExactlyElementsOf(texts(facts.get("duckdb_types")));
                if (facts.has("numeric_column_sums")) {
                    var sums = facts.get("numeric_column_sums").fields();
                    while (sums.hasNext()) {
                        var e = sums.next();
                        assertThat(new BigDecimal(t.stats(e.getKey(), TableQuery.ALL).sum())).isEqualByComparingTo(new BigDecimal(e.getValue().asText()));
                    }
                }
                JsonNode first = facts.get("first_rows_duckdb_strings");
                List<List<String>> page = t.page(TableQuery.ALL, 0, first.size());
                for (int r = 0; r < first.size(); r++) {
                    for (int c = 0; c < 6; c++) {
                        if (!t.columns().get(c).numeric() && !t.columns().get(c).type().equals("VARCHAR")) continue;
                        JsonNode want = first.get(r).get(c);
                        String got = page.get(r).get(c);
                        if (want.isNull()) assertThat(got).isNull();
                        else if (t.columns().get(c).numeric()) assertThat(num(got)).isEqualTo(num(want.asText()));
                        else assertThat(got).isEqualTo(want.asText());
                    }
                }
            }
        }));
    }

    @Test
    void damagedTablesFailWithAMessage() {
        dev.vitrine.testutil.Corpus.require();
        for (String p : List.of("files/corrupt/truncated.parquet", "files/corrupt/bad_footer_magic.parquet",
                "files/corrupt/truncated.csv.gz", "files/corrupt/bad_crc.csv.gz")) {
            assertThatThrownBy(() -> {
                try (PreviewContent c = previewers.open(Corpus.file(p))) {
                    c.inspect(5);
                }
            }).as(p).isInstanceOf(PreviewException.class).hasMessageContaining(Corpus.file(p).getFileName().toString());
        }
    }

    @Test
    void plainTextNamedCsvGzIsReadByItsContent() throws Exception {
        JsonNode sniffed = Corpus.manifest().get("files").findParent("content_sniffed").get("content_sniffed");
        try (TableContent t = open("files/corrupt/not_gzip.csv.gz")) {
            assertThat(t.totalRows()).isEqualTo(sniffed.get("rows").asLong());
            assertThat(t.dataColumns().stream().map(ColumnInfo::name).toList()).containsExactlyElementsOf(texts(sniffed.get("columns")));
            assertThat(t.page(TableQuery.ALL, 0, 5)).containsExactly(List.of("3;4;5"), List.of("6;7;8"));
        }
    }

    static double num(String s) {
        switch (s.toLowerCase()) {
            case "inf": case "infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            case "nan": case "-nan": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }

    static List<String> texts(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
