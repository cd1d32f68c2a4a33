package dev.vitrine.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes small offline-session folders laid out as the SDK writes them (OFFLINE.md): task.json
 * with absolute artifact uris under a recorded offline_folder that is NOT where the session is.
 */
public final class SessionBuilder {
    private final String id;
    private final String name;
    private final String project;
    private final String type;
    private final List<String> artifacts = new ArrayList<>();
    private final List<String[]> files = new ArrayList<>();
    private final String recordedFolder;

    public SessionBuilder(String hex32, String name, String project, String type) {
        this.id = "offline-" + hex32;
        this.name = name;
        this.project = project;
        this.type = type;
        this.recordedFolder = "/home/someone/.clearml/cache/offline/" + id;
    }

    public String id() {
        return id;
    }

    /** An uploaded artifact: stored under data/ with its sha256 and size. */
    public SessionBuilder artifact(String key, String type, String contentType, String fileName, String content) {
        String rel = "data/" + project + "/" + name + "." + id + "/artifacts/" + key + "/" + fileName;
        files.add(new String[] {rel, content});
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        artifacts.add("""
                {"key": "%s", "type": "%s", "mode": "output", "uri": "%s/%s", "hash": "%s", "content_size": %d,
                 "timestamp": 1795835112, "type_data": {"content_type": %s, "preview": "preview of %s"},
                 "display_data": [["k", "v"]]}""".formatted(q(key), type, recordedFolder, q(rel), sha256(bytes), bytes.length,
                contentType == null ? "null" : "\"" + contentType + "\"", q(key)));
        return this;
    }

    /** An artifact entry with any uri (links, paths outside the session). */
    public SessionBuilder rawArtifact(String key, String type, String uri) {
        artifacts.add("{\"key\": \"%s\", \"type\": \"%s\", \"uri\": \"%s\"}".formatted(key, type, uri));
        return this;
    }

    public Path writeTo(Path parent) {
        try {
            Path dir = parent.resolve(id);
            Files.createDirectories(dir);
            for (String[] f : files) {
                Path p = dir.resolve(f[0]);
                Files.createDirectories(p.getParent());
                Files.writeString(p, f[1]);
            }
            Files.writeString(dir.resolve("task.json"), """
                    {"id": "%s", "name": "%s", "project_name": "%s", "type": "%s", "offline_folder": "%s",
                     "output": {}, "execution": {"artifacts": [%s]}, "offline_output_models": []}
                    """.formatted(id, q(name), q(project), type, recordedFolder, String.join(",", artifacts)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON string content: names may hold controls (hostile-name tests). */
    private static String q(String s) {
        return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s));
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
