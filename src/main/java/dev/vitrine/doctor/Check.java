package dev.vitrine.doctor;

/**
 * One result of the setup check, as {@code doctor --json} prints it (CLI.md): what was checked,
 * which config key or variable it came from, and when it failed, the cause in one line and the fix.
 * Never holds a secret.
 *
 * @param kind   {@code server}, {@code fileserver}, {@code s3}, {@code gs}, {@code azure} or {@code local}
 * @param target what was reached (a url, {@code s3://host/bucket}, a folder)
 * @param source the config key or variable it came from ({@code sdk.aws.s3.credentials[1]})
 */
public record Check(String kind, String target, String source, boolean ok, String message, String fix) {

    static Check ok(String kind, String target, String source, String message) {
        return new Check(kind, target, source, true, message, null);
    }

    static Check failed(String kind, String target, String source, Diagnosis d) {
        return new Check(kind, target, source, false, d.message(), d.fix());
    }

    /** One line for a terminal: {@code OK s3 s3://host/bucket (sdk.aws.s3.credentials[0]): listed}. */
    public String line() {
        return (ok ? "OK    " : "FAIL  ") + kind + " " + target + " (" + source + "): " + message + (fix == null ? "" : " Fix: " + fix);
    }
}
