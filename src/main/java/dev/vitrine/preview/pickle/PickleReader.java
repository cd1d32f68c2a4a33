package dev.vitrine.preview.pickle;

import dev.vitrine.preview.PreviewContent;
import dev.vitrine.preview.PreviewException;
import dev.vitrine.preview.PreviewReader;
import dev.vitrine.preview.Sniff;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pickles by artifact type, content type, extension, or a protocol 2+ header. */
public final class PickleReader implements PreviewReader {
    @Override
    public int score(Sniff s) {
        if ("pickle".equals(s.artifactType()) || "application/pickle".equals(s.contentType())) return 75;
        if (s.hasExtension(".pkl", ".pickle", ".pckl")) return 70;
        byte[] h = s.head();
        if (h.length > 2 && (h[0] & 0xff) == 0x80 && h[1] >= 2 && h[1] <= 5 && !s.isZip()) return 30;
        return 0;
    }

    @Override
    public PreviewContent open(Sniff sniff) throws PreviewException {
        PickleContent pickle = PickleContent.open(sniff.file());
        if (pickle.refusal() != null) return pickle;
        // a pandas DataFrame (a safe one: the scan refused nothing) is shown as the table it is
        var frame = PandasFrames.frame(pickle.root());
        if (frame.isEmpty()) return pickle;
        Path csv = null;
        try {
            csv = Files.createTempFile("vitrine-frame-", ".csv");
            writeCsv(frame.get(), csv);
            PreviewContent table = new dev.vitrine.preview.table.TableReader(false).open(Sniff.of(csv, sniff.file().getFileName() + ".csv", "pandas", "text/csv"));
            deleteWhenLoaded(table, csv);
            pickle.close();
            return table;
        } catch (IOException | PreviewException | RuntimeException e) {
            if (csv != null) csv.toFile().delete();
            return pickle; // the object tree is still there to look at
        }
    }

    private static void writeCsv(PandasFrames.Frame f, Path csv) throws IOException {
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            // as pandas' to_csv writes it: the index first, under its name (empty when unnamed)
            w.write(quote(f.indexName()));
            for (String c : f.columns()) w.write("," + quote(c));
            w.write('\n');
            for (int r = 0; r < f.rows().size(); r++) {
                String[] row = f.rows().get(r);
                w.write(quote(f.index().get(r)));
                for (String cell : row) {
                    w.write(',');
                    if (cell != null) w.write(quote(cell));
                }
                w.write('\n');
            }
        }
    }

    /** Every value quoted, so that an empty string stays a string and commas or newlines stay inside. */
    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The CSV is only needed until DuckDB has loaded it. */
    private static void deleteWhenLoaded(PreviewContent table, Path csv) {
        csv.toFile().deleteOnExit();
        if (!(table instanceof dev.vitrine.preview.table.TableContent t)) return;
        // no thread of its own: the delete follows the load wherever it finished
        t.ready().whenComplete((ok, failed) -> {
            try {
                Files.deleteIfExists(csv);
            } catch (IOException ignored) {
                // left to deleteOnExit and the start-up sweep
            }
        });
    }
}
