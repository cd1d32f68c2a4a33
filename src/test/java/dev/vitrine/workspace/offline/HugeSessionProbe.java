package dev.vitrine.workspace.offline;

import dev.vitrine.workspace.Artifact;

import java.nio.file.Path;
import java.util.List;

/** {@code get KEY} on a session, run in a JVM with a small heap by {@link HugeTaskJsonTest}: prints the artifact found. */
public final class HugeSessionProbe {
    private HugeSessionProbe() {}

    public static void main(String[] args) {
        OfflineWorkspace ws = OfflineWorkspace.open("probe", List.of(Path.of(args[0])));
        for (Artifact a : ws.artifacts(args[1], args[2])) {
            System.out.println(a.key() + " " + a.contentSize() + " " + a.preview());
        }
        System.out.println("count " + ws.session(args[1]).artifactCount());
    }
}
