package dev.vitrine.workspace.server;

import dev.vitrine.workspace.ModelRef;
import dev.vitrine.workspace.Task;

/**
 * Web-app addresses for "Open in web UI", in the form the SDK prints
 * ({@code Task.get_output_log_web_page}: {@code <web>/projects/<project>/experiments/<task>/output/log}).
 */
public final class WebLinks {
    private final String webServer;

    public WebLinks(String webServer) {
        String w = webServer.strip();
        while (w.endsWith("/")) w = w.substring(0, w.length() - 1);
        this.webServer = w;
    }

    public String task(Task t) {
        return task(t.projectId(), t.id());
    }

    public String task(String projectId, String taskId) {
        return webServer + "/projects/" + (projectId == null ? "*" : projectId) + "/experiments/" + taskId + "/output/log";
    }

    /** The task's artifacts tab. */
    public String taskArtifacts(String projectId, String taskId) {
        return webServer + "/projects/" + (projectId == null ? "*" : projectId) + "/experiments/" + taskId + "/artifacts/output-model";
    }

    public String model(ModelRef m) {
        return webServer + "/projects/" + (m.projectId() == null ? "*" : m.projectId()) + "/models/" + m.id() + "/general";
    }
}
