package dev.vitrine.preview.pickle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.preview.table.ColumnInfo;
import dev.vitrine.preview.table.TableContent;
import dev.vitrine.preview.table.TableQuery;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every DataFrame pickled by the SDK in the corpus sessions (facts read with pandas.read_pickle) is
 * shown as its table, rebuilt without running anything: rows, columns, missing values and pandas'
 * first rows as the manifest gives them.
 */
class PickledFrameCorpusTest {

    @TempDir Path tmp;

    @TestFactory
    Stream<DynamicTest> pickledFramesAreTables() {
        Corpus.require();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode s : Corpus.manifest().get("sessions")) {
            for (JsonNode a : s.path("artifacts")) {
                if (!a.path("facts").path("reader").asText().startsWith("pandas.read_pickle")) continue;
                tests.add(DynamicTest.dynamicTest(a.get("zip_member").asText(), () -> check(Corpus.file(s.get("path").asText()), a)));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    private void check(Path zip, JsonNode a) throws Exception {
        JsonNode facts = a.get("facts");
        Path file = tmp.resolve(Path.of(a.get("zip_member").asText()).getFileName().toString());
        try (ZipFile z = new ZipFile(zip.toFile()); InputStream in = z.getInputStream(z.getEntry(a.get("zip_member").asText()))) {
            Files.copy(in, file);
        }
        JsonNode entry = a.get("task_json_entry");
        try (PreviewContent c = StandardReaders.previewers().open(file, file.getFileName().toString(), entry.path("type").asText(null),
                entry.path("type_data").path("content_type").asText(null))) {
            assertThat(c).isInstanceOf(TableContent.class);
            TableContent t = (TableContent) c;
            assertThat(t.totalRows()).isEqualTo(facts.get("rows").asLong());
            List<ColumnInfo> cols = t.dataColumns();
            List<String> names = new ArrayList<>();
            facts.get("columns").forEach(n -> names.add(n.asText()));
            assertThat(cols.stream().map(ColumnInfo::name).toList()).containsExactlyElementsOf(names);
            List<Long> nulls = t.nullCounts(cols);
            for (int i = 0; i < cols.size(); i++) {
                assertThat(nulls.get(i)).as("missing in " + cols.get(i).name()).isEqualTo(facts.get("missing_counts").get(cols.get(i).name()).asLong());
            }
            JsonNode first = facts.get("first_rows");
            assertThat(t.indexColumns()).hasSize(1); // pandas' RangeIndex, kept apart as for the SDK's csv.gz frames
            int skip = t.indexColumns().size();
            List<List<String>> page = t.page(TableQuery.ALL, 0, first.size());
            for (int r = 0; r < first.size(); r++) {
                for (int col = 0; col < cols.size(); col++) {
                    String want = first.get(r).get(col).asText();
                    String got = page.get(r).get(col + skip);
                    if (want.equals("nan") || want.equals("NaT") || want.equals("None")) assertThat(got).isNull();
                    else if (cols.get(col).numeric() && !want.equals("inf") && !want.equals("-inf")) {
                        assertThat(Double.parseDouble(got)).as(cols.get(col).name()).isCloseTo(Double.parseDouble(want), within(Math.abs(Double.parseDouble(want)) * 1e-12));
                    } else assertThat(got).as(cols.get(col).name()).isEqualToIgnoringCase(want.equals("inf") ? "inf" : want);
                }
            }
        }
    }
}
