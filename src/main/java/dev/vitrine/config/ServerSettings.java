package dev.vitrine.config;

/**
 * What a user types or pastes to reach a server: the three hosts (web and files may be null, then
 * derived from the api host as the SDK does), the key pair and whether TLS certificates are checked.
 * {@link #toString()} hides the secret.
 */
public record ServerSettings(String apiServer, String webServer, String filesServer, Credentials credentials,
                             boolean verifyCertificate) {

    /** Resolves missing hosts (CONFIG.md 5) and strips trailing slashes. */
    public ServerSettings resolved() {
        String api = Hosts.strip(apiServer);
        String web = webServer == null || webServer.isBlank() ? Hosts.webFromApi(api) : Hosts.strip(webServer);
        String files = filesServer == null || filesServer.isBlank() ? Hosts.filesFrom(api, web) : Hosts.strip(filesServer);
        return new ServerSettings(api, web, files, credentials, verifyCertificate);
    }

    @Override
    public String toString() {
        return "ServerSettings[api=" + apiServer + ", web=" + webServer + ", files=" + filesServer
                + ", credentials=" + credentials + ", verifyCertificate=" + verifyCertificate + "]";
    }
}
