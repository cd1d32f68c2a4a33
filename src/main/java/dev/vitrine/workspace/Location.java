package dev.vitrine.workspace;

import java.nio.file.Path;

/**
 * Where the bytes of an artifact or model are, as the workspace that listed it resolved its uri.
 * Adapters decide this once, so viewers and the cache never re-interpret raw uris.
 */
public sealed interface Location {

    /** A file on this machine, readable in place (a {@code file://} uri, an offline session folder). */
    record LocalFile(Path path) implements Location {}

    /** A member of a zip on this machine (an offline session kept zipped). */
    record ZipMember(Path zip, String member, long size) implements Location {}

    /**
     * A remote object behind a storage uri ({@code http(s)://}, {@code s3://}, {@code gs://}, {@code azure://}).
     *
     * @param storage whose storage settings fetch it: an opaque scope chosen by the workspace that
     *                listed it (a server's files server token and S3 credentials), or null for this
     *                machine's default configuration
     */
    record Remote(String uri, String storage) implements Location {
        public Remote(String uri) {
            this(uri, null);
        }
    }

    /**
     * A local path that lies outside the session that named it. Never read automatically: a session
     * from someone else could point anywhere (OFFLINE.md 6.3.d).
     */
    record OutsideSession(Path path) implements Location {}

    /** Nothing to read, with the reason shown to the user (no uri, file missing from the session, ...). */
    record Missing(String reason) implements Location {}
}
