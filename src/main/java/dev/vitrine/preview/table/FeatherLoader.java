package dev.vitrine.preview.table;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Feather v2 (Arrow IPC file) into DuckDB: Arrow Java reads the record batches (LZ4-frame through
 * {@link Lz4FrameCodec}, ZSTD
 * compressed ones too) and hands them to DuckDB as a C-data stream, which DuckDB copies into table
 * {@code t}. DuckDB's own arrow extension would need a download, so it is not used.
 */
final class FeatherLoader {
    private FeatherLoader() {}

    static void load(Connection c, Path file) throws SQLException, IOException {
        try (BufferAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, alloc, Lz4FrameCodec.FACTORY);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(alloc)) {
            Data.exportArrayStream(alloc, reader, stream);
            c.unwrap(DuckDBConnection.class).registerArrowStream("feather_source", stream);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t AS SELECT * FROM feather_source");
            }
        } catch (IllegalArgumentException | IllegalStateException | org.apache.arrow.memory.OutOfMemoryException e) {
            throw new IOException("not a readable feather file (" + e.getMessage() + ")", e);
        }
    }
}
