package dev.vitrine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.storage.CacheEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vitrine cache ls|clear}: the local download cache shared with the ClearML SDK. */
@Command(name = "cache", description = "The local cache shared with the ClearML SDK.",
        subcommands = {CacheCommand.Ls.class, CacheCommand.Clear.class})
public final class CacheCommand {

    @ParentCommand
    VitrineCommand root;

    abstract static class Verb implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** JSON: {@code {"location","size","entry_limit","entries":[{"name","path","directory","size","last_used","source_uri","locked"}]}}. */
    @Command(name = "ls", description = "List the cache entries, most recently used first.")
    static final class Ls extends Verb {
        @Override
        public Integer call() {
            ArtifactCache cache = parent.root.cache();
            List<CacheEntry> entries = cache.entries();
            if (json) {
                ObjectNode doc = Json.object();
                doc.put("location", cache.folder().toString());
                doc.put("size", entries.stream().mapToLong(CacheEntry::size).sum());
                doc.put("entry_limit", cache.entryLimit());
                ArrayNode arr = doc.putArray("entries");
                for (CacheEntry e : entries) {
                    ObjectNode o = arr.addObject();
                    o.put("name", e.name());
                    o.put("path", e.path().toString());
                    o.put("directory", e.directory());
                    o.put("size", e.size());
                    o.put("last_used", Json.instant(e.lastUsed()));
                    o.put("source_uri", e.sourceUri());
                    o.put("locked", e.locked());
                }
                Json.print(out(), doc);
            } else {
                Table t = new Table("SIZE", "LAST USED", "NAME", "SOURCE");
                for (CacheEntry e : entries) {
                    t.row(Long.toString(e.size()), e.lastUsed().toString(), e.name() + (e.directory() ? "/" : "") + (e.locked() ? " (locked)" : ""),
                            e.sourceUri() == null ? "" : e.sourceUri());
                }
                t.print(out());
                out().println(entries.size() + " entries in " + cache.folder());
            }
            out().flush();
            return 0;
        }
    }

    /** JSON: {@code {"removed": N, "kept": ["name", ...]}} (kept = locked or in use). */
    @Command(name = "clear", description = "Remove every cache entry not in use.")
    static final class Clear extends Verb {
        @Override
        public Integer call() {
            ArtifactCache cache = parent.root.cache();
            int removed = cache.clear();
            List<CacheEntry> left = cache.entries();
            if (json) {
                ObjectNode doc = Json.object();
                doc.put("removed", removed);
                ArrayNode kept = doc.putArray("kept");
                left.forEach(e -> kept.add(e.name()));
                Json.print(out(), doc);
            } else {
                out().println("Removed " + removed + " entries from " + cache.folder()
                        + (left.isEmpty() ? "" : "; kept " + left.size() + " in use"));
            }
            out().flush();
            return 0;
        }
    }
}
