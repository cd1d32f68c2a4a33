package dev.vitrine.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;

import java.util.Map;

/**
 * Parses clearml.conf text with Typesafe Config the way the SDK's pyhocon reads it. Real files
 * hold unquoted URLs ({@code api_server: http://localhost:8008}) where HOCON would start a
 * {@code //} comment, so such values are quoted first (DEPENDENCIES.md).
 */
public final class Hocon {

    private Hocon() {}

    /** The text with every unquoted URL value quoted; lines inside {@code """} strings are left alone. */
    public static String quoteUnquotedUrls(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        boolean inTriple = false;
        for (String line : text.split("\n", -1)) {
            if (!inTriple) line = quoteLine(line);
            int count = countTriple(line);
            if (count % 2 == 1) inTriple = !inTriple;
            out.append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** Quotes each unquoted value after ':' or '=' that contains "://"; stops at a comment. */
    private static String quoteLine(String line) {
        StringBuilder sb = new StringBuilder(line.length() + 8);
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (end < n && line.charAt(end) != '"') end += line.charAt(end) == '\\' ? 2 : 1;
                end = Math.min(n, end + 1);
                sb.append(line, i, end);
                i = end;
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < n && line.charAt(i + 1) == '/')) {
                sb.append(line, i, n);
                break;
            }
            sb.append(c);
            i++;
            if (c == ':' || c == '=') {
                int j = i;
                while (j < n && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) j++;
                int k = j;
                while (k < n && " \t,}]".indexOf(line.charAt(k)) < 0) k++;
                String token = line.substring(j, k);
                if (!token.isEmpty() && "\"'[{$".indexOf(token.charAt(0)) < 0 && token.contains("://")) {
                    sb.append(line, i, j).append('"').append(token.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                    i = k;
                }
            }
        }
        return sb.toString();
    }

    private static int countTriple(String line) {
        int n = 0;
        for (int i = line.indexOf("\"\"\""); i >= 0; i = line.indexOf("\"\"\"", i + 3)) n++;
        return n;
    }

    /**
     * Parses and resolves {@code ${VAR}} substitutions against the file itself, then the given
     * environment; unresolvable ones are left unresolved, as the SDK tolerates them.
     *
     * @param origin named in error messages (a file path, "the pasted text")
     */
    public static Config parse(String text, String origin, Map<String, String> env) {
        Config parsed;
        try {
            parsed = ConfigFactory.parseString(quoteUnquotedUrls(text),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(origin));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(origin + " is not valid HOCON: " + cleanMessage(e.getMessage(), origin), e);
        }
        return resolve(parsed, env);
    }

    static Config resolve(Config c, Map<String, String> env) {
        try {
            Config envConfig = ConfigFactory.parseMap(safeEnv(env), "environment");
            return c.resolveWith(c.withFallback(envConfig),
                    ConfigResolveOptions.defaults().setAllowUnresolved(true).setUseSystemEnvironment(false));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("Cannot resolve the configuration: " + e.getMessage(), e);
        }
    }

    /** Environment names that are not valid config paths (e.g. with '=' or empty parts) are dropped. */
    private static Map<String, String> safeEnv(Map<String, String> env) {
        Map<String, String> m = new java.util.HashMap<>();
        env.forEach((k, v) -> {
            if (k.matches("[A-Za-z_][A-Za-z0-9_]*") && v != null) m.put(k, v);
        });
        return m;
    }

    private static String cleanMessage(String msg, String origin) {
        if (msg == null) return "syntax error";
        return msg.startsWith(origin + ": ") ? msg.substring(origin.length() + 2) : msg;
    }
}
