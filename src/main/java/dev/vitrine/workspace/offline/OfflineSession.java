package dev.vitrine.workspace.offline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ArtifactMode;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.WorkspaceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * One ClearML offline session, a folder or its {@code .zip}, read as the SDK wrote it
 * (OFFLINE.md). Immutable once loaded; the zip is only listed here, never extracted.
 *
 * <p>Artifact uris are absolute paths on the machine that wrote the session: they are mapped into
 * the session (OFFLINE.md section 6), and anything that would leave it is never read through it.
 */
public final class OfflineSession {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private final Path source;
    private final boolean zipped;
    private final TaskJsonIndex index;
    /** task.json but its artifacts: every other field, unknown ones kept. */
    private final JsonNode fields;
    private final String taskId;
    private final String offlineFolder;
    /** Zip members by name (zipped sessions only), safe names only. */
    private final Map<String, Long> members;
    /** Zip member names that would escape the session (../, absolute): listed, never read. */
    private final List<String> unsafeMembers;

    private OfflineSession(Path source, boolean zipped, TaskJsonIndex index, Map<String, Long> members, List<String> unsafeMembers) {
        this.source = source;
        this.zipped = zipped;
        this.index = index;
        this.fields = index.fields();
        this.members = members;
        this.unsafeMembers = List.copyOf(unsafeMembers);
        this.taskId = text(fields, "id");
        this.offlineFolder = normalise(text(fields, "offline_folder"));
        if (taskId == null || taskId.isBlank()) {
            throw new WorkspaceException("Not a ClearML offline session: task.json in " + source + " has no task id");
        }
    }

    /**
     * Opens a session folder (holding {@code task.json}) or a session zip. task.json is read once,
     * streamed: its artifacts are indexed, not built (see {@link TaskJsonIndex} for the caps).
     *
     * @throws WorkspaceException with a message for the user when it is not a readable session
     */
    public static OfflineSession open(Path path) {
        if (!Files.exists(path)) throw new WorkspaceException("No such file or folder: " + path);
        if (Files.isDirectory(path)) return openFolder(path);
        return openZip(path);
    }

    private static OfflineSession openFolder(Path dir) {
        Path taskFile = dir.resolve("task.json");
        if (!Files.isRegularFile(taskFile)) {
            throw new WorkspaceException("Not a ClearML offline session: " + dir + " has no task.json");
        }
        try {
            return new OfflineSession(dir.toAbsolutePath().normalize(), false, TaskJsonIndex.read(new FileSource(taskFile), taskFile.toString()),
                    Map.of(), List.of());
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read " + taskFile + ": " + e.getMessage(), e);
        }
    }

    private static OfflineSession openZip(Path zip) {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Map<String, Long> members = new LinkedHashMap<>();
            List<String> unsafe = new ArrayList<>();
            ZipEntry taskEntry = null;
            for (Iterator<? extends ZipEntry> it = zf.entries().asIterator(); it.hasNext(); ) {
                ZipEntry e = it.next();
                if (e.isDirectory()) continue;
                String name = e.getName();
                if (!isSafeRelative(name)) {
                    unsafe.add(name);
                    continue;
                }
                members.put(name, e.getSize());
                if (name.equals("task.json")) taskEntry = e;
            }
            if (taskEntry == null) {
                throw new WorkspaceException("Not a ClearML offline session: " + zip.getFileName() + " has no task.json at its root");
            }
            Path abs = zip.toAbsolutePath().normalize();
            return new OfflineSession(abs, true, TaskJsonIndex.read(new ZipSource(abs), zip.getFileName() + "!task.json"),
                    Collections.unmodifiableMap(members), unsafe);
        } catch (ZipException e) {
            throw new WorkspaceException("Not a readable zip: " + zip.getFileName() + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read " + zip + ": " + e.getMessage(), e);
        }
    }

