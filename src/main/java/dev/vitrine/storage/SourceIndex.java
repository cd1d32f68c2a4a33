package dev.vitrine.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vitrine's note of which uri each cache file came from ({@code <base>/vitrine/cache-sources.tsv}):
 * the SDK's names are hashes, so without it the cache panel could not say what an entry is. A small
 * tab-separated file, rewritten atomically; losing it loses only the source column. Thread-safe.
 */
final class SourceIndex {

    private final Path file;
    private Map<String, String> map;

    SourceIndex(Path file) {
        this.file = file;
    }

    synchronized Map<String, String> all() {
        return Map.copyOf(load());
    }

    synchronized void put(String name, String uri) {
        if (uri.indexOf('\n') >= 0 || uri.indexOf('\t') >= 0 || uri.indexOf('\r') >= 0) return;
        load().put(name, uri);
        save();
    }

    synchronized void remove(String name) {
        if (load().remove(name) != null) save();
    }

    private Map<String, String> load() {
        if (map != null) return map;
        map = new ConcurrentHashMap<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) map.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        } catch (IOException ignored) {
            // an unreadable index only loses the source column
        }
        return map;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "sources", ".tmp");
            StringBuilder sb = new StringBuilder();
            map.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // best effort: the cache itself is fine without it
        }
    }
}
