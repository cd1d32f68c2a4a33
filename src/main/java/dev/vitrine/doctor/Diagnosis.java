package dev.vitrine.doctor;

import dev.vitrine.clearml.ApiException;
import dev.vitrine.clearml.ClearmlException;
import dev.vitrine.storage.StorageException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import javax.net.ssl.SSLException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a storage or server call failed, in the words the user needs: the cause (wrong key, wrong
 * secret, no permission, unknown bucket, wrong region, clock skew, unknown host, TLS, timeout) and
 * the fix, naming the config key it came from. Built from the exception chain only; no secret is
 * ever part of it.
 */
public record Diagnosis(String message, String fix) {

    private static final Pattern EXPECTED_REGION = Pattern.compile("expecting '([a-z0-9-]+)'");

    /** The diagnosis of {@code failure} for the entry configured at {@code source}. */
    /**
     * A download from the ClearML files server failed: network causes as for any entry; a refusal
     * is about the token the API server gave (the files server asks the API server whether it is valid).
     */
    public static Diagnosis ofFilesServer(Throwable failure, String source) {
        StorageException se = find(failure, StorageException.class);
        if (se != null) {
            String m = firstLine(se.getMessage());
            switch (se.kind()) {
                case BAD_CREDENTIALS, ACCESS_DENIED -> {
                    return new Diagnosis("the files server refused this server's token: " + m,
                            "check that " + source + " belongs to the same ClearML server as api.api_server, and the api credentials");
                }
                case NOT_FOUND -> {
                    return new Diagnosis("the file is not on the files server: " + m,
                            "the artifact was deleted, or " + source + " names another files server than the one that stored it");
                }
                default -> { }
            }
        }
        return of(failure, source);
    }

    public static Diagnosis of(Throwable failure, String source) {
        S3Exception s3 = find(failure, S3Exception.class);
        if (s3 != null) return s3(s3, source);
        UnknownHostException uh = find(failure, UnknownHostException.class);
        if (uh != null) {
            return new Diagnosis("unknown host " + hostOf(uh), "check the host name in " + source + " and your DNS or VPN");
        }
        if (find(failure, SSLException.class) != null || (failure instanceof ClearmlException ce && ce.kind() == ClearmlException.Kind.TLS)) {
            return new Diagnosis("TLS failure: the certificate is not trusted or the port does not speak HTTPS",
                    "use http:// if the server has no TLS, or point " + source + "'s verify setting at the server's CA bundle "
                            + "(api.verify_certificate for the API server, verify for an S3 entry); turn verification off only on a trusted network");
        }
        if (find(failure, SocketTimeoutException.class) != null || timeout(failure)
                || (failure instanceof ClearmlException ce && ce.kind() == ClearmlException.Kind.TIMEOUT)) {
            return new Diagnosis("timeout: no answer in time", "check that " + source + " names a reachable host and port (firewall, proxy, VPN)");
        }
        if (find(failure, ConnectException.class) != null || (failure instanceof ClearmlException ce && ce.kind() == ClearmlException.Kind.UNREACHABLE)) {
            return new Diagnosis("connection refused", "check the port in " + source + " and that the server is running");
        }
        if (failure instanceof ApiException api && api.resultCode() == 401) {
            String m = api.serverMessage() == null ? "" : api.serverMessage();
            return new Diagnosis("the server refused the access key / secret key (" + m + ")",
                    "check api.credentials.access_key and secret_key, or create new credentials in the web app's Settings > Workspace");
        }
        if (failure instanceof ClearmlException ce) {
            return switch (ce.kind()) {
                case BAD_CREDENTIALS -> new Diagnosis("wrong or missing credentials: " + firstLine(ce.getMessage()),
                        "check api.credentials.access_key and secret_key");
                case NOT_CLEARML -> new Diagnosis("not a ClearML API server", "api.api_server is the API address (often port 8008 or https://api.<domain>), not the web app");
                case UNSUPPORTED -> new Diagnosis(firstLine(ce.getMessage()), "upgrade the ClearML server");
                default -> new Diagnosis(firstLine(ce.getMessage()), "check " + source);
            };
        }
        StorageException se = find(failure, StorageException.class);
        if (se != null) {
            String m = firstLine(se.getMessage());
            String lower = m.toLowerCase(Locale.ROOT);
            return switch (se.kind()) {
                case BAD_CREDENTIALS -> lower.contains("missing")
                        ? new Diagnosis("no credentials configured: " + m, "add the key and secret (or account key) to " + source)
                        : new Diagnosis("wrong key or secret: " + m, "check the key and secret in " + source);
                case ACCESS_DENIED -> new Diagnosis("no permission: " + m, "grant these credentials list, read and write on the bucket, or use credentials that have them (" + source + ")");
                case NOT_FOUND -> new Diagnosis("unknown bucket or container: " + m, "check the bucket/container name in " + source);
                default -> new Diagnosis(m, "check " + source);
            };
        }
        return new Diagnosis(firstLine(String.valueOf(failure.getMessage())), "check " + source);
    }

