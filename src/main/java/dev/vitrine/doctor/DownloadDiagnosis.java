package dev.vitrine.doctor;

import java.util.Optional;

/**
 * For a download that failed: which storage entry of the configuration served its uri (as the SDK
 * matches it) and why it failed there, in the setup doctor's words. What the window shows next to
 * a failed preview, transfer, save or compare; {@code vitrine get} prints the same line.
 */
public interface DownloadDiagnosis {

    /**
     * @param entry the config key whose entry served the uri ({@code sdk.aws.s3.credentials[1]})
     * @param cause what went wrong there, one line without secrets
     * @param fix   what to change, naming the key
     */
    record Explanation(String entry, String cause, String fix) {
        /** {@code served by sdk.aws.s3.credentials[1]: wrong secret (...); fix: check secret in ...}. */
        public String line() {
            return "served by " + entry + ": " + cause + "; fix: " + fix;
        }
    }

    /**
     * The explanation of {@code failure} for {@code uri}, or empty when no storage entry serves it
     * (a local file, a link). May read the configuration: call it off the FX thread.
     *
     * @param storage the scope of the workspace that listed the file ({@code Location.Remote#storage}), or null
     */
    Optional<Explanation> explain(String uri, String storage, Throwable failure);

    /** No diagnosis (tests, no configuration). */
    static DownloadDiagnosis none() {
        return (uri, storage, failure) -> Optional.empty();
    }
}
