package dev.vitrine.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vitrine.workspace.Artifact;
import dev.vitrine.workspace.ModelQuery;
import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Page;
import dev.vitrine.workspace.Project;
import dev.vitrine.workspace.Task;
import dev.vitrine.workspace.TaskDetails;
import dev.vitrine.workspace.TaskQuery;
import dev.vitrine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** {@code vitrine ls projects|tasks|artifacts|models}: listings with the JSON shapes of CLI.md. */
@Command(name = "ls", description = "List projects, tasks, artifacts or models.",
        subcommands = {LsCommand.Projects.class, LsCommand.Tasks.class, LsCommand.Artifacts.class, LsCommand.Models.class})
public final class LsCommand {

    @ParentCommand
    VitrineCommand root;

    abstract static class Verb implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        LsCommand ls;
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            try (Workspace ws = ls.root.opener().open(ls.root.sources())) {
                run(ws);
            }
            return 0;
        }

        abstract void run(Workspace ws);
    }

    @Command(name = "projects", description = "Projects (nested names with /).")
    static final class Projects extends Verb {
        @Override
        void run(Workspace ws) {
            List<Project> projects = ws.projects();
            if (json) {
                ArrayNode arr = Json.array();
                for (Project p : projects) {
                    ObjectNode o = arr.addObject();
                    o.put("id", p.id());
                    o.put("name", p.name());
                    o.put("parent", p.parentId());
                    if (p.taskCount() == null) o.putNull("task_count"); else o.put("task_count", p.taskCount());
                }
                Json.print(out(), arr);
            } else {
                Table t = new Table("NAME", "TASKS", "ID");
                for (Project p : projects) t.row(p.name(), p.taskCount() == null ? "?" : p.taskCount().toString(), p.id());
                t.print(out());
            }
        }
    }

    @Command(name = "tasks", description = "Tasks, newest first.")
    static final class Tasks extends Verb {
        @Option(names = "--project", paramLabel = "NAME") String project;
        @Option(names = "--status", paramLabel = "S", split = ",") List<String> status = new ArrayList<>();
        @Option(names = "--type", paramLabel = "T", split = ",") List<String> type = new ArrayList<>();
        @Option(names = "--tag", paramLabel = "T", split = ",") List<String> tag = new ArrayList<>();
        @Option(names = "--search", paramLabel = "TEXT") String search;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "100") int limit;

        @Override
        void run(Workspace ws) {
            if (limit <= 0) throw new CliException("--limit must be positive", 2);
            String projectId = null;
            if (project != null) {
                Project p = ws.projectByName(project);
                if (p == null) throw new CliException("No project named '" + project + "'");
                projectId = p.id();
            }
            TaskQuery q = new TaskQuery(projectId, true, status, type, tag, null, search, "-last_update", 0, Math.min(limit, 500));
            List<Task> tasks = new ArrayList<>();
            while (tasks.size() < limit) {
                Page<Task> page = ws.tasks(q);
                tasks.addAll(page.items());
                if (!page.hasMore() || page.items().isEmpty()) break;
                q = q.withPage(q.page() + 1);
            }
            if (tasks.size() > limit) tasks = tasks.subList(0, limit);
            if (json) {
                ArrayNode arr = Json.array();
                for (Task t : tasks) {
                    ObjectNode o = arr.addObject();
                    o.put("id", t.id());
                    o.put("name", t.name());
                    o.put("project", t.projectId());
                    o.put("project_name", t.projectName());
                    o.put("status", t.status());
                    o.put("type", t.type());
                    o.put("user", t.user());
                    ArrayNode tags = o.putArray("tags");
                    t.tags().forEach(tags::add);
                    o.put("created", Json.instant(t.created()));
                    o.put("started", Json.instant(t.started()));
                    o.put("last_update", Json.instant(t.lastUpdate()));
                }
                Json.print(out(), arr);
            } else {
                Table tb = new Table("ID", "NAME", "PROJECT", "STATUS", "TYPE", "LAST UPDATE");
                for (Task t : tasks) {
                    tb.row(t.id(), t.name(), t.projectName(), orUnknown(t.status()), orUnknown(t.type()),
                            t.lastUpdate() == null ? "unknown" : t.lastUpdate().toString());
                }
                tb.print(out());
            }
        }
    }

    @Command(name = "artifacts", description = "A task's artifacts (input and output).")
    static final class Artifacts extends Verb {
        @Parameters(paramLabel = "TASK_ID") String taskId;

        /** Artifacts asked for at a time when a task has more than its details carry. */
        static final int PAGE = 1000;

        @Override
        void run(Workspace ws) {
            TaskDetails d = ws.task(taskId);
            // a task of a million artifacts is listed page by page, each printed and dropped
            Iterator<List<Artifact>> pages = d.allArtifacts() ? List.of(d.artifacts()).iterator() : new Iterator<>() {
                int next;
                boolean more = true;

                @Override
                public boolean hasNext() {
                    return more;
                }

                @Override
                public List<Artifact> next() {
                    Page<Artifact> p = ws.artifacts(taskId, next++, PAGE);
                    more = p.hasMore() && !p.items().isEmpty();
                    return p.items();
                }
            };
            if (json) {
                try (JsonGenerator g = Json.generator(out())) {
                    g.writeStartArray();
                    while (pages.hasNext()) for (Artifact a : pages.next()) g.writeTree(artifactJson(a));
                    g.writeEndArray();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out().println();
                out().flush();
            } else {
                Table t = new Table("KEY", "TYPE", "MODE", "SIZE", "URI");
                int[] widths = null;
                while (pages.hasNext()) {
                    for (Artifact a : pages.next()) {
                        t.row(a.key(), a.type(), a.mode().wire(), a.contentSize() == null ? "" : a.contentSize().toString(), a.uri());
                    }
                    boolean first = widths == null;
                    if (first) widths = t.widths();
                    t.print(out(), widths, first);
                }
                if (widths == null) t.print(out());
            }
        }
    }

    /** One artifact as CLI.md's {@code ls artifacts} shape; shared with other verbs. */
    public static ObjectNode artifactJson(Artifact a) {
        ObjectNode o = Json.object();
        o.put("key", a.key());
        o.put("type", a.type());
        o.put("mode", a.mode().wire());
        o.put("uri", a.uri());
        o.put("hash", a.hash());
        if (a.contentSize() == null) o.putNull("content_size"); else o.put("content_size", a.contentSize());
        if (a.timestamp() == null) o.putNull("timestamp"); else o.put("timestamp", a.timestamp().getEpochSecond());
        ObjectNode td = o.putObject("type_data");
        td.put("preview", a.preview());
        td.put("content_type", a.contentType());
        ArrayNode dd = o.putArray("display_data");
        a.displayData().forEach(e -> dd.addArray().add(e.getKey()).add(e.getValue()));
        return o;
    }

    @Command(name = "models", description = "Models, or a task's input/output models.")
    static final class Models extends Verb {
        @Parameters(paramLabel = "TASK_ID", arity = "0..1") String taskId;
        @Option(names = "--project", paramLabel = "NAME") String project;
        @Option(names = "--framework", paramLabel = "F", split = ",", description = "Any of these frameworks (PyTorch, ONNX, ...).")
        List<String> framework = new ArrayList<>();
        @Option(names = "--tag", paramLabel = "T", split = ",", description = "Models with any of these tags.") List<String> tag = new ArrayList<>();
        @Option(names = "--published", description = "Published models only.") boolean published;
        @Option(names = "--draft", description = "Draft (unpublished) models only.") boolean draft;
        @Option(names = "--search", paramLabel = "TEXT", description = "Text in the name, id or comment (any case).") String search;

        @Override
        void run(Workspace ws) {
            if (published && draft) throw new CliException("--published and --draft exclude each other", 2);
            Boolean ready = published ? Boolean.TRUE : draft ? Boolean.FALSE : null;
            List<ModelRef> models = new ArrayList<>();
            if (taskId != null) {
                TaskDetails d = ws.task(taskId);
                ModelQuery filter = new ModelQuery(null, taskId, framework, tag, ready, search, null, 0, 500);
                for (ModelRef m : d.inputModels()) if (filter.matches(m)) models.add(m);
                for (ModelRef m : d.outputModels()) if (filter.matches(m)) models.add(m);
            } else {
                String projectId = null;
                if (project != null) {
                    Project p = ws.projectByName(project);
                    if (p == null) throw new CliException("No project named '" + project + "'");
                    projectId = p.id();
                }
                ModelQuery q = new ModelQuery(projectId, null, framework, tag, ready, search, null, 0, 500);
                Page<ModelRef> page;
                do {
                    page = ws.models(q);
                    models.addAll(page.items());
                    q = q.withPage(q.page() + 1);
                } while (page.hasMore() && !page.items().isEmpty() && models.size() < 100_000);
            }
            if (json) {
                ArrayNode arr = Json.array();
                for (ModelRef m : models) arr.add(modelJson(m));
                Json.print(out(), arr);
            } else {
                Table t = new Table("ID", "NAME", "FRAMEWORK", "URI");
                for (ModelRef m : models) t.row(m.id(), m.name(), orUnknown(m.framework()), m.uri());
                t.print(out());
            }
        }
    }

    /** One model as CLI.md's {@code ls models} shape; shared with other verbs. */
    public static ObjectNode modelJson(ModelRef m) {
        ObjectNode o = Json.object();
        o.put("id", m.id());
        o.put("name", m.name());
        o.put("framework", m.framework());
        o.put("uri", m.uri());
        o.put("task", m.taskId());
        o.put("project", m.projectId());
        o.put("created", Json.instant(m.created()));
        ArrayNode tags = o.putArray("tags");
        m.tags().forEach(tags::add);
        ObjectNode labels = o.putObject("labels");
        m.labels().forEach(labels::put);
        if (m.ready() == null) o.putNull("ready"); else o.put("ready", m.ready());
        return o;
    }

    static String orUnknown(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
