package dev.vitrine.workspace;

/** The id, key or name asked for does not exist in this workspace. */
public class NotFoundException extends WorkspaceException {
    public NotFoundException(String message) {
        super(message);
    }
}
