package dev.vitrine.workspace.offline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.samples.DebugSamples;
import dev.vitrine.samples.MediaKind;
import dev.vitrine.samples.Sample;
import dev.vitrine.samples.SampleHistory;
import dev.vitrine.samples.SampleKey;
import dev.vitrine.samples.Validity;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.WorkspaceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Debug samples recorded by an offline session: the {@code training_debug_image} events of its
 * {@code metrics.jsonl} (OFFLINE.md 4), each url mapped into the session's {@code data/} as artifact
 * uris are, and the server's validity rule applied (the session recycles file names too). The file
 * is streamed once per task and indexed; events beyond {@link #MAX_EVENTS} are not read.
 */
public final class OfflineSamples implements DebugSamples {

    static final String EVENT_TYPE = "training_debug_image";
    static final int MAX_EVENTS = 1_000_000;

    private final OfflineWorkspace workspace;
    private final Map<String, Map<SampleKey, List<Sample>>> index = new ConcurrentHashMap<>();

    public OfflineSamples(OfflineWorkspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public List<Sample> latest(String taskId) {
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<SampleKey, List<Sample>> e : events(taskId).entrySet()) {
            SampleHistory h = Validity.history(taskId, e.getKey(), e.getValue(), null);
            if (!h.isEmpty()) out.add(h.latest());
        }
        return out;
    }

    @Override
    public SampleHistory history(String taskId, String metric, String variant) {
        SampleKey key = new SampleKey(metric, variant);
        List<Sample> evs = events(taskId).get(key);
        return evs == null ? SampleHistory.empty(taskId, key) : Validity.history(taskId, key, evs, null);
    }

    private Map<SampleKey, List<Sample>> events(String taskId) {
        OfflineSession session = workspace.session(taskId);
        if (session == null) throw new NotFoundException("No task with id " + taskId + " in " + workspace.displayName());
        return index.computeIfAbsent(taskId, id -> read(session));
    }

    private Map<SampleKey, List<Sample>> read(OfflineSession s) {
        Map<SampleKey, List<Sample>> out = new TreeMap<>();
        try {
            if (s.isZipped()) {
                try (ZipFile zf = new ZipFile(s.source().toFile())) {
                    ZipEntry e = zf.getEntry("metrics.jsonl");
                    if (e == null) return out;
                    try (InputStream in = zf.getInputStream(e)) {
                        parse(s, in, out);
                    }
                }
            } else {
                Path p = s.source().resolve("metrics.jsonl");
                if (!Files.isRegularFile(p)) return out;
                try (InputStream in = Files.newInputStream(p)) {
                    parse(s, in, out);
                }
            }
        } catch (IOException e) {
            throw new WorkspaceException("Cannot read the debug samples of " + s.source().getFileName() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Each line is a JSON array of events; read as a stream of root arrays, one event object at a time. */
    private void parse(OfflineSession s, InputStream in, Map<SampleKey, List<Sample>> out) throws IOException {
        List<OfflineSession> all = workspace.sessions();
        int n = 0;
        try (JsonParser p = OfflineSession.JSON.getFactory().createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null && n < MAX_EVENTS) {
                if (t != JsonToken.START_OBJECT) continue;
                JsonNode e = OfflineSession.JSON.readTree(p);
                if (!EVENT_TYPE.equals(OfflineSession.text(e, "type"))) continue;
                String task = OfflineSession.text(e, "task");
                if (task != null && !task.equals(s.taskId())) continue; // an offline model's events
                String metric = OfflineSession.text(e, "metric");
                String variant = OfflineSession.text(e, "variant");
                String url = OfflineSession.text(e, "url");
                JsonNode iter = e.get("iter");
                if (metric == null || variant == null || url == null || iter == null || !iter.canConvertToLong()) continue;
                JsonNode ts = e.get("timestamp");
                Instant when = ts != null && ts.canConvertToLong() ? Instant.ofEpochMilli(ts.asLong()) : Instant.EPOCH;
                Sample sample = new Sample(s.taskId(), metric, variant, iter.asLong(), url, when, MediaKind.ofUrl(url),
                        s.locate(url, all));
                out.computeIfAbsent(sample.key(), k -> new ArrayList<>()).add(sample);
                n++;
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // a session cut short (the SDK still writing): what was read before the damage is shown
            if (n == 0) throw new WorkspaceException("metrics.jsonl of " + s.source().getFileName() + " is not valid JSON lines", e);
        }
    }
}
