package dev.vitrine.testutil;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An offline session whose task.json lists n artifacts (~420 bytes each), for the huge-session tests and bench. */
public final class HugeSession {
    private HugeSession() {}

    /** Key {@code k%07d} of entry i, written in a scrambled order so that key order is not file order. */
    public static Path write(Path session, int n, String id) throws IOException {
        Files.createDirectories(session.resolve("data"));
        Files.writeString(session.resolve("data/k0000000.bin"), "first");
        try (BufferedWriter w = Files.newBufferedWriter(session.resolve("task.json"))) {
            // sorted keys as the SDK writes them: execution (with the artifacts) comes before id and name
            w.write("{\"comment\": \"\", \"execution\": {\"artifacts\": [");
            for (int i = 0; i < n; i++) {
                int k = (int) ((i * 7919L) % n);
                w.write((i == 0 ? "" : ", ") + entry(k, session));
            }
            w.write("], \"parameters\": {\"lr\": \"0.1\"}}, \"id\": \"" + id + "\", \"name\": \"huge\", \"offline_folder\": \""
                    + session.toAbsolutePath() + "\", \"project_name\": \"Big\", \"status\": \"in_progress\"}");
        }
        return session;
    }

    private static String entry(int k, Path session) {
        String key = String.format("k%07d", k);
        return "{\"content_size\": " + k + ", \"display_data\": [[\"n\", \"" + k + "\"]], \"hash\": \"" + "0".repeat(64)
                + "\", \"key\": \"" + key + "\", \"mode\": \"output\", \"timestamp\": 1800000000, \"type\": \"custom\", "
                + "\"type_data\": {\"content_type\": \"application/octet-stream\", \"preview\": \"p" + k + "\"}, "
                + "\"uri\": \"" + session.toAbsolutePath() + "/data/" + key + ".bin\"}";
    }

}
