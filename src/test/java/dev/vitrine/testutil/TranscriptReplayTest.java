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
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replays every real transcript against {@link FakeClearmlServer}, in recording order, and
 * compares what a client can observe: HTTP status, content type, the envelope's result code,
 * subcode, message and endpoint block, and the shape of {@code data} (keys and value types at
 * every level, list lengths; ids, dates and other values ignored).
 */
class TranscriptReplayTest {
    private static final ObjectMapper M = new ObjectMapper();
    /** Messages whose detail comes from Python's base64 module; only the prefix is compared. */
    private static final Map<String, String> MESSAGE_PREFIX = Map.of(
            "auth.login__basic_not_base64.json", "Unauthorized (malformed credentials) (Invalid base64-encoded string");

    @Test
    void everyTranscriptMatchesTheFake() throws Exception {
        assumeTrue(Transcripts.available(), "transcripts not present");
        List<ObjectNode> all = Transcripts.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(160);
        List<String> failures = new ArrayList<>();
        try (FakeClearmlServer fake = FakeClearmlServer.start(Transcripts.world())) {
            HttpClient http = HttpClient.newHttpClient();
            for (ObjectNode t : all) {
                String file = t.get("file").asText();
                try {
                    String problem = replay(fake, http, t);
                    if (problem != null) failures.add(file + ": " + problem);
                } catch (Exception e) {
                    failures.add(file + ": " + e);
                }
            }
        }
        assertThat(failures).as("transcripts the fake answers differently").isEmpty();
    }

    private String replay(FakeClearmlServer fake, HttpClient http, ObjectNode t) throws Exception {
        JsonNode req = t.get("request");
        String file = t.get("file").asText();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.url() + req.get("path").asText()));
        Iterator<Map.Entry<String, JsonNode>> hs = req.get("headers").fields();
        while (hs.hasNext()) {
            var h = hs.next();
            String name = h.getKey();
            if (name.equalsIgnoreCase("Content-Length")) continue;
            String v = h.getValue().asText();
            if (name.equalsIgnoreCase("Authorization")) v = substitute(fake, v);
            b.header(name, v);
        }
        JsonNode body = req.get("body");
        byte[] bytes = body == null || body.isNull() ? new byte[0]
                : body.isTextual() ? body.asText().getBytes(StandardCharsets.ISO_8859_1) : M.writeValueAsBytes(body);
        b.method(req.get("method").asText(), bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());

        JsonNode want = t.get("response");
        if (resp.statusCode() != want.get("status").asInt()) return "status " + resp.statusCode() + " != " + want.get("status").asInt();
        String wantType = want.path("headers").path("Content-Type").asText();
        String gotType = resp.headers().firstValue("Content-Type").orElse("");
        if (!gotType.equals(wantType)) return "content type " + gotType + " != " + wantType;
        JsonNode wantBody = want.get("body");
        if (wantBody.isTextual()) {
            String got = new String(resp.body(), StandardCharsets.UTF_8);
            return got.equals(wantBody.asText()) ? null : "body '" + got + "' != '" + wantBody.asText() + "'";
        }
        JsonNode got = M.readTree(resp.body());
        JsonNode wm = wantBody.get("meta");
        JsonNode gm = got.get("meta");
        for (String k : List.of("result_code", "result_subcode", "endpoint", "error_stack", "error_data")) {
            if (!wm.get(k).equals(gm.get(k))) return "meta." + k + " " + gm.get(k) + " != " + wm.get(k);
        }
        if (!shape(wm).equals(shape(gm))) return "meta shape " + shape(gm) + " != " + shape(wm);
        if (!gm.get("id").asText().matches("[0-9a-f]{32}") || !gm.get("id").equals(gm.get("trx"))) return "meta id/trx";
        String wantMsg = wm.get("result_msg").asText();
        String gotMsg = gm.get("result_msg").asText();
        String prefix = MESSAGE_PREFIX.get(file);
        if (prefix != null ? !gotMsg.startsWith(prefix) : !gotMsg.equals(wantMsg)) return "result_msg '" + gotMsg + "' != '" + wantMsg + "'";
        String ws = shape(wantBody.get("data"));
        String gs = shape(got.get("data"));
        if (ws.equals(gs)) return null;
        int i = 0;
        while (i < Math.min(ws.length(), gs.length()) && ws.charAt(i) == gs.charAt(i)) i++;
        int from = Math.max(0, i - 300);
        return "data shape differs at " + i + ":\n got  ..." + gs.substring(from, Math.min(gs.length(), i + 200))
                + "\n want ..." + ws.substring(from, Math.min(ws.length(), i + 200));
    }

    private static String substitute(FakeClearmlServer fake, String v) {
        switch (v) {
            case "Bearer <TOKEN>":
            case "Bearer <TOKEN_2>":
            case "Bearer <SHORT_LIVED_TOKEN>":
                return "Bearer " + fake.issueToken(3600);
            case "Bearer <EXPIRED_TOKEN>":
                return "Bearer " + fake.issueToken(-5);
            case "Basic <base64 of ACCESS_KEY:SECRET_KEY>":
                return basic(FakeClearmlServer.ACCESS_KEY + ":" + FakeClearmlServer.SECRET_KEY);
            case "Basic <base64 of ACCESS_KEY:wrong-secret>":
                return basic(FakeClearmlServer.ACCESS_KEY + ":wrong-secret");
            default:
                if (v.startsWith("Bearer <TOKEN with its signature replaced")) {
                    String tok = fake.issueToken(3600);
                    return "Bearer " + tok.substring(0, tok.lastIndexOf('.') + 1) + "A".repeat(43);
                }
                return v;
        }
    }

    private static String basic(String s) {
        return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Keys and value types at every level; lists as the sorted shapes of their elements. */
    static String shape(JsonNode n) {
        if (n == null) return "absent";
        if (n.isObject()) {
            Map<String, String> m = new TreeMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), shape(e.getValue())));
            return m.toString();
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(x -> items.add(shape(x)));
            items.sort(null);
            return "[" + items.size() + ":" + String.join(",", items) + "]";
        }
        if (n.isIntegralNumber()) return "int";
        if (n.isNumber()) return "float";
        if (n.isTextual()) return "str";
        if (n.isBoolean()) return "bool";
        return "null";
    }
}
