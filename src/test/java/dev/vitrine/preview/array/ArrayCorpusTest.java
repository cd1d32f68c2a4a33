package dev.vitrine.preview.array;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.Previewers;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every npy/npz file of the reference corpus, read through the viewer's readers, against manifest.json. */
class ArrayCorpusTest {

    static void close(JsonNode expected, double actual, String what) {
        double e = num(expected);
        if (Double.isNaN(e)) {
            assertThat(actual).as(what).isNaN();
            return;
        }
        if (Double.isInfinite(e)) {
            assertThat(actual).as(what).isEqualTo(e);
            return;
        }
        assertThat(Math.abs(actual - e)).as(what + ": " + actual + " vs " + e).isLessThanOrEqualTo(1e-9 * Math.max(1e-300, Math.abs(e)) + 1e-300);
    }

    static double num(JsonNode n) {
        if (n.isTextual()) {
            switch (n.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: return Double.parseDouble(n.asText());
            }
        }
        if (n.isBoolean()) return n.asBoolean() ? 1 : 0;
        return n.decimalValue().doubleValue();
    }

    static void checkArray(NdArray a, JsonNode f) {
        List<Long> shape = new ArrayList<>();
        f.get("shape").forEach(s -> shape.add(s.asLong()));
        assertThat(a.shape()).as("shape").containsExactly(shape.stream().mapToLong(Long::longValue).toArray());
        assertThat(a.dtype().str()).as("dtype").isEqualTo(f.get("dtype").asText());
        assertThat(a.dtype().name()).as("dtype_name").isEqualTo(f.get("dtype_name").asText());
        assertThat(a.size()).isEqualTo(f.get("size").asLong());
        JsonNode first = f.get("first_elements_c_order");
        for (int i = 0; i < first.size(); i++) checkValue(a.valueAtFlat(i), first.get(i), a.name() + "[" + i + "]");
        if (f.has("last_element") && a.size() > 0) checkValue(a.valueAtFlat(a.size() - 1), f.get("last_element"), "last");
        if (f.has("element_at_last_index")) {
            JsonNode ix = f.get("element_at_last_index").get("index");
            long[] idx = new long[ix.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = ix.get(i).asLong();
            checkValue(a.value(a.storageIndex(idx)), f.get("element_at_last_index").get("value"), "at last index");
        }
        if (f.has("all_elements")) {
            for (int i = 0; i < f.get("all_elements").size(); i++) checkValue(a.valueAtFlat(i), f.get("all_elements").get(i), "element " + i);
        }
        if (a.dtype().isNumeric()) {
            ArrayStats s = a.summary();
            if (f.has("min")) close(f.get("min"), s.min(), "min");
            if (f.has("max")) close(f.get("max"), s.max(), "max");
            if (f.has("sum")) {
                if (f.get("sum").isArray()) {
                    close(f.get("sum").get(0), s.sum(), "sum re");
                    close(f.get("sum").get(1), s.sumImag(), "sum im");
                    close(f.get("mean").get(0), s.sum() / s.count(), "mean re");
                    close(f.get("mean").get(1), s.meanImag(), "mean im");
                } else {
                    close(f.get("sum"), s.sum(), "sum");
                }
            }
            if (f.has("mean") && !f.get("mean").isArray()) close(f.get("mean"), s.mean(), "mean");
            if (f.has("true_count")) assertThat((long) s.sum()).isEqualTo(f.get("true_count").asLong());
        }
        if (f.has("records")) {
            JsonNode recs = f.get("records");
            for (int r = 0; r < recs.size(); r++) {
                for (int c = 0; c < a.dtype().fields().size(); c++) {
                    checkValue(a.field(r, a.dtype().fields().get(c)), recs.get(r).get(c), "record " + r + " field " + c);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void checkValue(Object v, JsonNode e, String what) {
        if (e.isObject() && e.has("hex")) {
            assertThat(java.util.HexFormat.of().formatHex((byte[]) v)).as(what).isEqualTo(e.get("hex").asText());
        } else if (e.isArray() && v instanceof double[]) {
            close(e.get(0), ((double[]) v)[0], what + " re");
            close(e.get(1), ((double[]) v)[1], what + " im");
        } else if (e.isArray()) {
            List<Object> l = (List<Object>) v;
            assertThat(l).as(what).hasSize(e.size());
            for (int i = 0; i < e.size(); i++) checkValue(l.get(i), e.get(i), what + "." + i);
        } else if (e.isBoolean()) {
            assertThat(v).as(what).isEqualTo(e.asBoolean());
        } else if (e.isTextual() && !(e.asText().equals("NaN") || e.asText().contains("Infinity"))) {
            assertThat(v).as(what).isEqualTo(e.asText());
        } else {
            close(e, ((Number) v).doubleValue(), what);
        }
    }

    @TestFactory
    List<DynamicTest> npyFilesMatchTheManifest() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode f : Corpus.manifest().get("files")) {
            if (!f.get("kind").asText().equals("npy") || f.path("must_refuse").asBoolean()) continue;
            tests.add(DynamicTest.dynamicTest(f.get("path").asText(), () -> {
                Path p = Corpus.file(f.get("path").asText());
                NpyHeader h = NpyFile.header(p);
                JsonNode hh = f.get("facts").get("header");
                assertThat(h.version()).isEqualTo(hh.get("version").asText());
                assertThat(h.headerLen()).isEqualTo(hh.get("header_len").asInt());
                assertThat(h.dataOffset()).isEqualTo(hh.get("data_offset").asLong());
                assertThat(h.fortranOrder()).isEqualTo(hh.get("fortran_order").asBoolean());
                try (NdArray a = NpyFile.open(p)) {
                    checkArray(a, f.get("facts"));
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(15);
        return tests;
    }

    @TestFactory
    List<DynamicTest> npzFilesMatchTheManifest() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode f : Corpus.manifest().get("files")) {
            String path = f.get("path").asText();
            if (!f.get("kind").asText().equals("npz") && !path.endsWith("npz_halves_224MB.npz")) continue;
            tests.add(DynamicTest.dynamicTest(path, () -> {
                try (NpzFile z = NpzFile.open(Corpus.file(path))) {
                    List<String> keys = new ArrayList<>();
                    f.get("facts").get("keys").forEach(k -> keys.add(k.asText()));
                    assertThat(z.keys()).containsExactlyElementsOf(keys);
                    JsonNode members = f.get("facts").get("members");
                    for (int i = 0; i < members.size(); i++) {
                        ZipIndex.Entry e = z.members().get(i).entry();
                        assertThat(e.name()).isEqualTo(members.get(i).get("name").asText());
                        assertThat(e.method()).isEqualTo(members.get(i).get("compress_type").asInt());
                        assertThat(e.size()).isEqualTo(members.get(i).get("file_size").asLong());
                        assertThat(e.compressedSize()).isEqualTo(members.get(i).get("compress_size").asLong());
                    }
                    JsonNode arrays = f.get("facts").get("arrays");
                    if (arrays == null) return;
                    for (String k : keys) {
                        JsonNode af = arrays.get(k);
                        if (z.header(k).dataBytes() > NpzFile.HEAP_CAP) {
                            ArrayStats s = z.summary(k); // streamed, never inflated into the heap
                            close(af.get("sum"), s.sum(), "sum");
                            close(af.get("mean"), s.mean(), "mean");
                            close(af.get("min"), s.min(), "min");
                            close(af.get("max"), s.max(), "max");
                            assertThat(s.count()).isEqualTo(af.get("size").asLong());
                        } else {
                            try (NdArray a = z.array(k)) {
                                checkArray(a, af);
                            }
                        }
                    }
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(4);
        return tests;
    }

    @Test
    void objectArraysAreRefusedWithAClearMessage() {
        dev.vitrine.testutil.Corpus.require();
        for (String p : List.of("files/npy/object_dtype.npy", "files/hostile/object_array_payload.npy")) {
            assertThatThrownBy(() -> NpyFile.open(Corpus.file(p))).isInstanceOf(ArrayFormatException.class)
                    .hasMessageContaining("Python objects").hasMessageContaining("refuses");
        }
    }

    @Test
    void aHeaderDeclaring48TerabytesIsRefusedBeforeAnyAllocation() {
        dev.vitrine.testutil.Corpus.require();
        assertThatThrownBy(() -> NpyFile.open(Corpus.file("files/hostile/huge_shape_6e12.npy")))
                .isInstanceOf(ArrayFormatException.class)
                .hasMessageContaining("(3000000, 2000000)".replace("(", "[").replace(")", "]"))
                .hasMessageContaining("43.7 TB").hasMessageContaining("refused");
    }

    @Test
    void corruptFilesFailWithAMessage() {
        dev.vitrine.testutil.Corpus.require();
        Map<String, String> expected = Map.of(
                "files/corrupt/short_data.npy", "holds only 40 bytes",
                "files/corrupt/magic_only.npy", "ends inside the header",
                "files/corrupt/truncated.npz", "central directory is missing");
        expected.forEach((p, msg) -> {
            Previewers pv = StandardReaders.previewers();
            assertThatThrownBy(() -> {
                try (PreviewContent c = pv.open(Corpus.file(p))) {
                    c.inspect(5);
                }
            }).as(p).isInstanceOf(PreviewException.class).hasMessageContaining(msg);
        });
        assertThatThrownBy(() -> {
            try (NpzFile z = NpzFile.open(Corpus.file("files/corrupt/bad_member.npz"))) {
                z.array("v");
            }
        }).isInstanceOf(ArrayFormatException.class).hasMessageContaining("corrupt");
    }

    @Test
    void inspectGivesTheCliShape() throws Exception {
        try (PreviewContent c = StandardReaders.previewers().open(Corpus.file("files/npy/fortran_order.npy"))) {
            Map<String, Object> m = c.inspect(3);
            assertThat(m.keySet()).startsWith("kind", "name", "shape", "dtype");
            assertThat(m).containsEntry("kind", "array").containsEntry("dtype", "<f4").containsEntry("fortran_order", true)
                    .containsEntry("min", 0.5).containsEntry("max", 14.5).containsEntry("sum", 112.5).containsEntry("nan_count", 0L);
            assertThat(m.get("head")).isEqualTo(List.of("0.5", "1.5", "2.5"));
        }
        try (PreviewContent c = StandardReaders.previewers().open(Corpus.file("files/npy/multi_compressed.npz"))) {
            Map<String, Object> m = c.inspect(2);
            assertThat(m.get("kind")).isEqualTo("npz");
            assertThat((List<?>) m.get("arrays")).hasSize(4);
        }
    }
}
