package dev.vitrine.samples;

import dev.vitrine.app.Services;
import dev.vitrine.storage.ArtifactCache;
import dev.vitrine.workspace.Location;
import dev.vitrine.workspace.demo.DemoWorkspace;
import dev.vitrine.workspace.offline.OfflineWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Debug samples recorded by offline sessions (metrics.jsonl): the demo shows them without a server. */
class OfflineSamplesTest {
    static final String TRAIN = "offline-406084157b9286003792651da719d1d2";

    @TempDir
    Path tmp;

    @Test
    void theDemoTrainingTaskHasDebugSamplesWithItsRecycledEpochsNamed() throws Exception {
        try (OfflineWorkspace ws = DemoWorkspace.open()) {
            DebugSamples s = Services.samplesOf(ws);
            List<Sample> latest = s.latest(TRAIN);
            assertThat(latest).extracting(x -> x.metric() + "/" + x.variant() + "@" + x.iteration()).containsExactly(
                    "alerts/churn alarm@12", "embeddings/val@12", "predictions/churned@12", "predictions/retained@12", "report/summary@12");
            assertThat(latest).extracting(Sample::kind).containsExactly(MediaKind.AUDIO, MediaKind.IMAGE, MediaKind.IMAGE,
                    MediaKind.IMAGE, MediaKind.HTML);
            assertThat(latest).allSatisfy(x -> assertThat(x.location()).isInstanceOf(Location.ZipMember.class));

            SampleHistory emb = s.history(TRAIN, "embeddings", "val");
            assertThat(emb.samples()).extracting(Sample::iteration).containsExactly(12L, 11L, 10L, 9L, 8L);
            assertThat(emb.recycled()).containsExactly(7L, 6L, 5L, 4L, 3L, 2L, 1L);
            assertThat(s.history(TRAIN, "predictions", "churned").samples()).hasSize(12);
            assertThat(s.history(TRAIN, "alerts", "churn alarm").samples()).extracting(Sample::iteration).containsExactly(12L, 6L);

            Services services = Services.create(tmp);
            Path png = services.sampleFiles().fetch(emb.atOrBefore(8).orElseThrow());
            assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(128);
            services.close();
            // the other demo tasks reported no samples
            assertThat(s.latest("offline-ccb4db240e505e46d5964aa09bce6e4c")).isEmpty();
        }
    }

    @Test
    void aSessionFolderWithBrokenAndForeignLinesKeepsWhatItCanRead() throws Exception {
        Path dir = tmp.resolve("offline-0123456789abcdef0123456789abcdef");
        Files.createDirectories(dir.resolve("data/p/t.offline-0123456789abcdef0123456789abcdef/metrics/m/v"));
        Files.writeString(dir.resolve("task.json"), "{\"id\": \"offline-0123456789abcdef0123456789abcdef\", \"name\": \"t\","
                + " \"project_name\": \"p\", \"offline_folder\": \"/elsewhere/offline-0123456789abcdef0123456789abcdef\"}");
        String url = "/elsewhere/offline-0123456789abcdef0123456789abcdef/data/p/t.offline-0123456789abcdef0123456789abcdef/metrics/m/v/m_v_00000000.png";
        Files.write(dir.resolve("data/p/t.offline-0123456789abcdef0123456789abcdef/metrics/m/v/m_v_00000000.png"),
                dev.vitrine.testutil.SampleWorld.png(3, 4));
        Files.writeString(dir.resolve("metrics.jsonl"), String.join("\n",
                "[{\"type\": \"training_debug_image\", \"task\": \"offline-0123456789abcdef0123456789abcdef\", \"iter\": 3, \"metric\": \"m\", \"variant\": \"v\", \"url\": \"" + url + "\", \"timestamp\": 1}]",
                "[{\"type\": \"training_debug_image\", \"task\": \"offline-0123456789abcdef0123456789abcdef\", \"iter\": 4, \"metric\": \"m\", \"variant\": \"escape\", \"url\": \"/elsewhere/offline-0123456789abcdef0123456789abcdef/data/../../../etc/passwd\"}]",
                "[{\"type\": \"training_debug_image\", \"task\": \"offline-model\", \"iter\": 5, \"metric\": \"m\", \"variant\": \"model\", \"url\": \"x.png\"}]",
                "[{\"type\": \"training_stats_scalar\", \"task\": \"offline-0123456789abcdef0123456789abcdef\", \"iter\": 1, \"metric\": \"loss\", \"variant\": \"l\", \"value\": 1.0}]",
                "[{\"type\": \"training_debug_image\", \"iter\": 9, \"metric\": \"m\", \"vari"));
        try (OfflineWorkspace ws = OfflineWorkspace.open("s", List.of(dir))) {
            DebugSamples s = Services.samplesOf(ws);
            List<Sample> latest = s.latest("offline-0123456789abcdef0123456789abcdef");
            assertThat(latest).extracting(x -> x.variant()).containsExactly("escape", "v");
            assertThat(latest.get(0).location()).isInstanceOf(Location.Missing.class); // never read outside the session
            assertThat(latest.get(1).location()).isInstanceOf(Location.LocalFile.class);
            assertThat(ArtifactCache.sha256(((Location.LocalFile) latest.get(1).location()).path())).isNotBlank();
        }
    }
}
