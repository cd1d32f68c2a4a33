package dev.vitrine.importer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.clearml.ApiException;
import dev.vitrine.clearml.ClearmlClient;
import dev.vitrine.clearml.ClearmlException;
import dev.vitrine.clearml.EventsApi;
import dev.vitrine.clearml.ModelsApi;
import dev.vitrine.clearml.ProjectInfo;
import dev.vitrine.clearml.ProjectsApi;
import dev.vitrine.clearml.TaskInfo;
import dev.vitrine.clearml.TasksApi;
import dev.vitrine.storage.Cancellation;
import dev.vitrine.storage.StorageDrivers;
import dev.vitrine.storage.StorageException;
import dev.vitrine.storage.StorageUri;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.SdkNaming;
import dev.vitrine.workspace.offline.OfflineSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Imports a ClearML offline session into a server in the order and with the fields of the SDK's
 * {@code Task.import_offline_session} (SDK 2.1.7, {@code clearml/task.py}; OFFLINE.md 5):
 * <ol>
 *   <li>the project by exact name ({@code projects.get_all}, else {@code projects.create});</li>
 *   <li>{@code tasks.create} as {@code Task.create} sends it (type training, the
 *       "Auto-generated at ..." comment, system tag {@code development}), then {@code tasks.edit}
 *       with force and every {@code tasks.EditRequest} field of task.json (id and project left out,
 *       execution and artifacts reduced to their schema fields, nulls dropped);</li>
 *   <li>{@code tasks.started} with force;</li>
 *   <li>each artifact file found in the session uploaded to
 *       {@code <files server>/<path under data/ with the task id swapped>} and registered with that
 *       uri, unencoded, by one {@code tasks.edit} of the execution;</li>
 *   <li>each output model: {@code models.create}, {@code tasks.add_or_update_model} under the
 *       weights file's stem, the weights uploaded, {@code models.edit} with the uri, the
 *       "snapshot ... stored" comment and the iteration; then its own events;</li>
 *   <li>log.jsonl replayed line by line into {@code events.add_batch} for the new task, then the
 *       task's lines of metrics.jsonl, debug-sample files uploaded and their key/url (and plot image
 *       sources) swapped to the new id;</li>
 *   <li>{@code tasks.completed}.</li>
 * </ol>
 *
 * <p>Where Vitrine differs, on purpose: artifact uris are mapped into the session as Vitrine maps
 * them when reading (a session that moved still imports) and {@code sdk.storage.path_substitution}
 * applies to paths outside it; weights are uploaded to the model's {@code output_uri}, else the
 * task's output destination, else the files server (the SDK would register the writing machine's
 * local path, {@code file:///...}, which no one else can read); the task gets one runtime property,
 * {@value #MARKER}, naming the session, so a second import of it is noticed. On failure or
 * cancel, the task, its models and every uploaded file are removed: no half-imported task.
 *
 * <p>Blocking; one import per instance at a time. Secrets are never logged.
 */
public final class SessionImporter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionImporter.class);
    /** The runtime property that names the imported session. */
    public static final String MARKER = "vitrine_imported_offline_session";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** tasks.EditRequest's fields (v2.23) the SDK copies from task.json; "task" and "force" are set here. */
    private static final List<String> EDIT_FIELDS = List.of("name", "tags", "system_tags", "type", "comment", "parent", "input",
            "output_dest", "execution", "script", "hyperparams", "configuration", "models", "container", "runtime");
    private static final Set<String> EXECUTION_FIELDS = Set.of("queue", "test_split", "parameters", "model_desc", "model_labels",
            "framework", "dataviews", "artifacts");
    private static final Set<String> ARTIFACT_FIELDS = Set.of("key", "type", "mode", "uri", "hash", "content_size", "timestamp",
            "type_data", "display_data");
    /** One line of metrics.jsonl or log.jsonl is refused beyond this (a plot is a few MB at most). */
    static final int MAX_LINE_CHARS = 64 << 20;
    private static final DateTimeFormatter SDK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final TasksApi tasksApi;
    private final ModelsApi modelsApi;
    private final ProjectsApi projectsApi;
    private final EventsApi eventsApi;
    private final StorageDrivers drivers;
    private final String filesServer;
    private final List<StorageDrivers.Substitution> substitutions;
    private final Clock clock;
    private final Path tempDir;

    /**
     * @param drivers       the server's storage (its files server token, its S3 credentials)
     * @param substitutions {@code sdk.storage.path_substitution}, applied to local paths outside the session
     * @param tempDir       where zip members are extracted one at a time before their upload
     */
    public SessionImporter(ClearmlClient client, StorageDrivers drivers, List<StorageDrivers.Substitution> substitutions,
                           Path tempDir, Clock clock) {
        this.tasksApi = new TasksApi(client);
        this.modelsApi = new ModelsApi(client);
        this.projectsApi = new ProjectsApi(client);
        this.eventsApi = new EventsApi(client);
        this.drivers = drivers;
        String fs = client.config().filesServer();
        this.filesServer = fs == null ? null : stripSlash(fs);
        this.substitutions = List.copyOf(substitutions);
        this.tempDir = tempDir;
        this.clock = clock;
    }

    /**
     * The task an earlier import of this session made, or null. Looks in the session's project for
     * tasks of the same name carrying {@value #MARKER}.
     */
    public String findEarlierImport(OfflineSession session) {
        String projectId = existingProject(projectName(session));
        if (projectId == null) return null;
        TasksApi.Query q = new TasksApi.Query().projects(List.of(projectId)).name("^" + regexEscape(taskName(session)) + "$")
                .searchHidden(true).onlyFields(List.of("id", "runtime")).orderBy(List.of("-created")).page(0, 500);
        for (TaskInfo t : tasksApi.getAllEx(q)) {
            if (session.taskId().equals(t.runtime().get(MARKER))) return t.id();
        }
        return null;
    }

    /**
     * Imports the session. Refuses one imported before unless {@code again}.
     *
     * @throws ImportException.AlreadyImported when it was imported before and {@code again} is false
     * @throws ImportException                 when it failed; what it had created is removed first
     */
    public ImportResult importSession(OfflineSession session, boolean again, ImportListener listener, Cancellation cancel) {
        if (filesServer == null || filesServer.isBlank()) {
            throw new ImportException("No files server is configured (api.files_server / CLEARML_FILES_HOST): the session's files have nowhere to go");
        }
        if (!again) {
            String earlier = findEarlierImport(session);
            if (earlier != null) {
                throw new ImportException.AlreadyImported("This session (" + session.taskId() + ") was already imported as task " + earlier
                        + "; importing it again makes a second task", earlier);
            }
        }
        Run run = new Run(session, listener, cancel);
        try (SessionFiles files = new SessionFiles(session, tempDir)) {
            run.files = files;
            run.execute();
            return new ImportResult(run.taskId, taskName(session), projectName(session), List.copyOf(run.modelIds), run.uploadedCount, run.events);
        } catch (RuntimeException | IOException e) {
            boolean clean = run.rollback();
            boolean cancelled = cancel.isCancelled() || Thread.currentThread().isInterrupted()
                    || (e instanceof ClearmlException ce && ce.kind() == ClearmlException.Kind.CANCELLED)
                    || (e instanceof StorageException se && se.kind() == StorageException.Kind.CANCELLED);
            String tail = clean ? "nothing was left on the server" : "some of it could not be removed: " + run.leftovers();
            if (cancelled) throw new ImportException.Cancelled("Import cancelled; " + tail, clean);
            throw new ImportException("Import of " + session.source().getFileName() + " failed (" + oneLine(e) + "); " + tail, e, clean);
        }
    }

    /** One import's state: what it created, so that a failure removes exactly that. */
    private final class Run {
        final OfflineSession session;
        final ImportListener listener;
        final Cancellation cancel;
        final JsonNode data;
        final String oldId;
        SessionFiles files;
        String projectId;
        /** This import made the project, so a rollback removes it too (when nothing else went in meanwhile). */
        boolean createdProject;
        String taskId;
        final List<String> modelIds = new ArrayList<>();
        final List<StorageUri> uploaded = new ArrayList<>();
        final Set<String> uploadedMembers = new HashSet<>();
        int uploadedCount;
        int fileCount;
        int events;

        Run(OfflineSession session, ImportListener listener, Cancellation cancel) {
            this.session = session;
            this.listener = listener;
            this.cancel = cancel;
            this.data = session.taskJson();
            this.oldId = session.taskId();
        }

        void execute() throws IOException {
            List<ArtifactFile> artifactFiles = artifactFiles();
            List<ModelFile> modelFiles = modelFiles();
            fileCount = artifactFiles.size() + (int) modelFiles.stream().filter(m -> m.member != null).count();

            listener.step("Creating the task in project " + projectName(session));
            checkCancel();
            ProjectRef project = projectFor(projectName(session));
            projectId = project.id();
            createdProject = project.created();
            String comment = "Auto-generated at " + SDK_TIME.format(clock.instant()) + " UTC by " + user() + "@" + host();
            taskId = tasksApi.create(taskName(session), "training", comment, projectId, List.of("development"));
            if (taskId == null || taskId.isBlank()) throw new ImportException("The server created no task (tasks.create gave no id)");
            tasksApi.edit(taskId, true, plain(editFromTaskJson()));
            checkCancel();
            tasksApi.started(taskId, true);

            if (!artifactFiles.isEmpty()) {
                listener.step("Uploading artifacts");
                Map<String, String> newUris = new LinkedHashMap<>();
                for (ArtifactFile a : artifactFiles) {
                    checkCancel();
                    String rel2 = swapId(a.rel);
                    String uri = filesServer + "/" + rel2;
                    upload(a.source, uri, a.key);
                    newUris.put(a.key + "\u0000" + a.mode, uri);
                }
                ObjectNode exec = schemaFields(rereadExecution(), EXECUTION_FIELDS);
                if (exec.get("artifacts") instanceof ArrayNode arts) {
                    for (JsonNode a : arts) {
                        String u = newUris.get(a.path("key").asText() + "\u0000" + a.path("mode").asText("output"));
                        if (u != null) ((ObjectNode) a).put("uri", u);
                    }
                }
                tasksApi.edit(taskId, true, Map.of("execution", plain(exec)));
            }

            for (ModelFile m : modelFiles) {
                checkCancel();
                listener.step("Registering model " + m.name);
                importModel(m);
            }

            listener.step("Replaying console output");
            replay("log.jsonl", null, true);
            listener.step("Replaying scalars, plots and debug samples");
            replay("metrics.jsonl", oldId, false);

            checkCancel();
            tasksApi.completed(taskId, "completed", false, false);
            listener.step("Imported as task " + taskId);
        }

        /** {@code Task.import_task}: every EditRequest field of task.json, nulls dropped, plus the marker. */
        ObjectNode editFromTaskJson() {
            ObjectNode edit = F.objectNode();
            for (String f : EDIT_FIELDS) {
                JsonNode v = data.get(f);
                if (v == null || v.isNull()) continue;
                if (f.equals("execution")) v = schemaFields(v, EXECUTION_FIELDS);
                edit.set(f, dropNulls(v.deepCopy()));
            }
            ObjectNode runtime = edit.get("runtime") instanceof ObjectNode r ? r : edit.putObject("runtime");
            runtime.put(MARKER, oldId);
            return edit;
        }

        void importModel(ModelFile m) throws IOException {
            String dest = m.outputUri != null ? m.outputUri : taskDestination();
            String placeholder = stripSlash(dest == null ? "file://" : dest) + "/uploading_file";
            String modelId = modelsApi.create(placeholder, m.name, Map.of(), projectId);
            if (modelId == null) throw new ImportException("The server created no model for " + m.name);
            modelIds.add(modelId);

            String comment = "Created by task id: " + taskId + (m.comment == null || m.comment.isEmpty() ? "" : "\n" + m.comment);
            modelsApi.edit(new ModelsApi.Edit(modelId, placeholder, m.name, comment, m.labels, m.design, m.framework, taskId, projectId,
                    m.tags, null));

            tasksApi.addOrUpdateModel(taskId, m.entryName, modelId, "output");

            String uri;
            if (m.member != null) {
                String key = SdkNaming.prefix(projectName(session), projectId, taskName(session), taskId) + "/models/" + m.targetName;
                uri = stripSlash(dest) + "/" + key;
                upload(m.member, uri, m.name);
            } else {
                uri = m.registerUri;
            }
            String snapshot = "snapshot " + (m.weightsFilename != null ? m.weightsFilename : m.registerUri) + " stored";
            modelsApi.edit(new ModelsApi.Edit(modelId, uri, null, snapshot + (comment.startsWith("\n") ? "" : "\n") + comment, null, null,
                    m.framework, null, null, null, m.iteration));

            replayModel(m.offlineId, modelId);
        }

        String taskDestination() {
            String d = data.path("output").path("destination").asText(null);
            return d == null || d.isBlank() ? filesServer : d;
        }

        void replayModel(String offlineModelId, String modelId) throws IOException {
            if (offlineModelId == null) return;
            replayLines("metrics.jsonl", offlineModelId, modelId, false);
        }

        void replay(String member, String onlyId, boolean log) throws IOException {
            replayLines(member, onlyId, taskId, log);
        }

        /** One events.add_batch per line, as the SDK's report_offline_session does. */
        void replayLines(String member, String onlyId, String targetId, boolean log) throws IOException {
            try (InputStream in = files.open(member)) {
                if (in == null) return;
                Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
                String line;
                int n = 0;
                while ((line = readLine(r)) != null) {
                    n++;
                    checkCancel();
                    if (line.isBlank()) continue;
                    JsonNode parsed;
                    try {
                        parsed = JSON.readTree(line);
                    } catch (IOException e) {
                        LOG.warn("{} line {} is not JSON; skipped as the SDK does", member, n);
                        continue;
                    }
                    if (!parsed.isArray()) continue;
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (JsonNode ev : parsed) {
                        if (!(ev instanceof ObjectNode e)) continue;
                        ObjectNode out = e.deepCopy();
                        if (log) {
                            out = logEvent(out, targetId);
                        } else {
                            if (onlyId != null && !onlyId.equals(out.path("task").asText(null))) continue;
                            rewriteMetric(out, targetId);
                        }
                        batch.add(plain(out));
                    }
                    if (batch.isEmpty()) continue;
                    EventsApi.BatchResult res;
                    try {
                        res = eventsApi.addBatch(batch);
                    } catch (ApiException e) {
                        // a batch the server refuses as a whole (400/131: no valid event in it) is skipped
                        // with a warning, as the SDK does; anything else (5xx, auth) fails the import
                        if (e.resultCode() != 400) throw e;
                        LOG.warn("events.add_batch refused {} line {}: {}", member, n, e.serverMessage());
                        continue;
                    }
                    events += res.added();
                    if (res.errors() > 0) {
                        LOG.warn("events.add_batch refused {} of {} events from {} line {}: {}", res.errors(), batch.size(),
                                member, n, res.errorsInfo());
                    }
                }
            }
        }

        /** {@code events.TaskLogEvent(task=new, **r)}: the model's own fields only ("method" and the old task dropped). */
        ObjectNode logEvent(ObjectNode r, String target) {
            ObjectNode out = F.objectNode();
            if (r.has("timestamp")) out.set("timestamp", r.get("timestamp"));
            out.put("type", r.path("type").asText("log"));
            out.put("task", target);
            for (String f : List.of("level", "worker", "msg")) if (r.has(f) && !r.get(f).isNull()) out.set(f, r.get(f));
            return out;
        }

        void rewriteMetric(ObjectNode r, String target) throws IOException {
            String org = r.path("task").asText(oldId);
            r.put("task", target);
            String key = r.path("key").asText(null);
            String url = r.path("url").asText(null);
            String sep = "." + org + "/";
            if (key != null && !key.isEmpty() && url != null && !url.isEmpty()) {
                String member = "data/" + key;
                String newKey = key.replaceFirst(java.util.regex.Pattern.quote(sep), java.util.regex.Matcher.quoteReplacement("." + target + "/"));
                r.put("key", newKey);
                r.put("url", filesServer + "/" + newKey);
                if (files.exists(member) && uploadedMembers.add(member)) {
                    fileCount++;
                    upload(member, filesServer + "/" + newKey, key.substring(key.lastIndexOf('/') + 1));
                }
            } else if (r.hasNonNull("plot_str")) {
                JsonNode plot;
                try {
                    plot = JSON.readTree(r.get("plot_str").asText());
                } catch (IOException e) {
                    return; // the SDK leaves a plot it cannot parse as it is
                }
                boolean changed = false;
                for (JsonNode image : plot.path("layout").path("images")) {
                    String source = image.path("source").asText("");
                    int at = source.indexOf(sep);
                    if (at < 0 || !(image instanceof ObjectNode img)) continue;
                    String[] preParts = source.substring(0, at).split("/");
                    String pre = preParts.length >= 2 ? preParts[preParts.length - 2] + "/" + preParts[preParts.length - 1] : preParts[preParts.length - 1];
                    String post = source.substring(at + sep.length());
                    String member = "data/" + pre + "." + org + "/" + post;
                    String newSource = filesServer + "/" + pre + "." + target + "/" + post;
                    img.put("source", newSource);
                    changed = true;
                    if (files.exists(member) && uploadedMembers.add(member)) {
                        fileCount++;
                        upload(member, newSource, post.substring(post.lastIndexOf('/') + 1));
                    }
                }
                if (changed) r.put("plot_str", JSON.writeValueAsString(plot));
            }
        }

        void upload(String member, String uri, String label) throws IOException {
            Path local = files.localCopy(member);
            try {
                upload(local, uri, label);
            } finally {
                files.release(member, local);
            }
        }

        void upload(Path local, String uri, String label) throws IOException {
            long size = Files.size(local);
            int index = ++uploadedCount;
            StorageUri target = StorageUri.parse(uri);
            uploaded.add(target);
            Cancellation c = new Cancellation();
            Thread caller = Thread.currentThread();
            drivers.upload(local, target, (done, total) -> {
                if (cancel.isCancelled() || caller.isInterrupted()) c.cancel();
                listener.file(index, Math.max(fileCount, index), label, done, total > 0 ? total : size);
            }, c);
            if (c.isCancelled()) throw new ImportException.Cancelled("Import cancelled", false);
        }

        void upload(Source s, String uri, String label) throws IOException {
            if (s.member != null) upload(s.member, uri, label);
            else upload(s.path, uri, label);
        }

        JsonNode rereadExecution() {
            Map<String, Object> execution = tasksApi.execution(taskId);
            if (execution == null) throw new ImportException("The server lost task " + taskId);
            return JSON.valueToTree(execution);
        }

        /** Artifacts whose file is in the session (or reached by path_substitution), with their path under data/. */
        List<ArtifactFile> artifactFiles() {
            List<ArtifactFile> out = new ArrayList<>();
            for (JsonNode a : data.path("execution").path("artifacts")) {
                String uri = a.path("uri").asText(null);
                String key = a.path("key").asText(null);
                if (uri == null || key == null) continue;
                String mode = a.path("mode").asText("output");
                Location loc = session.locate(uri);
                if (loc instanceof Location.ZipMember z && z.member().startsWith("data/")) {
                    out.add(new ArtifactFile(key, mode, z.member().substring(5), new Source(z.member(), null)));
                } else if (loc instanceof Location.LocalFile f) {
                    Path data = session.source().resolve("data");
                    if (f.path().startsWith(data)) {
                        out.add(new ArtifactFile(key, mode, data.relativize(f.path()).toString().replace('\\', '/'), new Source(null, f.path())));
                    }
                } else if (loc instanceof Location.OutsideSession || loc instanceof Location.Missing) {
                    // not in the session: the user's path_substitution may say where it is on this machine
                    String u = uri.replace('\\', '/');
                    if (u.regionMatches(true, 0, "file://", 0, 7)) u = u.substring(7);
                    Path substituted = substituted(u);
                    String rel = relativeToData(uri);
                    if (substituted != null && rel != null) out.add(new ArtifactFile(key, mode, rel, new Source(null, substituted)));
                }
            }
            return out;
        }

        /** The part of an absolute session path after {@code <task id>/data/}, or null. */
        String relativeToData(String uri) {
            String u = uri.replace('\\', '/');
            String marker = "/" + oldId + "/data/";
            int at = u.indexOf(marker);
            return at < 0 ? null : u.substring(at + marker.length());
        }

        List<ModelFile> modelFiles() {
            List<ModelFile> out = new ArrayList<>();
            for (JsonNode m : data.path("offline_output_models")) {
                JsonNode init = m.path("init");
                JsonNode w = m.path("weights");
                String weights = text(w, "weights_filename");
                String register = text(w, "register_uri");
                Source member = null;
                String targetName = null;
                String entry;
                String framework = text(init, "framework");
                if (weights != null) {
                    String base = basename(weights.replace('\\', '/'));
                    String inSession = "models/" + base;
                    if (files.exists(inSession)) {
                        member = new Source(inSession, null);
                    } else {
                        Path p = substituted(weights.replace('\\', '/'));
                        if (p == null) {
                            throw new ImportException("The weights of model '" + text(init, "name") + "' (" + base
                                    + ") are not in the session's models/ folder");
                        }
                        member = new Source(null, p);
                    }
                    String target = text(w, "target_filename");
                    String[] fwExt = frameworkAndExtension(framework, target != null ? target : weights);
                    framework = fwExt[0];
                    targetName = target != null ? target : base;
                    if (!targetName.toLowerCase(Locale.ROOT).endsWith(fwExt[1])) targetName += fwExt[1];
                    entry = stem(target != null ? target : weights);
                } else if (register != null) {
                    entry = stem(register);
                } else {
                    continue; // the SDK refuses a model with neither
                }
                Map<String, Integer> labels = labels(init.get("label_enumeration"));
                String design = text(init, "config_text");
                if ((design == null || design.isEmpty()) && init.get("config_dict") instanceof ObjectNode d && d.size() > 0) design = d.toPrettyString();
                List<String> tags = new ArrayList<>();
                init.path("tags").forEach(t -> tags.add(t.asText()));
                String name = text(init, "name");
                Long iteration = w.hasNonNull("iteration") ? w.get("iteration").asLong() : null;
                out.add(new ModelFile(text(m, "id"), name != null ? name : taskName(session), text(init, "comment"), labels,
                        design == null || design.isEmpty() ? null : design, framework, tags, weights, register, text(m, "output_uri"),
                        member, targetName, entry, iteration));
            }
            return out;
        }

        Path substituted(String path) {
            String r = StorageDrivers.substitute(path, substitutions);
            if (r.equals(path)) return null;
            StorageUri u = StorageUri.parse(r);
            if (u.scheme() != StorageUri.Scheme.FILE) return null;
            Path p = u.localPath();
            return Files.isRegularFile(p) ? p : null;
        }

        String swapId(String rel) {
            String from = "." + oldId + "/";
            int at = rel.indexOf(from);
            return at < 0 ? rel : rel.substring(0, at) + "." + taskId + "/" + rel.substring(at + from.length());
        }

        void checkCancel() {
            if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) throw new ImportException.Cancelled("Import cancelled", false);
        }

        /** Removes what this run created: files, models, then the task (its events go with it). */
        boolean rollback() {
            boolean clean = true;
            List<String> left = new ArrayList<>();
            boolean interrupted = Thread.interrupted(); // cleanup must run even after a cancel
            try {
                for (StorageUri u : uploaded) {
                    try {
                        StorageUri t = drivers.resolve(u);
                        drivers.driverFor(t).delete(t);
                    } catch (StorageException e) {
                        if (e.kind() != StorageException.Kind.NOT_FOUND) {
                            clean = false;
                            left.add(u.raw());
                            LOG.warn("could not remove {} after a failed import: {}", u, e.getMessage());
                        }
                    } catch (RuntimeException e) {
                        clean = false;
                        left.add(u.raw());
                    }
                }
                for (String m : modelIds) {
                    try {
                        modelsApi.delete(m, true);
                    } catch (RuntimeException e) {
                        clean = false;
                        left.add("model " + m);
                    }
                }
                if (taskId != null) {
                    try {
                        tasksApi.delete(taskId, true, true);
                    } catch (RuntimeException e) {
                        clean = false;
                        left.add("task " + taskId);
                    }
                }
                if (createdProject && clean) clean = removeCreatedProject(left);
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
            leftovers = String.join(", ", left);
            return clean;
        }

        /**
         * The project this import created, without force: the server refuses it while it holds
         * tasks or models, so one that someone else filled meanwhile stays (and is no leftover).
         */
        private boolean removeCreatedProject(List<String> left) {
            try {
                projectsApi.delete(projectId, false);
                return true;
            } catch (ApiException e) {
                if (e.resultCode() == 400 && (e.subcode() == PROJECT_HAS_TASKS || e.subcode() == PROJECT_HAS_MODELS)) return true;
                left.add("project " + projectName(session));
                return false;
            } catch (RuntimeException e) {
                left.add("project " + projectName(session));
                return false;
            }
        }

        String leftovers = "";

        String leftovers() {
            return leftovers;
        }
    }

    private record Source(String member, Path path) {}

    private record ArtifactFile(String key, String mode, String rel, Source source) {}

    private record ModelFile(String offlineId, String name, String comment, Map<String, Integer> labels, String design, String framework,
                             List<String> tags, String weightsFilename, String registerUri, String outputUri, Source member,
                             String targetName, String entryName, Long iteration) {}

    // ---- the project ----

    private String existingProject(String name) {
        List<ProjectInfo> projects = projectsApi.getAll(new ProjectsApi.Query().name("^" + regexEscape(name) + "$")
                .onlyFields(List.of("id")).searchHidden(true));
        return projects.isEmpty() ? null : projects.get(0).id();
    }

    /** The server's refusals of a project delete without force ({@code errors.conf}: project_has_tasks, project_has_models). */
    private static final int PROJECT_HAS_TASKS = 402;
    private static final int PROJECT_HAS_MODELS = 405;

    /** The project an import goes to; {@code created} when this import made it. */
    private record ProjectRef(String id, boolean created) {}

    /** {@code get_or_create_project}: look up by exact name, else create; once more on a lost race. */
    private ProjectRef projectFor(String name) {
        String id = existingProject(name);
        if (id != null) return new ProjectRef(id, false);
        try {
            return new ProjectRef(projectsApi.create(name, ""), true);
        } catch (ApiException e) {
            String again = existingProject(name);
            if (again != null) return new ProjectRef(again, false);
            throw e;
        }
    }

    // ---- the SDK's small rules ----

    static String projectName(OfflineSession s) {
        String p = s.projectName();
        return p == null ? "" : p;
    }

    static String taskName(OfflineSession s) {
        String n = text(s.taskJson(), "name");
        return n == null ? "" : n;
    }

    /** {@code Framework._get_file_ext}: the framework from the extension when unknown, and the extension to ensure. */
    static String[] frameworkAndExtension(String framework, String filename) {
        String f = filename.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> e : EXTENSIONS.entrySet()) {
            if (framework == null && f.endsWith(e.getKey())) return new String[] {e.getValue().get(0), e.getKey()};
        }
        for (Map.Entry<String, List<String>> e : EXTENSIONS.entrySet()) {
            if (f.endsWith(e.getKey()) && e.getValue().contains(framework)) return new String[] {framework, e.getKey()};
        }
        int dot = f.lastIndexOf('.');
        return new String[] {framework, dot < 0 ? "" : f.substring(dot + 1)};
    }

    private static final Map<String, List<String>> EXTENSIONS = new LinkedHashMap<>();

    static {
        EXTENSIONS.put(".pb", List.of("TensorFlow", "TensorFlow_js", "ONNX"));
        EXTENSIONS.put(".meta", List.of("TensorFlow"));
        EXTENSIONS.put(".pbtxt", List.of("TensorFlow", "ONNX"));
        EXTENSIONS.put(".zip", List.of("TensorFlow"));
        EXTENSIONS.put(".tgz", List.of("TensorFlow"));
        EXTENSIONS.put(".tar.gz", List.of("TensorFlow"));
        EXTENSIONS.put("model.json", List.of("TensorFlow_js"));
        EXTENSIONS.put(".tflite", List.of("TensorFlow_Lite"));
        EXTENSIONS.put(".pth", List.of("PyTorch"));
        EXTENSIONS.put(".pt", List.of("PyTorch"));
        EXTENSIONS.put(".caffemodel", List.of("Caffe"));
        EXTENSIONS.put(".prototxt", List.of("Caffe"));
        EXTENSIONS.put("predict_net.pb", List.of("Caffe2"));
        EXTENSIONS.put("predict_net.pbtxt", List.of("Caffe2"));
        EXTENSIONS.put(".onnx", List.of("ONNX"));
        EXTENSIONS.put(".h5", List.of("Keras"));
        EXTENSIONS.put(".hdf5", List.of("Keras"));
        EXTENSIONS.put(".keras", List.of("Keras"));
        EXTENSIONS.put(".model", List.of("MXNet", "CNTK", "XGBoost"));
        EXTENSIONS.put("-symbol.json", List.of("MXNet"));
        EXTENSIONS.put(".cntk", List.of("CNTK"));
        EXTENSIONS.put(".t7", List.of("Torch"));
        EXTENSIONS.put(".cfg", List.of("Darknet"));
        EXTENSIONS.put("__model__", List.of("PaddlePaddle"));
        EXTENSIONS.put(".pkl", List.of("ScikitLearn", "Keras", "XGBoost", "MegEngine"));
        EXTENSIONS.put(".parquet", List.of("Parquet"));
        EXTENSIONS.put(".cbm", List.of("CatBoost"));
        EXTENSIONS.put(".plan", List.of("TensorRT"));
    }

    private static ObjectNode schemaFields(JsonNode node, Set<String> fields) {
        ObjectNode out = F.objectNode();
        node.fields().forEachRemaining(e -> {
            if (!fields.contains(e.getKey()) || e.getValue().isNull()) return;
            if (e.getKey().equals("artifacts") && e.getValue().isArray()) {
                ArrayNode arts = out.putArray("artifacts");
                for (JsonNode a : e.getValue()) arts.add(schemaFields(a, ARTIFACT_FIELDS));
            } else {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }

    /**
     * Session data as the plain values the client sends: task.json and the event lines pass
     * through field for field, the client never sees a Jackson node.
     */
    private static Map<String, Object> plain(JsonNode object) {
        return JSON.convertValue(object, PLAIN);
    }

    private static final TypeReference<Map<String, Object>> PLAIN = new TypeReference<>() {};

    /** {@code label_enumeration}: label to class id; anything but a number is not a class id and is left out. */
    private static Map<String, Integer> labels(JsonNode enumeration) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (enumeration instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) out.put(e.getKey(), e.getValue().intValue());
            });
        }
        return out;
    }

    /** The SDK's data models drop null fields when they serialise a request. */
    private static JsonNode dropNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) it.remove();
                else dropNulls(e.getValue());
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(SessionImporter::dropNulls);
        }
        return n;
    }

    /** Reads one line, refusing one longer than {@link #MAX_LINE_CHARS}. */
    static String readLine(Reader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = r.read()) >= 0) {
            any = true;
            if (c == '\n') return sb.toString();
            if (sb.length() >= MAX_LINE_CHARS) throw new IOException("a line longer than " + (MAX_LINE_CHARS >> 20) + "M characters");
            sb.append((char) c);
        }
        return any ? sb.toString() : null;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n == null ? null : n.get(f);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String basename(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static String stem(String p) {
        String b = basename(p.replace('\\', '/'));
        int dot = b.lastIndexOf('.');
        return dot > 0 ? b.substring(0, dot) : b;
    }

    static String stripSlash(String s) {
        String r = s.strip();
        while (r.endsWith("/")) r = r.substring(0, r.length() - 1);
        return r;
    }

    /** Python's {@code re.escape}: every character except ASCII letters, digits and {@code _} escaped. */
    static String regexEscape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c >= 128) sb.append(c);
            else sb.append('\\').append(c);
        }
        return sb.toString();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private static String user() {
        String u = System.getProperty("user.name");
        return u == null || u.isBlank() ? "unknown" : u;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The session's files: read in place from a folder, or one zip member at a time extracted to a temporary file. */
    private static final class SessionFiles implements AutoCloseable {
        private final OfflineSession session;
        private final ZipFile zip;
        private final Path tempDir;

        SessionFiles(OfflineSession session, Path tempDir) throws IOException {
            this.session = session;
            this.tempDir = tempDir;
            this.zip = session.isZipped() ? new ZipFile(session.source().toFile()) : null;
        }

        boolean exists(String member) {
            if (!safe(member)) return false;
            if (zip != null) {
                ZipEntry e = zip.getEntry(member);
                return e != null && !e.isDirectory();
            }
            Path p = session.source().resolve(member).normalize();
            return p.startsWith(session.source()) && Files.isRegularFile(p);
        }

        /** The member's bytes, or null when the session has no such file. */
        InputStream open(String member) throws IOException {
            if (!exists(member)) return null;
            if (zip != null) return zip.getInputStream(zip.getEntry(member));
            return Files.newInputStream(session.source().resolve(member));
        }

        Path localCopy(String member) throws IOException {
            if (!exists(member)) throw new ImportException("Missing from the session: " + member);
            if (zip == null) return session.source().resolve(member).normalize();
            Files.createDirectories(tempDir);
            Path tmp = Files.createTempFile(tempDir, "import-", ".part");
            try (InputStream in = zip.getInputStream(zip.getEntry(member))) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return tmp;
        }

        void release(String member, Path copy) {
            if (zip == null) return;
            try {
                Files.deleteIfExists(copy);
            } catch (IOException ignored) {
                // a temporary file; the temp folder is swept
            }
        }

        private static boolean safe(String member) {
            String n = member.replace('\\', '/');
            if (n.startsWith("/") || n.contains("\0") || (n.length() > 1 && n.charAt(1) == ':')) return false;
            for (String seg : n.split("/")) if (seg.equals("..")) return false;
            return true;
        }

        @Override
        public void close() throws IOException {
            if (zip != null) zip.close();
        }
    }
}
