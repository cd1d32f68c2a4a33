package dev.vitrine.storage;

import com.typesafe.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sdk.azure.storage} as the ClearML SDK reads it (STORAGE.md 4): a list of
 * {@code containers: [{account_name, account_key, container_name}]}, plus a default entry from
 * {@code AZURE_STORAGE_ACCOUNT} and {@code AZURE_STORAGE_KEY}. An entry matches an
 * {@code azure://<account>.blob.core.windows.net/<container>/...} uri when its account is equal and
 * its container is empty or equal; the first match wins.
 *
 * <p>One Vitrine extension: an entry may name an {@code endpoint} (Azurite, Azure Stack, a
 * sovereign cloud); the default is {@code https://<account>.blob.core.windows.net}.
 */
public final class AzureSettings {

    /** One configured container (or a whole account when {@code container} is empty). */
    public record Container(String account, String key, String container, String endpoint) {
        @Override
        public String toString() {
            return "Container[" + account + "/" + container + "]"; // never the key
        }

        /** The blob service endpoint for this account. */
        public String serviceEndpoint() {
            return endpoint.isEmpty() ? "https://" + account + ".blob.core.windows.net" : endpoint;
        }
    }

    /** What an {@code azure://} uri names. */
    public record Location(String account, String container, String blob) {
        public String describe() {
            return "azure://" + account + "/" + container + "/" + blob;
        }
    }

    private final List<Container> containers;

    public AzureSettings(List<Container> containers) {
        this.containers = List.copyOf(containers);
    }

    public static AzureSettings empty() {
        return new AzureSettings(List.of());
    }

    public static AzureSettings from(Config config, Map<String, String> env) {
        List<Container> out = new ArrayList<>();
        try {
            if (config != null && config.hasPath("sdk.azure.storage.containers")) {
                for (Config c : config.getConfigList("sdk.azure.storage.containers")) {
                    out.add(new Container(str(c, "account_name"), str(c, "account_key"), str(c, "container_name"), str(c, "endpoint")));
                }
            }
        } catch (RuntimeException e) {
            // a malformed list configures nothing; the uri then reports the missing configuration
        }
        String account = env == null ? null : env.get("AZURE_STORAGE_ACCOUNT");
        String key = env == null ? null : env.get("AZURE_STORAGE_KEY");
        if (account != null && !account.isBlank() && key != null && !key.isBlank()) out.add(new Container(account.strip(), key.strip(), "", ""));
        return new AzureSettings(out);
    }

    private static String str(Config c, String path) {
        return c.hasPath(path) && !c.getIsNull(path) ? c.getString(path).strip() : "";
    }

    /** Splits {@code azure://<account>.blob.core.windows.net/<container>/<blob path>}. */
    public static Location locate(StorageUri uri) {
        String host = uri.netloc() == null ? "" : uri.netloc();
        if (host.contains(":")) host = host.substring(0, host.indexOf(':'));
        String account = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        String path = uri.path() == null ? "" : uri.path();
        while (path.startsWith("/")) path = path.substring(1);
        int slash = path.indexOf('/');
        if (account.isEmpty() || slash <= 0 || slash == path.length() - 1) {
            throw new StorageException(StorageException.Kind.OTHER, "Not an Azure blob uri (azure://<account>.blob.core.windows.net/<container>/<blob>): " + uri);
        }
        return new Location(account, path.substring(0, slash), path.substring(slash + 1));
    }

    /** The configured entry for a blob, as the SDK matches it. */
    public Container resolve(Location l) {
        for (Container c : containers) {
            if (c.account().equals(l.account()) && (c.container().isEmpty() || c.container().equals(l.container()))) return c;
        }
        throw new StorageException(StorageException.Kind.BAD_CREDENTIALS, "Missing Azure Blob Storage configuration for " + l.describe()
                + ": add it to sdk.azure.storage.containers in clearml.conf (or set AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY)");
    }
}
