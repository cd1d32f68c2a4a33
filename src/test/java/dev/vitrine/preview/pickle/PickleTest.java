package dev.vitrine.preview.pickle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.standard.StandardReaders;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PickleTest {

    static Path fixture(String name) {
        return Path.of("src/test/resources/fixtures", name);
    }

    @AfterAll
    static void nothingEverRan() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("clearml_acceptance_PWNED_")))
                    .as("marker files left by an executed pickle payload").isEmpty();
        }
    }

    @Test
    void hostileCorpusPicklesAreScannedExactlyAndRefused() throws Exception {
        int seen = 0;
        for (JsonNode f : Corpus.manifest().get("files")) {
            JsonNode scan = f.path("facts").path("pickle_scan");
            if (scan.isMissingNode()) continue;
            seen++;
            Path p = Corpus.file(f.get("path").asText());
            PickleScan s = PickleScanner.scan(Files.readAllBytes(p));
            assertScanMatches(s, scan, f.get("path").asText());
            try (PreviewContent c = StandardReaders.previewers().open(p)) {
                assertThat(c).isInstanceOf(PickleContent.class);
                PickleContent pc = (PickleContent) c;
                assertThat(pc.refusal()).contains("posix.system").contains("can run code");
                assertThatThrownBy(() -> c.inspect(5)).isInstanceOf(PreviewException.class).hasMessageContaining("Refused");
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(4);
    }

    static void assertScanMatches(PickleScan s, JsonNode e, String what) {
        if (e.get("protocol").isNull()) assertThat(s.protocol()).as(what).isNull();
        else assertThat(s.protocol()).as(what).isEqualTo(e.get("protocol").asInt());
        assertThat(s.opcodes()).as(what + " opcodes").isEqualTo(e.get("opcodes").asLong());
        assertThat(s.reduceOps()).as(what).isEqualTo(e.get("reduce_ops").asLong());
        assertThat(s.buildOps()).as(what).isEqualTo(e.get("build_ops").asLong());
        assertThat(s.persistentIds()).as(what).isEqualTo(e.get("persistent_ids").asLong());
        List<String> globals = new ArrayList<>();
        e.get("globals").forEach(g -> globals.add(g.asText()));
        assertThat(s.globals()).as(what).containsExactlyInAnyOrderElementsOf(globals);
        assertThat(s.referencesCodeExecution()).as(what).isEqualTo(e.get("references_code_execution").asBoolean());
    }

    @Test
    void sessionPicklesAreScannedLikeTheManifestAndDecodedWithoutRunningAnything() throws Exception {
        Path zip = Corpus.file("sessions/artifact_kinds.zip");
        int seen = 0;
        for (JsonNode s : Corpus.manifest().get("sessions")) {
            if (!s.get("path").asText().endsWith("artifact_kinds.zip")) continue;
            for (JsonNode a : s.get("artifacts")) {
                JsonNode scan = a.path("facts").path("pickle_scan");
                if (scan.isMissingNode()) continue;
                try (ZipFile z = new ZipFile(zip.toFile())) {
                    ZipEntry e = z.getEntry(a.get("zip_member").asText());
                    byte[] bytes = z.getInputStream(e).readAllBytes();
                    assertScanMatches(PickleScanner.scan(bytes), scan, a.get("zip_member").asText());
                    Path tmp = Files.createTempFile("pkl", ".pkl");
                    Files.write(tmp, bytes);
                    PickleContent c = PickleContent.open(tmp);
                    assertThat(c.refusal()).isNull();
                    assertThat(c.inspect(5)).containsEntry("kind", "tree").containsEntry("format", "pickle");
                    Files.delete(tmp);
                    seen++;
                }
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReduceThatWouldRunCodeIsRefusedAndNeverRuns() throws Exception {
        PickleContent c = PickleContent.open(fixture("reduce_payload.pkl"));
        assertThat(c.scan().dangerous()).containsExactly("posix system");
        assertThat(c.refusal()).contains("posix.system");
        // even forced through the decoder, the call is only recorded by name
        Object root = new PickleDecoder().decode(Files.readAllBytes(fixture("reduce_payload.pkl")));
        PyObject payload = (PyObject) ((Map<?, ?>) root).get("payload");
        assertThat(payload.className()).isEqualTo("posix.system");
        assertThat(Path.of("/tmp/clearml_acceptance_PWNED_vitrine_fixture")).doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dictOrderClassesAndValuesAreKept() throws Exception {
        PickleContent c = PickleContent.open(fixture("plain_protocol4.pkl"));
        Map<?, ?> root = (Map<?, ?>) c.root();
        assertThat(new ArrayList<Object>(root.keySet())).containsExactly("z_first", "a_second", "tuple", "bytes", "nested", "vec", "big", "set");
        Map<?, ?> ordered = (Map<?, ?>) ((Map<?, ?>) root.get("nested")).get("k");
        assertThat(new ArrayList<Object>(ordered.keySet())).containsExactly("zeta", "alpha", "mid");
        PyObject vec = (PyObject) root.get("vec");
        assertThat(vec.className()).isEqualTo("__main__.Vec");
        assertThat((Map<Object, Object>) vec.state()).containsEntry("x", 3).containsEntry("y", -4);
        assertThat(root.get("big").toString()).isEqualTo("1180591620717411303424");
        assertThat(c.describes()).isEqualTo("Vec instance (module __main__)");
        Map<String, Object> m = c.inspect(3);
        assertThat(m).containsEntry("root_type", "dict").containsEntry("size", 8);
        assertThat((List<?>) m.get("outline")).hasSize(3).first().asString().startsWith("z_first: int = 1");

        PickleContent p0 = PickleContent.open(fixture("plain_protocol0.pkl"));
        assertThat(new ArrayList<Object>(((Map<?, ?>) p0.root()).keySet())).containsExactly("b", "a", "vec");
        assertThat(((PyObject) ((Map<?, ?>) p0.root()).get("vec")).className()).isEqualTo("__main__.Vec");
    }

    @Test
    void aPickledDataFrameOrNdarraySaysWhatItIs() throws Exception {
        PickleContent df = PickleContent.open(fixture("frame.pickle"));
        assertThat(df.describes()).isEqualTo("pandas DataFrame");
        assertThat(PickleTree.typeName(df.root())).isEqualTo("DataFrame");
        PickleContent nd = PickleContent.open(fixture("ndarray.pkl"));
        assertThat(nd.describes()).isEqualTo("numpy ndarray");
        assertThat(((PyObject) nd.root()).className()).isEqualTo("numpy.ndarray");
    }

    @Test
    void corruptPicklesFailCleanly() throws Exception {
        byte[] good = Files.readAllBytes(fixture("plain_protocol4.pkl"));
        Path t = Files.createTempFile("trunc", ".pkl");
        Files.write(t, java.util.Arrays.copyOf(good, good.length / 2));
        assertThat(PickleContent.open(t).refusal()).contains("truncated");
        // a BINUNICODE8 declaring 2^60 bytes: refused by the scan, nothing allocated
        Files.write(t, new byte[] {(byte) 0x80, 4, (byte) 0x8d, 0, 0, 0, 0, 0, 0, 0, 0x10, 'x', '.'});
        assertThat(PickleContent.open(t).refusal()).contains("beyond its end");
        Files.delete(t);
    }
}
