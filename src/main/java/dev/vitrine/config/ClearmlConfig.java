package dev.vitrine.config;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One server's resolved configuration, after the SDK's merge and environment rules (CONFIG.md).
 * Immutable; {@link #toString()} never shows secrets.
 *
 * @param profile            the profile name ("default" for clearml.conf + environment)
 * @param source             where it came from, for messages ("~/clearml.conf + CLEARML_API_HOST")
 * @param credentials        the key pair, or null when only a token is configured
 * @param authToken          {@code CLEARML_AUTH_TOKEN}, or null; wins over the key pair (CONFIG.md 4)
 * @param caBundle           a CA bundle path when {@code verify_certificate} names one, else null
 * @param tokenExpirationThresholdSec refresh the token this long before it expires (API.md 2.3)
 * @param requestTokenExpirationSec   {@code expiration_sec} sent to auth.login, or null
 * @param raw                the merged config tree (defaults + files), for storage settings
 */
public record ClearmlConfig(
        String profile,
        String source,
        String apiServer,
        String webServer,
        String filesServer,
        Credentials credentials,
        String authToken,
        boolean verifyCertificate,
        Path caBundle,
        long tokenExpirationThresholdSec,
        Long requestTokenExpirationSec,
        Config raw) {

    public ClearmlConfig {
        Objects.requireNonNull(apiServer, "apiServer");
        Objects.requireNonNull(raw, "raw");
    }

    /** A config for explicit settings (the Connect dialog), over the bundled defaults. */
    public static ClearmlConfig of(String profile, ServerSettings settings) {
        ServerSettings s = settings.resolved();
        Config raw = ConfigLoader.defaults();
        return new ClearmlConfig(profile, "entered settings", s.apiServer(), s.webServer(), s.filesServer(),
                s.credentials(), null, s.verifyCertificate(), null, 360, null, raw);
    }

    /** The settings a user could edit or save again. */
    public ServerSettings settings() {
        return new ServerSettings(apiServer, webServer, filesServer, credentials, verifyCertificate);
    }

    public boolean hasCredentials() {
        return credentials != null || authToken != null;
    }

    /** Expands a leading {@code ~} to the user's home, as the SDK does for paths in clearml.conf. */
    public static String expandHome(String path, Path home) {
        if (path == null) return null;
        if (path.equals("~")) return home.toString();
        if (path.startsWith("~/") || path.startsWith("~" + java.io.File.separator)) return home.resolve(path.substring(2)).toString();
        return path;
    }

    @Override
    public String toString() {
        return "ClearmlConfig[profile=" + profile + ", source=" + source + ", api=" + apiServer + ", web=" + webServer
                + ", files=" + filesServer + ", credentials=" + credentials + ", authToken=" + (authToken == null ? "none" : "***")
                + ", verifyCertificate=" + verifyCertificate + (caBundle == null ? "" : ", caBundle=" + caBundle) + "]";
    }
}