    private static Diagnosis s3(S3Exception e, String source) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
        String msg = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? "" : e.awsErrorDetails().errorMessage();
        switch (code) {
            case "InvalidAccessKeyId":
                return new Diagnosis("wrong key: the S3 server does not know this access key (InvalidAccessKeyId)", "check key in " + source);
            case "SignatureDoesNotMatch":
                return new Diagnosis("wrong secret: the signature does not match (SignatureDoesNotMatch)", "check secret in " + source);
            case "RequestTimeTooSkewed":
                return new Diagnosis("clock skew: this machine's clock differs too much from the S3 server's (RequestTimeTooSkewed)",
                        "set the system clock right (enable NTP time sync)");
            case "NoSuchBucket":
                return new Diagnosis("unknown bucket (NoSuchBucket)", "check bucket in " + source + " (bucket names are case-sensitive)");
            case "AccessDenied":
            case "AllAccessDisabled":
                return new Diagnosis("no permission (" + code + ")", "grant these credentials s3:ListBucket, s3:GetObject and s3:PutObject on the bucket (" + source + ")");
            case "AuthorizationHeaderMalformed":
            case "PermanentRedirect":
            case "IllegalLocationConstraintException": {
                String region = e.awsErrorDetails() == null ? null : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse(null);
                if (region == null) {
                    Matcher m = EXPECTED_REGION.matcher(msg);
                    if (m.find()) region = m.group(1);
                }
                return new Diagnosis("wrong region (" + code + ")" + (region == null ? "" : ": the bucket is in " + region),
                        "set region" + (region == null ? "" : ": \"" + region + "\"") + " in " + source);
            }
            case "ExpiredToken":
            case "InvalidToken":
                return new Diagnosis("the session token is expired or invalid (" + code + ")", "renew token in " + source + " (or AWS_SESSION_TOKEN)");
            default:
                break;
        }
        if (e.statusCode() == 301) return new Diagnosis("wrong region (the bucket is elsewhere)", "set region in " + source);
        if (e.statusCode() == 403) return new Diagnosis("no permission (" + (code.isEmpty() ? "403" : code) + ")", "check the rights of the credentials in " + source);
        if (e.statusCode() == 404) return new Diagnosis("unknown bucket (404)", "check bucket in " + source);
        return new Diagnosis("S3 error " + e.statusCode() + (code.isEmpty() ? "" : " " + code) + (msg.isEmpty() ? "" : ": " + firstLine(msg)), "check " + source);
    }

    private static boolean timeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedIOException && "timeout".equals(c.getMessage())) return true;
            if (c.getClass().getSimpleName().contains("Timeout")) return true;
        }
        return false;
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
            if (c.getCause() == c) break;
        }
        return null;
    }

    private static String hostOf(UnknownHostException e) {
        String m = e.getMessage();
        if (m == null) return "";
        int colon = m.indexOf(':');
        return "'" + (colon > 0 ? m.substring(0, colon) : m).strip() + "'";
    }

    static String firstLine(String s) {
        if (s == null) return "";
        return s.lines().findFirst().orElse(s);
    }
}
