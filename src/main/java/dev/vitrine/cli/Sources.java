package dev.vitrine.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the data comes from, as the options before the verb say (CLI.md): a server profile,
 * offline sessions, the demo, or (all empty) the configured ClearML server.
 */
public record Sources(String profile, List<Path> offline, boolean demo) {
    public Sources {
        offline = offline == null ? List.of() : List.copyOf(offline);
    }

    public boolean isDefault() {
        return profile == null && offline.isEmpty() && !demo;
    }
}
