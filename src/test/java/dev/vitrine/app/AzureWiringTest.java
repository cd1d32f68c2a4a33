package dev.vitrine.app;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.storage.StorageException;
import dev.vitrine.testutil.AzuriteServer;
import dev.vitrine.workspace.Location;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An azure:// artifact is fetched into the SDK cache with the sdk.azure.storage of the user's clearml.conf. */
class AzureWiringTest {

    @TempDir Path tmp;

    @Test
    void theConfiguredAccountIsUsedAndAMissingOneIsSaidPlainly() throws Exception {
        try (AzuriteServer azurite = new AzuriteServer(tmp.resolve("azurite"))) {
            var container = new BlobServiceClientBuilder().endpoint(azurite.endpoint())
                    .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).buildClient()
                    .createBlobContainer("artifacts");
            container.getBlobClient("Proj/run.abc/artifacts/notes/notes.txt").upload(com.azure.core.util.BinaryData.fromString("from azure"));
            Path home = Files.createDirectories(tmp.resolve("home"));
            Files.writeString(home.resolve("clearml.conf"), azurite.config(AzuriteServer.KEY));
            ConfigLoader loader = new ConfigLoader(Map.of(), home);
            try (Services services = new Services(loader, new Profiles(loader, tmp.resolve("profiles")), tmp.resolve("cache"))) {
                String uri = "azure://" + AzuriteServer.ACCOUNT + ".blob.core.windows.net/artifacts/Proj/run.abc/artifacts/notes/notes.txt";
                Path local = services.cache().localCopy(new Location.Remote(uri), null);
                assertThat(Files.readString(local)).isEqualTo("from azure");
                assertThat(local.getParent().getFileName().toString()).isEqualTo("global"); // the SDK's storage_manager/global
                assertThatThrownBy(() -> services.cache().localCopy(new Location.Remote("azure://elsewhere.blob.core.windows.net/c/a.bin"), null))
                        .isInstanceOf(StorageException.class).hasMessageContaining("Missing Azure Blob Storage configuration");
            }
        }
    }

}
