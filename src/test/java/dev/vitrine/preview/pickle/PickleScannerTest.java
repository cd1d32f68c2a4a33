package dev.vitrine.preview.pickle;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.vitrine.preview.pickle.PandasFramesBoundsTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan is a stack machine with an allow-list: hostile pickles written opcode by opcode
 * ({@code make_fixtures.py} beside the fixtures) are refused with the global they would call.
 */
class PickleScannerTest {

    private static PickleScan scan(String fixture) throws Exception {
        return PickleScanner.scan(fixture(fixture));
    }

    @Test
    void stackGlobalResolvesWhatPythonWouldImportAfterPopDupAndPopMark() throws Exception {
        PickleScan s = scan("pop_hides_stack_global.pkl");
        assertThat(s.globals()).containsExactly("os system");
        assertThat(s.dangerous()).containsExactly("os system");
        assertThat(s.complete()).isTrue();
        PickleScan m = scan("dup_popmark_memo.pkl");
        assertThat(m.globals()).containsExactly("os system");
        assertThat(m.referencesCodeExecution()).isTrue();
    }

    @Test
    void gadgetsOutsideAnyDenyListAreCodeExecution() throws Exception {
        assertThat(scan("pkgutil_resolve_name.pkl").dangerous()).contains("pkgutil resolve_name");
        assertThat(scan("osx_support_read_output.pkl").dangerous()).containsExactly("_osx_support _read_output");
        assertThat(scan("imaplib_stream.pkl").dangerous()).containsExactly("imaplib IMAP4_stream");
        assertThat(scan("newobj_with_args.pkl").dangerous()).containsExactly("somelib Gadget");
        assertThat(scan("build_on_class.pkl").dangerous()).containsExactly("collections OrderedDict");
        assertThat(scan("inst_protocol0.pkl").dangerous()).containsExactly("os system");
        assertThat(scan("obj_protocol1.pkl").dangerous()).containsExactly("os system");
        assertThat(scan("factory_gets_gadget.pkl").dangerous()).containsExactly("subprocess Popen");
    }

    @Test
    void everyHostileFixtureIsRefusedByThePreview() throws Exception {
        for (String f : new String[] {"pop_hides_stack_global.pkl", "dup_popmark_memo.pkl", "pkgutil_resolve_name.pkl",
                "osx_support_read_output.pkl", "imaplib_stream.pkl", "newobj_with_args.pkl", "build_on_class.pkl",
                "inst_protocol0.pkl", "obj_protocol1.pkl", "factory_gets_gadget.pkl"}) {
            Path p = Files.createTempFile("hostile", ".pkl");
            try {
                Files.write(p, fixture(f));
                assertThat(PickleContent.open(p).refusal()).as(f).startsWith("Refused").contains("can run code");
            } finally {
                Files.delete(p);
            }
        }
    }

    @Test
    void inertDataStaysSafe() throws Exception {
        PickleScan s = scan("range_3.pkl");
        assertThat(s.referencesCodeExecution()).isFalse();
        assertThat(s.globals()).contains("pandas.core.frame DataFrame", "numpy.core.numeric _frombuffer");
        assertThat(PickleScanner.scan(Files.readAllBytes(PickleTest.fixture("plain_protocol4.pkl"))).dangerous()).isEmpty();
        assertThat(PickleScanner.scan(Files.readAllBytes(PickleTest.fixture("plain_protocol0.pkl"))).dangerous()).isEmpty();
        assertThat(PickleScanner.scan(Files.readAllBytes(PickleTest.fixture("ndarray.pkl"))).dangerous()).isEmpty();
    }

    @Test
    void underflowAndMissingMemoAreCorruptNotSafe() {
        assertThat(PickleScanner.scan(new byte[] {(byte) 0x80, 4, 'R', '.'}).error()).contains("underflow");
        assertThat(PickleScanner.scan(new byte[] {(byte) 0x80, 4, 'h', 5, '.'}).error()).contains("memo");
    }
}
