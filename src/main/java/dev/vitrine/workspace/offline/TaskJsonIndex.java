package dev.vitrine.workspace.offline;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.workspace.WorkspaceException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * task.json read in one streaming pass: every field but {@code execution.artifacts} as a tree, and
 * of the artifacts only each entry's key and where its bytes are in the file. An entry is parsed
 * when it is asked for ({@link #read}), so a task with a million artifacts costs a few dozen MB of
 * index instead of a million trees (each ~1 KB of heap).
 *
 * <p>The offsets are only as good as the file: {@link #read} checks each entry's key again and
 * refuses when task.json changed under it.
 */
final class TaskJsonIndex {

    /**
     * The largest task.json opened. Reading is about 1 s per 300 MB (a million artifacts) on the
     * project's 2-core machine, so 1 GB keeps opening a session to a few seconds; past it the user
     * gets the cap, not a long wait.
     */
    static final long MAX_TASK_JSON_BYTES = 1L << 30;
    /**
     * The most artifacts indexed: each costs ~90 bytes of index (key, offset, length, sort slot),
     * so four million stay under ~400 MB of heap, inside the app's default heap on an 8 GB machine.
     */
    static final int MAX_ARTIFACTS = 4_000_000;
    /** Everything but the artifacts is held as a tree: bounded like the tree of a whole task.json used to be. */
    static final long MAX_TREE_BYTES = 64L << 20;
    /** One artifact entry is a few hundred bytes; a bigger one is not an artifact the SDK wrote. */
    static final int MAX_ENTRY_BYTES = 16 << 20;

    /** A way to read task.json again. */
    interface Source {
        InputStream open() throws IOException;

        /** A reader of byte ranges asked for in ascending order; sources that cannot seek inflate forward. */
        default Ranges ranges() throws IOException {
            InputStream in = open();
            return new Ranges() {
                private long pos;

                @Override
                public byte[] readAt(long offset, int len) throws IOException {
                    in.skipNBytes(offset - pos);
                    byte[] b = in.readNBytes(len);
                    pos = offset + b.length;
                    return b;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }
    }

    /** Reads byte ranges of task.json, each starting at or after the end of the one before. */
    interface Ranges extends java.io.Closeable {
        byte[] readAt(long offset, int len) throws IOException;
    }

    private final Source source;
    private final String where;
    private final ObjectNode fields;
    private final String[] keys;
    private final long[] offsets;
    private final int[] lengths;
    private final int count;
    private final long size;
    /** Entry numbers in key order, made on the first paged read (sorting a million keys is ~0.5 s). */
    private volatile int[] byKey;

    private TaskJsonIndex(Source source, String where, ObjectNode fields, String[] keys, long[] offsets, int[] lengths, int count, long size) {
        this.source = source;
        this.size = size;
        this.where = where;
        this.fields = fields;
        this.keys = keys;
        this.offsets = offsets;
        this.lengths = lengths;
        this.count = count;
    }

    /**
     * Reads task.json once from {@code source}.
     *
     * @throws WorkspaceException past a cap, or when it is not a JSON object
     */
    static TaskJsonIndex read(Source source, String where) throws IOException {
        try (InputStream in = capped(source.open(), where); JsonParser p = OfflineSession.JSON.createParser(in)) {
            return new Builder(source, where, p).build();
        } catch (JacksonException e) {
            throw new WorkspaceException("task.json is not valid JSON (" + where + ", line "
                    + e.getLocation().getLineNr() + ")", e);
        }
    }

    /** task.json without {@code execution.artifacts} (the array itself is kept, empty, when the file has one). */
    ObjectNode fields() {
        return fields;
    }

    int count() {
        return count;
    }

    /** Bytes read up to the end of the task object. */
    long size() {
        return size;
    }

    /** Entries whose key is {@code key}, in file order, without reading any other entry. */
    List<JsonNode> withKey(String key) throws IOException {
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < count; i++) if (keys[i].equals(key)) hits.add(i);
        return read(hits.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The entries from {@code from} (inclusive) to {@code to} in key order, as the server sorts them. */
    List<JsonNode> sortedRange(int from, int to) throws IOException {
        int[] order = byKey();
        return read(Arrays.copyOfRange(order, Math.max(0, from), Math.min(count, to)));
    }

    private int[] byKey() {
        int[] order = byKey;
        if (order == null) {
            // a stable sort, so entries sharing a key (an input and an output) keep their file order
            order = IntStream.range(0, count).boxed().sorted(Comparator.comparing(i -> keys[i])).mapToInt(Integer::intValue).toArray();
            byKey = order;
        }
        return order;
    }

    /** Parses the given entries, returned in the order given, read in file order. */
    private List<JsonNode> read(int[] entries) throws IOException {
        Integer[] byOffset = IntStream.range(0, entries.length).boxed().toArray(Integer[]::new);
        Arrays.sort(byOffset, Comparator.comparingLong(i -> offsets[entries[i]]));
        JsonNode[] out = new JsonNode[entries.length];
        try (Ranges in = source.ranges()) {
            for (int i : byOffset) {
                int e = entries[i];
                byte[] bytes = in.readAt(offsets[e], lengths[e]);
                JsonNode node = null;
                try {
                    if (bytes.length == lengths[e]) node = OfflineSession.JSON.readTree(bytes);
                } catch (JacksonException ignored) {
                    // the file changed: reported below
                }
                if (node == null || !keys[e].equals(OfflineSession.text(node, "key"))) {
                    throw new WorkspaceException("task.json changed since the session was opened (" + where + "): open the session again");
                }
                out[i] = node;
            }
        }
        return Arrays.asList(out);
    }

    private static final class Builder {
        private final Source source;
        private final String where;
        private final JsonParser p;
        private String[] keys = new String[1024];
        private long[] offsets = new long[1024];
        private int[] lengths = new int[1024];
        private int count;
        private long artifactBytes;

        Builder(Source source, String where, JsonParser p) {
            this.source = source;
            this.where = where;
            this.p = p;
        }

        TaskJsonIndex build() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new WorkspaceException("task.json is not a JSON object (" + where + ")");
            }
            ObjectNode root = OfflineSession.JSON.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("execution") && value == JsonToken.START_OBJECT) {
                    root.set(name, execution());
                } else {
                    root.set(name, OfflineSession.JSON.readTree(p));
                }
                checkTree();
            }
            if (p.currentToken() != JsonToken.END_OBJECT) throw new WorkspaceException("task.json is not valid JSON (" + where + ")");
            return new TaskJsonIndex(source, where, root, keys, offsets, lengths, count, p.currentLocation().getByteOffset());
        }

        private ObjectNode execution() throws IOException {
            ObjectNode exec = OfflineSession.JSON.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("artifacts") && value == JsonToken.START_ARRAY) {
                    long start = p.currentTokenLocation().getByteOffset();
                    artifacts();
                    artifactBytes += p.currentLocation().getByteOffset() - start;
                    exec.putArray(name);
                } else {
                    exec.set(name, OfflineSession.JSON.readTree(p));
                }
                checkTree();
            }
            return exec;
        }

        private void artifacts() throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                long start = p.currentTokenLocation().getByteOffset();
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                String key = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    boolean isKey = p.currentName().equals("key");
                    JsonToken v = p.nextToken();
                    if (isKey) key = v.isScalarValue() && v != JsonToken.VALUE_NULL ? p.getText() : null;
                    else p.skipChildren();
                }
                long length = p.currentLocation().getByteOffset() - start;
                if (key == null) continue;
                if (length > MAX_ENTRY_BYTES) {
                    throw new WorkspaceException("task.json has an artifact entry of " + (length >> 20) + " MB (" + where
                            + "): Vitrine reads entries of at most " + (MAX_ENTRY_BYTES >> 20) + " MB");
                }
                add(key, start, (int) length);
            }
        }

        private void add(String key, long offset, int length) {
            if (count == MAX_ARTIFACTS) {
                throw new WorkspaceException("task.json lists more than " + MAX_ARTIFACTS + " artifacts (" + where
                        + "): Vitrine opens offline sessions of at most " + MAX_ARTIFACTS + " artifacts");
            }
            if (count == keys.length) {
                int n = (int) Math.min(MAX_ARTIFACTS, count * 2L);
                keys = Arrays.copyOf(keys, n);
                offsets = Arrays.copyOf(offsets, n);
                lengths = Arrays.copyOf(lengths, n);
            }
            keys[count] = key;
            offsets[count] = offset;
            lengths[count] = length;
            count++;
        }

        /** What is kept as a tree is everything read so far but the artifacts. */
        private void checkTree() {
            long tree = p.currentLocation().getByteOffset() - artifactBytes;
            if (tree > MAX_TREE_BYTES) {
                throw new WorkspaceException("task.json holds " + (tree >> 20) + " MB besides its artifacts (" + where
                        + "): Vitrine opens offline sessions with at most " + (MAX_TREE_BYTES >> 20) + " MB of other task fields");
            }
        }
    }

    /** Refuses a task.json past {@link #MAX_TASK_JSON_BYTES} while it is read, before the pass spends time on it. */
    static InputStream capped(InputStream raw, String where) {
        return capped(raw, MAX_TASK_JSON_BYTES, () -> new WorkspaceException("task.json is larger than " + (MAX_TASK_JSON_BYTES >> 20) + " MB (" + where
                + "): Vitrine opens offline sessions whose task.json is at most " + (MAX_TASK_JSON_BYTES >> 20) + " MB"));
    }

    /** {@code raw}, throwing {@code tooBig} as soon as more than {@code limit} bytes have been read. */
    static InputStream capped(InputStream raw, long limit, java.util.function.Supplier<? extends RuntimeException> tooBig) {
        return new FilterInputStream(raw) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) count(1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) count(n);
                return n;
            }

            private void count(long n) {
                read += n;
                if (read > limit) throw tooBig.get();
            }
        };
    }
}
