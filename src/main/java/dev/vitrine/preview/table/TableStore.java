package dev.vitrine.preview.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * DuckDB databases of the CSVs that were slow to load, so the second open of a large CSV (a
 * 1M-row csv.gz takes seconds to decompress and parse) attaches the stored table instead of
 * loading it again. One folder per table, named by a hash of the file's path, size, modification
 * time and the options it was read with: a re-downloaded or edited file gets a new name, never a
 * stale table. A table is written beside its final name and moved into place only when complete;
 * a store that does not open is ignored and the file loaded as usual. Least recently used tables
 * go first when the store passes its size limit. The store lives in Vitrine's own cache, not in
 * the ClearML SDK's.
 */
public final class TableStore {

    static final String DB = "t.duckdb";
    private static final String STAGING = ".tmp-";

    private final Path root;
    private final long capBytes;
    private final Duration minLoad;

    /**
     * @param root     the store's folder (made on first write)
     * @param capBytes the most the stored tables may take together
     * @param minLoad  a table is stored only when loading it took at least this long
     */
    public TableStore(Path root, long capBytes, Duration minLoad) {
        this.root = root.toAbsolutePath();
        this.capBytes = capBytes;
        this.minLoad = minLoad;
    }

    /** Where a table read from {@code file} with {@code spec} (how it was read) is kept. */
    Slot slot(Path file, String spec) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String key = sha256(file.toAbsolutePath().normalize() + "\n" + a.size() + "\n" + a.lastModifiedTime().toMillis() + "\n" + spec);
        String name = key.substring(0, 40);
        return new Slot(root.resolve(name), root.resolve(name + STAGING + UUID.randomUUID()));
    }

    /** One table's folder, and the folder it is written in before it is moved there. */
    record Slot(Path dir, Path staging) {
        Path db() {
            return dir.resolve(DB);
        }

        boolean published() {
            return Files.isRegularFile(db(), LinkOption.NOFOLLOW_LINKS);
        }

        /** The folders the table's sandboxed connection may reach (see {@link Duck#connect}). */
        List<Path> folders() {
            return List.of(dir, staging);
        }
    }

    boolean worthStoring(Duration load) {
        return load.compareTo(minLoad) >= 0;
    }

    /**
     * Makes the stored table {@code t} of the connection's database; false when it cannot be read
     * (another DuckDB version, a damaged file), and then the caller loads the file.
     */
    boolean attach(Connection c, Slot slot) {
        try (Statement st = c.createStatement()) {
            st.execute("ATTACH " + Duck.literal(slot.db().toString()) + " AS vitrine_store (READ_ONLY)");
            try {
                st.execute("CREATE VIEW t AS SELECT * FROM vitrine_store.t");
            } catch (SQLException e) {
                st.execute("DETACH vitrine_store");
                throw e;
            }
        } catch (SQLException e) {
            return false;
        }
        try {
            Files.setLastModifiedTime(slot.db(), FileTime.from(Instant.now())); // recently used
        } catch (IOException | RuntimeException ignored) {
            // still usable; only its place in the eviction order is stale
        }
        return true;
    }

    /**
     * Writes table {@code t} of {@code c}'s database into the slot's staging folder, then moves
     * it into place. {@code c} is a second connection to the database a viewer queries, so the
     * viewer is not held up; cancelling its statement (closing the viewer) leaves nothing.
     */
    void write(Connection c, Slot slot, java.util.function.Consumer<Statement> running) throws SQLException, IOException {
        Files.createDirectories(slot.staging());
        boolean done = false;
        try {
            try (Statement st = c.createStatement()) {
                running.accept(st);
                st.execute("ATTACH " + Duck.literal(slot.staging().resolve(DB).toString()) + " AS vitrine_store_new");
                try {
                    st.execute("CREATE TABLE vitrine_store_new.t AS SELECT * FROM t");
                    // DETACH alone leaves the file's header to the database's shutdown, which the
                    // viewer's open connection delays: another process would see an empty file
                    st.execute("CHECKPOINT vitrine_store_new");
                } finally {
                    st.execute("DETACH vitrine_store_new");
                }
            } finally {
                running.accept(null);
            }
            publish(slot);
            done = true;
        } finally {
            if (!done) Duck.deleteTree(slot.staging());
        }
        evict(slot);
    }

    private void publish(Slot slot) throws IOException {
        try {
            Files.move(slot.staging(), slot.dir(), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException another) {
            Duck.deleteTree(slot.staging()); // another window or process stored it first
        } catch (AtomicMoveNotSupportedException e) {
            Duck.deleteTree(slot.staging());
        }
    }

    /** Removes the least recently used tables past the limit, and staging folders a crash left behind. */
    void evict(Slot keep) {
        record Stored(Path dir, long size, FileTime used) {}
        List<Stored> stored = new ArrayList<>();
        long total = 0;
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                try {
                    if (d.getFileName().toString().contains(STAGING)) {
                        if (Files.getLastModifiedTime(d).toInstant().isBefore(hourAgo)) Duck.deleteTree(d);
                        continue;
                    }
                    Path db = d.resolve(DB);
                    if (!Files.isRegularFile(db, LinkOption.NOFOLLOW_LINKS)) continue;
                    long size = 0;
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
                        for (Path f : files) size += Files.size(f);
                    }
                    stored.add(new Stored(d, size, Files.getLastModifiedTime(db)));
                    total += size;
                } catch (IOException | RuntimeException ignored) {
                    // being written or removed by another process
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        stored.sort(java.util.Comparator.comparing(Stored::used));
        for (Stored s : stored) {
            if (total <= capBytes) break;
            if (keep != null && s.dir().equals(keep.dir())) continue;
            Duck.deleteTree(s.dir()); // an open viewer keeps reading its file where the OS allows
            total -= s.size();
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