    /** A folder's task.json: entries are read where they are. */
    private record FileSource(Path file) implements TaskJsonIndex.Source {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public TaskJsonIndex.Ranges ranges() throws IOException {
            SeekableByteChannel ch = Files.newByteChannel(file);
            return new TaskJsonIndex.Ranges() {
                @Override
                public byte[] readAt(long offset, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.allocate(len);
                    ch.position(offset);
                    while (buf.hasRemaining() && ch.read(buf) >= 0) {
                        // until full or the end of the file
                    }
                    return Arrays.copyOf(buf.array(), buf.position());
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
        }
    }

    /** A zipped task.json cannot seek: an entry is reached by inflating up to it. */
    private record ZipSource(Path zip) implements TaskJsonIndex.Source {
        @Override
        public InputStream open() throws IOException {
            ZipFile zf = new ZipFile(zip.toFile());
            ZipEntry e = zf.getEntry("task.json");
            if (e == null) {
                zf.close();
                throw new IOException("task.json is no longer in " + zip.getFileName());
            }
            return new java.io.FilterInputStream(zf.getInputStream(e)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zf.close();
                    }
                }
            };
        }
    }

    /**
     * The whole task.json as one tree ({@code taskJson()}): bounded as trees are, since a tree of
     * a million artifacts would take tens of seconds and about a GB of heap.
     */
    static final long MAX_TASK_JSON_BYTES = TaskJsonIndex.MAX_TREE_BYTES;

