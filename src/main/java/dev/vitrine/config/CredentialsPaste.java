package dev.vitrine.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the block the ClearML web app shows under Settings > Workspace > "Create new credentials":
 * <pre>
 * api {
 *   web_server: https://app.clear.ml
 *   api_server: https://api.clear.ml
 *   files_server: https://files.clear.ml
 *   credentials {
 *     "access_key" = "..."
 *     "secret_key" = "..."
 *   }
 * }
 * </pre>
 * A whole clearml.conf, the block without its {@code api { }} wrapper, or the SDK's flat
 * {@code api.credentials.access_key = ...} form are accepted too.
 */
public final class CredentialsPaste {

    private CredentialsPaste() {}

    /**
     * @throws ConfigException naming what is wrong: empty, not HOCON (with the line), or which keys are missing
     */
    public static ServerSettings parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException("Nothing was pasted: copy the whole 'api { ... }' block from the web app's "
                    + "Settings > Workspace > Create new credentials");
        }
        Config c;
        try {
            c = Hocon.parse(text, "the pasted text", Map.of());
        } catch (ConfigException e) {
            throw new ConfigException("The pasted text is not a credentials block: "
                    + e.getMessage().replaceFirst("^the pasted text is not valid HOCON: ", ""), e);
        }
        Config api;
        if (c.hasPath("api") && c.getValue("api").valueType() == ConfigValueType.OBJECT) {
            api = c.getConfig("api");
        } else if (c.hasPath("credentials") || c.hasPath("api_server")) {
            api = c;
        } else {
            throw new ConfigException("The pasted text has no 'api { ... }' block with api_server and credentials");
        }
        String apiServer = string(api, "api_server");
        if (apiServer == null) apiServer = string(api, "host");
        String accessKey = string(api, "credentials.access_key");
        String secretKey = string(api, "credentials.secret_key");
        List<String> missing = new ArrayList<>();
        if (apiServer == null) missing.add("api_server");
        if (accessKey == null) missing.add("credentials.access_key");
        if (secretKey == null) missing.add("credentials.secret_key");
        if (!missing.isEmpty()) {
            throw new ConfigException("The pasted block is missing " + String.join(", ", missing)
                    + ": copy the whole block the web app shows");
        }
        if (!apiServer.matches("(?i)https?://.+")) {
            throw new ConfigException("api_server must be an http:// or https:// URL, not '" + apiServer + "'");
        }
        boolean verify = true;
        if (api.hasPath("verify_certificate")) {
            Boolean b = ConfigLoader.parseBool(String.valueOf(api.getValue("verify_certificate").unwrapped()));
            if (b != null) verify = b;
        }
        return new ServerSettings(Hosts.strip(apiServer), Hosts.strip(string(api, "web_server")),
                Hosts.strip(string(api, "files_server")), new Credentials(accessKey, secretKey), verify);
    }

    private static String string(Config c, String path) {
        try {
            if (!c.hasPath(path)) return null;
            var v = c.getValue(path);
            if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) return null;
            String s = String.valueOf(v.unwrapped()).strip();
            return s.isEmpty() ? null : s;
        } catch (com.typesafe.config.ConfigException e) {
            return null;
        }
    }
}
