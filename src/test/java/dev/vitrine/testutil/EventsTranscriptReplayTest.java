package dev.vitrine.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replays every recorded events call (clearml/transcripts/events, EVENTS.md) against
 * {@link FakeClearmlServer} over the recorded world, in recording order: scroll ids the real server
 * returned are mapped to the fake's, so paging, scroll pinning, refresh, the live sample and both
 * get_task_events bugs are exercised as recorded. Status, envelope code, subcode, message and the
 * shape of {@code data} (keys, types, list lengths at every level) must match. The fileserver
 * transcripts are FileServerFake's business and are skipped.
 */
class EventsTranscriptReplayTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void everyEventsTranscriptMatchesTheFake() throws Exception {
        assumeTrue(Transcripts.available() && Transcripts.eventsDir() != null, "event transcripts not present");
        List<ObjectNode> all = Transcripts.all(Transcripts.eventsDir());
        assertThat(all).hasSizeGreaterThanOrEqualTo(90);
        List<String> failures = new ArrayList<>();
        Map<String, String> scrolls = new HashMap<>();
        int replayed = 0;
        try (FakeClearmlServer fake = FakeClearmlServer.start(new FakeWorld())) {
            fake.events(Transcripts.events(fake.world()));
            HttpClient http = HttpClient.newHttpClient();
            for (ObjectNode t : all) {
                String file = t.get("file").asText();
                if (file.startsWith("fileserver.")) continue;
                replayed++;
                try {
                    String problem = replay(fake, http, t, scrolls);
                    if (problem != null) failures.add(file + ": " + problem);
                } catch (Exception e) {
                    failures.add(file + ": " + e);
                }
            }
        }
        assertThat(replayed).isGreaterThanOrEqualTo(80);
        assertThat(failures).as("event transcripts the fake answers differently").isEmpty();
    }

    private static String replay(FakeClearmlServer fake, HttpClient http, ObjectNode t, Map<String, String> scrolls) throws Exception {
        JsonNode req = t.get("request");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.url() + req.get("path").asText()));
        Iterator<Map.Entry<String, JsonNode>> hs = req.get("headers").fields();
        while (hs.hasNext()) {
            var h = hs.next();
            if (h.getKey().equalsIgnoreCase("Content-Length")) continue;
            String v = h.getValue().asText();
            if (h.getKey().equalsIgnoreCase("Authorization")) v = "Bearer " + fake.issueToken(3600);
            b.header(h.getKey(), v);
        }
        JsonNode body = req.get("body");
        byte[] bytes;
        if (body == null || body.isNull()) {
            bytes = new byte[0];
        } else if (body.isTextual()) {
            bytes = body.asText().getBytes(StandardCharsets.UTF_8);
        } else {
            ObjectNode o = body.deepCopy();
            if (o.hasNonNull("scroll_id") && scrolls.containsKey(o.get("scroll_id").asText())) {
                o.put("scroll_id", scrolls.get(o.get("scroll_id").asText()));
            }
            bytes = M.writeValueAsBytes(o);
        }
        b.method(req.get("method").asText(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());

        JsonNode want = t.get("response");
        if (resp.statusCode() != want.get("status").asInt()) {
            return "status " + resp.statusCode() + " != " + want.get("status").asInt() + ": " + new String(resp.body(), StandardCharsets.UTF_8);
        }
        JsonNode got = M.readTree(resp.body());
        JsonNode wantBody = want.get("body");
        JsonNode wm = wantBody.get("meta");
        JsonNode gm = got.get("meta");
        for (String k : List.of("result_code", "result_subcode", "endpoint", "error_stack", "error_data")) {
            if (!wm.get(k).equals(gm.get(k))) return "meta." + k + " " + gm.get(k) + " != " + wm.get(k);
        }
        String wantMsg = wm.get("result_msg").asText();
        for (var e : scrolls.entrySet()) wantMsg = wantMsg.replace(e.getKey(), e.getValue());
        if (!gm.get("result_msg").asText().equals(wantMsg)) return "result_msg '" + gm.get("result_msg").asText() + "' != '" + wantMsg + "'";
        JsonNode wd = wantBody.get("data");
        JsonNode gd = got.get("data");
        if (wd.hasNonNull("scroll_id") && gd.hasNonNull("scroll_id")) scrolls.put(wd.get("scroll_id").asText(), gd.get("scroll_id").asText());
        String ws = TranscriptReplayTest.shape(wd);
        String gs = TranscriptReplayTest.shape(gd);
        if (ws.equals(gs)) return null;
        return "data shape differs:\n got  " + abbreviate(gs) + "\n want " + abbreviate(ws);
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }
}
