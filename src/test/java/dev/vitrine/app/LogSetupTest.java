package dev.vitrine.app;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogSetupTest {

    @Test
    void infoOfOursAndWarningsOfChattyLibrariesReachTheLogFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("nested").resolve("vitrine.log");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // what logback's service provider gives the real one
        LogSetup.toFile(context, log);

        context.getLogger("dev.vitrine.storage.ArtifactCache").info("cached {}", "model.pt");
        context.getLogger("dev.vitrine.storage.ArtifactCache").debug("not written");
        context.getLogger("okhttp3.OkHttpClient").info("chatty");
        context.getLogger("software.amazon.awssdk.core").warn("a warning");
        context.stop();

        String text = Files.readString(log);
        assertThat(text).contains("INFO  [").contains("cached model.pt").contains("a warning");
        assertThat(text).doesNotContain("not written").doesNotContain("chatty");
    }

    @Test
    void theServiceFileNamesTheConfigurator() throws Exception {
        var url = LogSetup.class.getClassLoader().getResource("META-INF/services/ch.qos.logback.classic.spi.Configurator");
        assertThat(url).isNotNull();
        try (var in = url.openStream()) {
            assertThat(new String(in.readAllBytes()).trim()).isEqualTo(LogSetup.class.getName());
        }
    }
}
