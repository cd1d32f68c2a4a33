package dev.vitrine.preview.table;

import dev.vitrine.preview.Sniff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The second open of a slow CSV attaches the table stored after the first, and never a stale or damaged one. */
class TableStoreTest {

    @TempDir
    Path dir;

    private Path csv(String name, int rows, int salt) throws IOException {
        StringBuilder b = new StringBuilder("id,name,value\n");
        for (int i = 0; i < rows; i++) b.append(i).append(",row").append(i).append(',').append(i * 0.5 + salt).append('\n');
        Path f = dir.resolve(name);
        Files.writeString(f, b);
        return f;
    }

    private TableContent open(TableStore store, Path file) throws Exception {
        TableContent t = (TableContent) new TableReader(true, null, store).open(Sniff.of(file));
        t.awaitReady();
        return t;
    }

    /** The published tables of the store (not the ones being written). */
    private static List<Path> stored(Path root) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(d -> !d.getFileName().toString().contains(".tmp-") && Files.isRegularFile(d.resolve(TableStore.DB))).toList();
        }
    }

    private static void awaitStored(Path root, int n) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stored(root).size() < n) {
            if (System.nanoTime() > until) throw new AssertionError("not stored: " + stored(root));
            Thread.sleep(20);
        }
    }

    @Test
    void theSecondOpenAttachesTheStoredTableWithTheSameRows() throws Exception {
        Path root = dir.resolve("tables");
        TableStore store = new TableStore(root, 1L << 30, Duration.ZERO);
        Path file = csv("metrics.csv", 3000, 0);
        List<List<String>> first;
        try (TableContent t = open(store, file)) {
            assertThat(t.fromStore()).isFalse();
            first = t.page(TableQuery.ALL.withSort("value", true), 0, 10);
            awaitStored(root, 1);
        }
        try (TableContent t = open(store, file)) {
            assertThat(t.fromStore()).isTrue();
            assertThat(t.totalRows()).isEqualTo(3000);
            assertThat(t.page(TableQuery.ALL.withSort("value", true), 0, 10)).isEqualTo(first);
            assertThat(t.count(TableQuery.ALL.withWhere("value > 1000"))).isEqualTo(999);
        }
        assertThat(stored(root)).hasSize(1);
    }

    @Test
    void anEditedFileIsLoadedAgainNotTakenFromTheStore() throws Exception {
        Path root = dir.resolve("tables");
        TableStore store = new TableStore(root, 1L << 30, Duration.ZERO);
        Path file = csv("metrics.csv", 3000, 0);
        try (TableContent t = open(store, file)) {
            awaitStored(root, 1);
        }
        csv("metrics.csv", 3001, 7); // same name, new content (a re-download)
        try (TableContent t = open(store, file)) {
            assertThat(t.fromStore()).isFalse();
            assertThat(t.totalRows()).isEqualTo(3001);
        }
    }

    @Test
    void aDamagedStoredTableIsIgnoredAndTheFileLoaded() throws Exception {
        Path root = dir.resolve("tables");
        TableStore store = new TableStore(root, 1L << 30, Duration.ZERO);
        Path file = csv("metrics.csv", 3000, 0);
        try (TableContent t = open(store, file)) {
            awaitStored(root, 1);
        }
        Files.write(stored(root).get(0).resolve(TableStore.DB), new byte[] {1, 2, 3, 4});
        try (TableContent t = open(store, file)) {
            assertThat(t.fromStore()).isFalse();
            assertThat(t.totalRows()).isEqualTo(3000);
            assertThat(t.page(TableQuery.ALL, 0, 1).get(0)).containsExactly("0", "row0", "0.0");
        }
    }

    @Test
    void aQuickLoadIsNotStored() throws Exception {
        Path root = dir.resolve("tables");
        TableStore store = new TableStore(root, 1L << 30, Duration.ofHours(1));
        try (TableContent t = open(store, csv("small.csv", 100, 0))) {
            assertThat(t.totalRows()).isEqualTo(100);
        }
        assertThat(stored(root)).isEmpty();
    }

    @Test
    void pastTheLimitTheLeastRecentlyUsedTableGoes() throws Exception {
        Path root = dir.resolve("tables");
        TableStore store = new TableStore(root, 1, Duration.ZERO); // room for the newest only
        Path a = csv("a.csv", 2000, 0), b = csv("b.csv", 2000, 1);
        try (TableContent t = open(store, a)) {
            awaitStored(root, 1);
        }
        Path first = stored(root).get(0);
        try (TableContent t = open(store, b)) {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (stored(root).contains(first) || stored(root).isEmpty()) {
                if (System.nanoTime() > until) throw new AssertionError("not evicted: " + stored(root));
                Thread.sleep(20);
            }
        }
        assertThat(stored(root)).hasSize(1).doesNotContain(first);
        try (TableContent t = open(store, b)) {
            assertThat(t.fromStore()).isTrue();
        }
    }

    @Test
    void aFilterCannotReachAnotherStoredTable() throws Exception {
        Path root = dir.resolve("tables");
        TableStore store = new TableStore(root, 1L << 30, Duration.ZERO);
        Path a = csv("a.csv", 2000, 0), b = csv("b.csv", 2000, 1);
        try (TableContent t = open(store, a)) {
            awaitStored(root, 1);
        }
        Path other = stored(root).get(0).resolve(TableStore.DB);
        try (TableContent t = open(store, b)) {
            assertThat(t.validateWhere("id IN (SELECT 1 FROM read_blob('" + other + "'))")).isNotNull();
        }
    }
}
