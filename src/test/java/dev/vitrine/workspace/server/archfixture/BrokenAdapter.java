package dev.vitrine.workspace.server.archfixture;

/** The server adapter reading the client's wire types itself, for {@code ArchitectureRulesCatchViolationsTest}. Never run. */
public final class BrokenAdapter {

    Object tasks(dev.vitrine.clearml.internal.Dtos.TasksReply reply) {
        return reply.tasks();
    }
}
