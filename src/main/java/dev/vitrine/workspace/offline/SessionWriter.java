package dev.vitrine.workspace.offline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.SdkNaming;
import dev.vitrine.workspace.WorkspaceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Adds an artifact to an offline session exactly where the SDK would have put it while offline
 * (OFFLINE.md 2-3): the file under {@code data/<Q(project)>/<Q(task)>.<id>/artifacts/<R(key)>/<R(file)>},
 * the entry in {@code task.json} with the absolute uri under the recorded {@code offline_folder},
 * so that {@code Task.import_offline_session} uploads and re-homes it.
 *
 * <p>Nothing is half-written or lost on power loss: the file is copied to a temporary name,
 * flushed and renamed, task.json is re-read just before it is rewritten, flushed and replaced
 * atomically, each folder flushed after its rename; a zipped session is rewritten to a temporary
 * zip beside it, flushed and swapped in one rename. Replaced files keep their mode and owner, and
 * writers take the session's lock ({@link SessionLock}) for the whole read-change-write.
 */
final class SessionWriter {

    /** Python's {@code json.dump(sort_keys=True, ensure_ascii=True)}: ", " and ": " separators, ASCII only. */
    private static final ObjectMapper SDK_JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private SessionWriter() {}

    /**
     * @param entry      the artifact fields (key, type, hash, size, preview, ...); its uri is replaced
     * @param storedName the stored file's name (before R())
     * @param replace    overwrite an artifact with the same key (and mode output)
     * @return the registered entry, with its uri
     */
    static Artifact add(OfflineSession session, Artifact entry, String storedName, Path file, boolean replace) {
        return add(session, entry, storedName, file, replace, TREE_LIMIT);
    }

    /** @param treeLimit task.json up to this many bytes is rewritten from a tree (sorted as the SDK writes), past it streaming */
    static Artifact add(OfflineSession session, Artifact entry, String storedName, Path file, boolean replace, long treeLimit) {
        // read, change and write under one lock: two writers must not both start from the same task.json
        try (SessionLock ignored = SessionLock.acquire(session.source())) {
            return addLocked(session, entry, storedName, file, replace, treeLimit);
        }
    }

    private static Artifact addLocked(OfflineSession session, Artifact entry, String storedName, Path file, boolean replace, long treeLimit) {
        OfflineSession fresh = OfflineSession.open(session.source());
        JsonNode fields = fresh.taskFields();
        String taskName = OfflineSession.text(fields, "name");
        String project = OfflineSession.text(fields, "project_name");
        String key = SdkNaming.artifactKey(project, null, taskName, session.taskId(), entry.key(), storedName);
        String member = "data/" + key;
        if (!OfflineSession.isSafeRelative(member)) throw new WorkspaceException("Refused: the artifact path would leave the session (" + member + ")");
        String folder = OfflineSession.normalise(OfflineSession.text(fields, "offline_folder"));
        if (folder == null || folder.isBlank()) folder = session.source().toString().replace('\\', '/');
        String uri = (folder.endsWith("/") ? folder : folder + "/") + member;
        ObjectNode json = toJson(entry, uri);

        TaskRewrite rewrite;
        if (fresh.taskJsonSize() <= treeLimit) {
            rewrite = treeRewrite(fresh.taskJson(), entry, json, replace);
        } else {
            // too big for a tree: copied through a streaming parser, the one entry changed on the way
            long outputs = fresh.artifactsWithKey(List.of(), entry.key()).stream().filter(a -> a.mode() != ArtifactMode.INPUT).count();
            if (outputs > 0 && !replace) throw clash(entry);
            rewrite = (in, out) -> streamRewrite(in, out, entry.key(), (int) outputs - 1, json);
        }
        try {
            if (session.isZipped()) rewriteZip(session.source(), member, file, rewrite);
            else writeFolder(session.source(), member, file, rewrite);
        } catch (IOException e) {
            throw new WorkspaceException("Could not write to the session " + session.source().getFileName() + ": " + e.getMessage(), e);
        }
        return entry.withLocation(null).withUri(uri);
    }

    /** task.json past this is rewritten streaming (a tree of it is refused, {@link OfflineSession#MAX_TASK_JSON_BYTES}). */
    static final long TREE_LIMIT = OfflineSession.MAX_TASK_JSON_BYTES;

    /** Writes the new task.json, given the current one. */
    private interface TaskRewrite {
        void write(InputStream current, OutputStream out) throws IOException;
    }

    private static WorkspaceException clash(Artifact entry) {
        return new WorkspaceException("The task already has an artifact named '" + entry.key() + "': replace it to overwrite");
    }

    private static TaskRewrite treeRewrite(JsonNode fresh, Artifact entry, ObjectNode json, boolean replace) {
        ObjectNode task = (ObjectNode) fresh.deepCopy();
        ObjectNode execution = task.has("execution") && task.get("execution").isObject() ? (ObjectNode) task.get("execution") : task.putObject("execution");
        ArrayNode artifacts = execution.has("artifacts") && execution.get("artifacts").isArray()
                ? (ArrayNode) execution.get("artifacts") : execution.putArray("artifacts");
        int existing = -1;
        for (int i = 0; i < artifacts.size(); i++) {
            JsonNode a = artifacts.get(i);
            if (entry.key().equals(OfflineSession.text(a, "key")) && !"input".equals(OfflineSession.text(a, "mode"))) existing = i;
        }
        if (existing >= 0 && !replace) throw clash(entry);
        if (existing >= 0) artifacts.set(existing, json);
        else artifacts.add(json);
        byte[] bytes;
        try {
            bytes = sdkJson(task);
        } catch (IOException e) {
            throw new WorkspaceException("Could not write task.json: " + e.getMessage(), e);
        }
        return (in, out) -> out.write(bytes);
    }