    private JsonNode parseWhole() {
        String where = zipped ? source.getFileName() + "!task.json" : source.resolve("task.json").toString();
        if (index.size() > MAX_TASK_JSON_BYTES) throw tooBigForATree(where);
        TaskJsonIndex.Source src = zipped ? new ZipSource(source) : new FileSource(source.resolve("task.json"));
        try (InputStream raw = src.open(); InputStream in = cappedTree(raw, where)) {
            JsonNode node = JSON.readTree(in);
            if (node == null || !node.isObject()) throw new WorkspaceException("task.json is not a JSON object (" + where + ")");
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new WorkspaceException("task.json is not valid JSON (" + where + ", line " + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static InputStream cappedTree(InputStream raw, String where) {
        return TaskJsonIndex.capped(raw, MAX_TASK_JSON_BYTES, () -> tooBigForATree(where));
    }

    private static WorkspaceException tooBigForATree(String where) {
        return new WorkspaceException("task.json is larger than " + (MAX_TASK_JSON_BYTES >> 20) + " MB (" + where
                + "): this needs the whole task at once, which Vitrine does for a task.json of at most "
                + (MAX_TASK_JSON_BYTES >> 20) + " MB");
    }

    /** A relative member name with no {@code ..} segment, no drive and no leading slash. */
    static boolean isSafeRelative(String name) {
        if (name == null || name.isEmpty()) return false;
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || (n.length() > 1 && n.charAt(1) == ':')) return false;
        for (String seg : n.split("/")) {
            if (seg.equals("..")) return false;
        }
        return !n.contains("\0");
    }

    public Path source() {
        return source;
    }

    public boolean isZipped() {
        return zipped;
    }

    public String taskId() {
        return taskId;
    }

    /**
     * The raw task.json, unknown fields kept, read again whole: for the importer and rewrites.
     *
     * @throws WorkspaceException past {@link #MAX_TASK_JSON_BYTES}
     */
    public JsonNode taskJson() {
        return parseWhole();
    }

    /** task.json without the entries of {@code execution.artifacts}, which {@link #artifacts} pages. */
    public JsonNode taskFields() {
        return fields;
    }

    /** How many artifact entries with a key task.json lists. */
    public int artifactCount() {
        return index.count();
    }

    /** Bytes of task.json when it was opened (uncompressed). */
    long taskJsonSize() {
        return index.size();
    }

    public List<String> unsafeMembers() {
        return unsafeMembers;
    }

    public String projectName() {
        String p = text(fields, "project_name");
        return p == null || p.isBlank() ? null : p;
    }

    public Task task() {
        return new Task(
                taskId,
                text(fields, "name"),
                projectName() == null ? null : OfflineWorkspace.projectId(projectName()),
                projectName(),
                text(fields, "status"),
                text(fields, "type"),
                userOf(fields.get("user")),
                strings(fields.get("tags")),
                strings(fields.get("system_tags")),
                instant(fields.get("created")),
                instant(fields.get("started")),
                instant(fields.get("last_update")),
                text(fields.path("output"), "destination"),
                text(fields, "comment"));
    }

    /** Artifacts sorted by key, as the server returns them, each with its bytes located. */
    List<Artifact> artifacts(List<OfflineSession> neighbours) {
        return artifacts(neighbours, 0, index.count());
    }

    /** Artifacts {@code from} (inclusive) to {@code to} in key order; only these entries are parsed. */
    List<Artifact> artifacts(List<OfflineSession> neighbours, int from, int to) {
        try {
            return toArtifacts(index.sortedRange(from, to), neighbours);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** The artifacts named {@code key} (an input and an output may share it), without parsing any other. */
    List<Artifact> artifactsWithKey(List<OfflineSession> neighbours, String key) {
        try {
            return toArtifacts(index.withKey(key), neighbours);
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private List<Artifact> toArtifacts(List<JsonNode> entries, List<OfflineSession> neighbours) {
        List<Artifact> out = new ArrayList<>(entries.size());
        for (JsonNode a : entries) {
            String key = text(a, "key");
            String uri = text(a, "uri");
            List<Map.Entry<String, String>> display = new ArrayList<>();
            for (JsonNode pair : a.path("display_data")) {
                if (pair.isArray() && pair.size() >= 2) {
                    display.add(Map.entry(pair.get(0).asText(), pair.get(1).isNull() ? "" : pair.get(1).asText()));
                }
            }
            JsonNode size = a.get("content_size");
            JsonNode ts = a.get("timestamp");
            out.add(new Artifact(key, text(a, "type"), ArtifactMode.fromWire(text(a, "mode")), uri, text(a, "hash"),
                    size != null && size.isNumber() ? size.asLong() : null,
                    ts != null && ts.isNumber() ? Instant.ofEpochSecond(ts.asLong()) : null,
                    text(a.path("type_data"), "preview"), text(a.path("type_data"), "content_type"),
                    text(a.path("type_data"), "data_hash"), display, locate(uri, neighbours)));
        }
        return out;
    }

    /**
     * Ids of the models the task used as input: {@code models.input[].model} where the session was
     * written with API 2.13 or later, else the 2.9 model's {@code execution.model} (OFFLINE.md 3).
     */
    List<String> inputModelIds() {
        List<String> out = new ArrayList<>();
        for (JsonNode m : fields.path("models").path("input")) {
            String id = text(m, "model");
            if (id != null && !id.isBlank() && !out.contains(id)) out.add(id);
        }
        String legacy = text(fields.path("execution"), "model");
        if (out.isEmpty() && legacy != null && !legacy.isBlank()) out.add(legacy);
        return out;
    }

    /** Output models from {@code offline_output_models[]}, weights looked up under {@code models/}. */
    List<ModelRef> outputModels() {
        List<ModelRef> out = new ArrayList<>();
        for (JsonNode m : fields.path("offline_output_models")) {
            JsonNode init = m.path("init");
            JsonNode weights = m.path("weights");
            String file = text(weights, "weights_filename");
            String registered = text(weights, "register_uri");
            Location loc;
            String uri;
            if (file != null && !file.isBlank()) {
                uri = file;
                String base = basename(normalise(file));
                loc = memberLocation("models/" + base, "weights file " + base + " is not in the session's models/ folder");
            } else if (registered != null && !registered.isBlank()) {
                uri = registered;
                loc = remoteOrOutside(registered);
            } else {
                uri = null;
                loc = new Location.Missing("the model has no weights file");
            }
            Map<String, Integer> labels = new LinkedHashMap<>();
            init.path("label_enumeration").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asInt()));
            String design = text(init, "config_text");
            if (design == null && init.path("config_dict").isObject()) design = init.get("config_dict").toPrettyString();
            Map<String, String> meta = new LinkedHashMap<>();
            if (weights.has("iteration") && !weights.get("iteration").isNull()) meta.put("iteration", weights.get("iteration").asText());
            out.add(new ModelRef(
                    text(m, "id") == null ? taskId + "/model/" + out.size() : text(m, "id"),
                    text(init, "name"), text(init, "framework"), uri, taskId,
                    projectName() == null ? null : OfflineWorkspace.projectId(projectName()), projectName(),
                    null, strings(init.get("tags")), labels, null, text(init, "comment"), design, meta, loc));
        }
        return out;
    }

    /** Where an artifact uri of this session's task.json is, inside this session (OFFLINE.md 6.3). */
    public Location locate(String uri) {
        return locate(uri, List.of());
    }

    /**
     * Maps an artifact uri onto this session or a neighbouring one (OFFLINE.md 6.3): the part after
     * {@code <offline_folder>/data/}, or after {@code /<task id>/data/} for a session that moved.
     */
    Location locate(String uri, List<OfflineSession> neighbours) {
        if (uri == null || uri.isBlank()) return new Location.Missing("the artifact has no uri");
        String u = normalise(uri);
        if (hasScheme(u)) return new Location.Remote(uri);
        String rel = relativeToData(u);
        if (rel != null) return dataLocation(rel);
        for (OfflineSession other : neighbours) {
            if (other == this) continue;
            String r = other.relativeToData(u);
            if (r != null) return other.dataLocation(r);
        }
        return new Location.OutsideSession(Path.of(u));
    }

    private Location remoteOrOutside(String uri) {
        String u = normalise(uri);
        return hasScheme(u) ? new Location.Remote(uri) : new Location.OutsideSession(Path.of(u));
    }

    /** The path relative to this session's {@code data/}, or null when the uri is not in it. */
    String relativeToData(String normalisedUri) {
        if (offlineFolder != null && !offlineFolder.isEmpty()) {
            String prefix = offlineFolder.endsWith("/") ? offlineFolder + "data/" : offlineFolder + "/data/";
            if (normalisedUri.startsWith(prefix)) return normalisedUri.substring(prefix.length());
        }
        String marker = "/" + taskId + "/data/";
        int at = normalisedUri.indexOf(marker);
        return at < 0 ? null : normalisedUri.substring(at + marker.length());
    }

    private Location dataLocation(String rel) {
        if (!isSafeRelative(rel)) return new Location.Missing("the uri leaves the session (" + rel + "): not read");
        return memberLocation("data/" + rel, "file missing from the session: data/" + rel);
    }

    private Location memberLocation(String member, String missingReason) {
        if (!isSafeRelative(member)) return new Location.Missing("the path leaves the session: not read");
        if (zipped) {
            Long size = members.get(member);
            return size == null ? new Location.Missing(missingReason) : new Location.ZipMember(source, member, size);
        }
        Path p = source.resolve(member).normalize();
        if (!p.startsWith(source)) return new Location.Missing("the path leaves the session: not read");
        return Files.isRegularFile(p) ? new Location.LocalFile(p) : new Location.Missing(missingReason);
    }

    /** Names of every file in the session (zip members or files under the folder), for listings. */
    public Set<String> fileNames() {
        if (zipped) return new TreeSet<>(members.keySet());
        try (var walk = Files.walk(source)) {
            Set<String> names = new TreeSet<>();
            walk.filter(Files::isRegularFile).forEach(p -> names.add(source.relativize(p).toString().replace('\\', '/')));
            return names;
        } catch (IOException e) {
            throw new WorkspaceException("Cannot list " + source + ": " + e.getMessage(), e);
        }
    }

    static String normalise(String uri) {
        if (uri == null) return null;
        String u = uri.replace('\\', '/');
        if (u.regionMatches(true, 0, "file://", 0, 7)) u = u.substring(7);
        return u;
    }

    private static boolean hasScheme(String u) {
        int colon = u.indexOf("://");
        return colon > 1 && u.substring(0, colon).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String userOf(JsonNode user) {
        if (user == null || user.isNull()) return null;
        if (user.isObject()) return text(user, user.has("name") ? "name" : "id");
        return user.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Instant instant(JsonNode v) {
        if (v == null || v.isNull()) return null;
        try {
            return java.time.OffsetDateTime.parse(v.asText()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(v.asText()).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }
}
