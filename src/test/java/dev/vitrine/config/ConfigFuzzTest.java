package dev.vitrine.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vitrine.testutil.FuzzChecks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Fuzz target for clearml.conf parsing: ConfigException only. */
class ConfigFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void clearmlConf(byte[] data) {
        FuzzChecks.check(List.of(ConfigException.class), 64L << 20, () -> {
            var c = Hocon.parse(new String(data, StandardCharsets.UTF_8), "clearml.conf", Map.of("HOME", "/home/u"));
            c.root().render();
        });
    }
}