    /**
     * Copies task.json token by token in the SDK's layout, replacing the {@code replaceAt}-th output
     * entry named {@code key} (none when negative) or appending {@code json} to the artifacts.
     * Fields keep the file's order; the new entry's keys are sorted as the SDK sorts them.
     */
    static void streamRewrite(InputStream in, OutputStream out, String key, int replaceAt, ObjectNode json) throws IOException {
        try (JsonParser p = OfflineSession.JSON.createParser(in);
             JsonGenerator g = SDK_JSON.createGenerator(out).setPrettyPrinter(sdkPrinter())) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (p.nextToken() != JsonToken.START_OBJECT) throw new WorkspaceException("task.json is not a JSON object");
            g.writeStartObject();
            boolean placed = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                g.writeFieldName(name);
                if (!placed && name.equals("execution") && v == JsonToken.START_OBJECT) {
                    g.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken fv = p.nextToken();
                        g.writeFieldName(f);
                        if (!placed && f.equals("artifacts") && fv == JsonToken.START_ARRAY) {
                            copyArtifacts(p, g, key, replaceAt, json);
                            placed = true;
                        } else {
                            g.copyCurrentStructure(p);
                        }
                    }
                    if (!placed) {
                        g.writeFieldName("artifacts");
                        g.writeStartArray();
                        g.writeObject(sorted(json));
                        g.writeEndArray();
                        placed = true;
                    }
                    g.writeEndObject();
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) throw new WorkspaceException("task.json is not valid JSON");
            if (!placed) {
                g.writeFieldName("execution");
                g.writeStartObject();
                g.writeFieldName("artifacts");
                g.writeStartArray();
                g.writeObject(sorted(json));
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    private static void copyArtifacts(JsonParser p, JsonGenerator g, String key, int replaceAt, ObjectNode json) throws IOException {
        g.writeStartArray();
        int seen = 0;
        boolean replaced = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                g.copyCurrentStructure(p);
                continue;
            }
            JsonNode a = OfflineSession.JSON.readTree(p);
            if (key.equals(OfflineSession.text(a, "key")) && !"input".equals(OfflineSession.text(a, "mode")) && seen++ == replaceAt) {
                g.writeObject(sorted(json));
                replaced = true;
            } else {
                g.writeTree(a);
            }
        }
        if (!replaced) g.writeObject(sorted(json));
        g.writeEndArray();
    }

    static ObjectNode toJson(Artifact a, String uri) {
        return dev.vitrine.workspace.ArtifactJson.of(a.withUri(uri));
    }

    /** task.json as the SDK writes it: keys sorted at every level, one line, ASCII. */
    static byte[] sdkJson(JsonNode node) throws IOException {
        return SDK_JSON.writer(sdkPrinter()).writeValueAsBytes(sorted(node));
    }

    /** json.dump's separators: ", " and ": " on one line. */
    private static MinimalPrettyPrinter sdkPrinter() {
        return new MinimalPrettyPrinter() {
            @Override
            public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
                g.writeRaw(": ");
            }

            @Override
            public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
                g.writeRaw(", ");
            }

            @Override
            public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
                g.writeRaw(", ");
            }
        };
    }

    private static Object sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), sorted(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(sorted(x)));
            return l;
        }
        return n;
    }

    private static void writeFolder(Path root, String member, Path file, TaskRewrite task) throws IOException {
        Path target = root.resolve(member).normalize();
        if (!target.startsWith(root.resolve("data"))) throw new WorkspaceException("Refused: the artifact path would leave the session");
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".vitrine-", ".part");
        Path taskTmp = Files.createTempFile(root, ".task-", ".json.part");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            dev.vitrine.fs.Durable.sync(tmp);
            try (InputStream current = Files.newInputStream(root.resolve("task.json"));
                 OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(taskTmp), 1 << 16)) {
                task.write(current, out);
            }
            dev.vitrine.fs.Durable.sync(taskTmp);
            Path taskJson = root.resolve("task.json");
            dev.vitrine.fs.Durable.keepModeAndOwner(taskJson, taskTmp);
            if (Files.exists(target)) dev.vitrine.fs.Durable.keepModeAndOwner(target, tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dev.vitrine.fs.Durable.syncFolder(target.getParent());
            // the bytes are in place and on disk: only now is the artifact registered
            Files.move(taskTmp, taskJson, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dev.vitrine.fs.Durable.syncFolder(root);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(taskTmp);
        }
    }

    private static void rewriteZip(Path zip, String member, Path file, TaskRewrite task) throws IOException {
        Path tmp = Files.createTempFile(zip.toAbsolutePath().getParent(), ".vitrine-", ".zip.part");
        try {
            try (ZipFile in = new ZipFile(zip.toFile()); OutputStream os = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(os)) {
                for (Iterator<? extends ZipEntry> it = in.entries().asIterator(); it.hasNext(); ) {
                    ZipEntry e = it.next();
                    if (e.getName().equals("task.json") || e.getName().equals(member)) continue;
                    out.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream is = in.getInputStream(e)) {
                        is.transferTo(out);
                    }
                    out.closeEntry();
                }
                out.putNextEntry(new ZipEntry(member));
                Files.copy(file, out);
                out.closeEntry();
                out.putNextEntry(new ZipEntry("task.json"));
                ZipEntry current = in.getEntry("task.json");
                try (InputStream is = in.getInputStream(current)) {
                    task.write(is, out);
                }
                out.closeEntry();
            }
            // the only copy is replaced by this rename: its bytes must be on disk first
            dev.vitrine.fs.Durable.sync(tmp);
            dev.vitrine.fs.Durable.keepModeAndOwner(zip, tmp);
            Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dev.vitrine.fs.Durable.syncFolder(zip.toAbsolutePath().getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
