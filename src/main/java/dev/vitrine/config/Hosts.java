package dev.vitrine.config;

import java.net.URI;

/** The SDK's host rules (CONFIG.md 5): default api host, web and files hosts derived from it. */
public final class Hosts {
    public static final String DEFAULT_API = "https://api.clear.ml";

    private Hosts() {}

    public static String strip(String url) {
        if (url == null) return null;
        String s = url.strip();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /**
     * The web app host for an api host.
     *
     * @throws ConfigException when it cannot be derived ("Could not detect ClearML web application server")
     */
    public static String webFromApi(String api) {
        if (DEFAULT_API.equals(api)) return "https://app.clear.ml";
        if (api.contains("://demoapi.")) return api.replace("://demoapi.", "://demoapp.");
        if (api.contains("://api.")) return api.replace("://api.", "://app.");
        if (port(api) == 8008) return api.replace(":8008", ":8080");
        throw new ConfigException("Could not detect the ClearML web application server from api_server " + api
                + ": set api.web_server (or CLEARML_WEB_HOST)");
    }

    /** The files host for an api host and its (given or derived) web host. */
    public static String filesFrom(String api, String web) {
        if (DEFAULT_API.equals(api)) return "https://files.clear.ml";
        URI u = parse(web);
        if (u.getPort() > 0) {
            String hostPort = u.getHost() + ":" + u.getPort();
            return web.replaceFirst(java.util.regex.Pattern.quote(hostPort), u.getHost() + ":8081");
        }
        String host = u.getHost() == null ? "" : u.getHost();
        if (host.startsWith("demoapp.")) return web.replaceFirst("://demoapp\\.", "://demofiles.");
        if (host.startsWith("app.")) return web.replaceFirst("://app\\.", "://files.");
        return web + ":8081";
    }

    static int port(String url) {
        return parse(url).getPort();
    }

    static URI parse(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException("Not a valid server URL: " + url);
        }
    }
}
