package dev.vitrine.storage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache file names match the SDK's rule. The expected names in {@code storage/cache_names.tsv} were
 * computed by python3's hashlib on the documented formula ({@code make_cache_names.py} beside it).
 */
class CacheNamingTest {

    @Test
    void namesMatchTheSdkRule() throws IOException {
        List<String> lines;
        try (var in = getClass().getResourceAsStream("/storage/cache_names.tsv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSizeGreaterThan(5);
        for (String line : lines) {
            String[] p = line.split("\t");
            assertThat(ArtifactCache.cacheFileName(p[0])).as(p[0]).isEqualTo(p[1]);
        }
    }

    @Test
    void longNamesAreShortenedKeepingTheExtension() {
        String uri = "http://h/p/" + "x".repeat(400) + ".tar.gz";
        String name = ArtifactCache.cacheFileName(uri);
        assertThat(name.length()).isLessThanOrEqualTo(255 - 32);
        assertThat(name).endsWith(".tar.gz").startsWith(SdkCacheLayout.md5(uri));
    }

    @Test
    void cacheFilesStayInTheCacheFolder() {
        ArtifactCache cache = new ArtifactCache(Path.of("/tmp/vitrine-naming"), 10, 0, StorageDrivers.unconfigured());
        for (String uri : List.of("http://h/..", "http://h/a/%2e%2e", "http://h/a/..%2f..%2fetc", "s3://b/..")) {
            assertThat(cache.cacheFileFor(uri).getParent()).isEqualTo(cache.folder());
        }
        cache.close();
    }

    @Test
    void archiveFolderNameQuotesLikePython() {
        assertThat(SdkCacheLayout.quote("my folder/ü?")).isEqualTo("my folder%2F%C3%BC%3F");
    }
}
