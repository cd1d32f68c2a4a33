package dev.vitrine.samples;

import dev.vitrine.app.Services;
import dev.vitrine.config.ConfigLoader;
import dev.vitrine.config.Profiles;
import dev.vitrine.storage.StorageException;
import dev.vitrine.testutil.FakeClearmlServer;
import dev.vitrine.testutil.FakeWorld;
import dev.vitrine.testutil.FileServerFake;
import dev.vitrine.testutil.SampleWorld;
import dev.vitrine.testutil.Transcripts;
import dev.vitrine.workspace.NotFoundException;
import dev.vitrine.workspace.server.ServerWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debug samples of a server over loopback: the events API as recorded, files through the fileserver and the shared cache. */
class ServerSamplesTest {
    static final String A = "d9262ebc0cde45c992c53205dc12697c";
    static final String B = "bf0c3fb444a54b1494bec49b94afa4be";
    static final String T = "0123456789abcdef0123456789abcd01";

    @TempDir
    Path tmp;
    FakeClearmlServer fake;
    FileServerFake files;
    Services services;
    ServerWorkspace ws;
    SampleWorld world;

    @BeforeEach
    void start() throws Exception {
        fake = FakeClearmlServer.start(new FakeWorld());
        files = new FileServerFake(tmp.resolve("fileserver"), null);
        world = new SampleWorld(fake.events(), files, "Samples test");
        ConfigLoader loader = new ConfigLoader(Map.of("CLEARML_API_HOST", fake.url(), "CLEARML_WEB_HOST", fake.url(),
                "CLEARML_FILES_HOST", files.url(), "CLEARML_API_ACCESS_KEY", FakeClearmlServer.ACCESS_KEY,
                "CLEARML_API_SECRET_KEY", FakeClearmlServer.SECRET_KEY), tmp.resolve("home"));
        services = new Services(loader, Profiles.standard(loader), tmp.resolve("cache"));
        ws = services.openServer(loader.load().orElseThrow());
    }

    @AfterEach
    void stop() {
        if (ws != null) ws.close();
        if (services != null) services.close();
        if (files != null) files.close();
        if (fake != null) fake.close();
    }

    private void useRecordedWorld() {
        assumeTrue(Transcripts.available() && Transcripts.eventsDir() != null, "event transcripts not present");
        fake.events(Transcripts.events(fake.world()));
    }

    @Test
    void recordedTaskShowsTheLatestOfEveryVariantAndOnlyIterationsWhoseFileHoldsThem() {
        useRecordedWorld();
        DebugSamples s = services.samples(ws);
        List<Sample> latest = s.latest(A);
        assertThat(latest).extracting(x -> x.metric() + "/" + x.variant() + "@" + x.iteration()).containsExactly(
                "audio/chirp@11", "predictions/cat@11", "predictions/dog@11", "report/summary@11", "train/inputs/cat@11", "train/inputs/dog@11");
        assertThat(latest).extracting(Sample::kind).containsExactly(MediaKind.AUDIO, MediaKind.IMAGE, MediaKind.IMAGE,
                MediaKind.HTML, MediaKind.IMAGE, MediaKind.IMAGE);
        assertThat(latest.get(4).url()).contains("train.slash.inputs_cat_00000001.jpeg"); // verbatim, percent-encoded
        assertThat(latest.get(4).fileName()).isEqualTo("train.slash.inputs_cat_00000001.jpeg");

        SampleHistory h = s.history(A, "train/inputs", "cat");
        assertThat(h.samples()).extracting(Sample::iteration).containsExactly(11L, 10L, 9L, 8L, 7L);
        assertThat(h.recycled()).containsExactly(6L, 5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(h.atOrBefore(3)).isEmpty();
        assertThat(h.isRecycled(3)).isTrue();

        SampleHistory sparse = s.history(B, "predictions", "cat");
        assertThat(sparse.samples()).hasSize(12);
        assertThat(sparse.atOrBefore(75).orElseThrow().iteration()).isEqualTo(70); // rounds down, as the server
        assertThat(sparse.recycled()).isEmpty();
    }

    @Test
    void aRunningTasksNewSampleIsSeenAndTheIterationItOverwroteIsNoLongerShown() {
        useRecordedWorld();
        DebugSamples s = services.samples(ws);
        assertThat(s.history(B, "train/inputs", "cat").samples()).extracting(Sample::iteration).containsExactly(110L, 100L, 90L, 80L, 70L);
        var e = fake.events().addImage(B, 120, "train/inputs", "cat",
                "Debug samples demo/train cnn-b." + B + "/metrics/train.slash.inputs/cat/train.slash.inputs_cat_00000004.jpeg",
                "http://127.0.0.1:8081/Debug%20samples%20demo/train%20cnn-b." + B + "/metrics/train.slash.inputs/cat/train.slash.inputs_cat_00000004.jpeg");
        assertThat(e).isNotNull();
        SampleHistory h = s.history(B, "train/inputs", "cat");
        assertThat(h.samples()).extracting(Sample::iteration).containsExactly(120L, 110L, 100L, 90L, 80L);
        assertThat(h.isRecycled(70)).isTrue();
        assertThat(s.latest(B)).filteredOn(x -> x.variant().equals("cat") && x.metric().equals("train/inputs"))
                .extracting(Sample::iteration).containsExactly(120L);
    }

    @Test
    void twoHundredVariantsAndOneWhoseLastSampleIsOldAreAllInTheGrid() {
        for (int v = 0; v < 200; v++) world.report(T, "grid", "metric" + (v % 7), String.format("v%03d", v), 50, 100, 8);
        world.report(T, "grid", "early", "only", 0, 100, 8); // its latest sample is 50 iterations older than the rest
        for (long it = 1; it <= 50; it++) world.report(T, "grid", "metric0", "v000", it, 100, 8);
        List<Sample> latest = services.samples(ws).latest(T);
        assertThat(latest).hasSize(201);
        assertThat(latest.get(0).key()).isEqualTo(new SampleKey("early", "only"));
        assertThat(latest.get(0).iteration()).isZero();
        assertThat(latest).filteredOn(x -> x.variant().equals("v000")).extracting(Sample::iteration).containsExactly(50L);
        assertThat(latest).isSortedAccordingTo(java.util.Comparator.comparing(Sample::key));
    }

    @Test
    void aLongHistoryIsReadPastTheServersPagesAndKeepsOnlyTheLastFiles() {
        for (long it = 0; it < 1200; it++) world.report(T, "long", "loss", "img", it, 10, 4);
        SampleHistory h = services.samples(ws).history(T, "loss", "img");
        assertThat(h.samples()).extracting(Sample::iteration).containsExactlyElementsOf(LongStream.rangeClosed(1190, 1199).boxed()
                .sorted(java.util.Comparator.reverseOrder()).toList());
        assertThat(h.recycledCount()).isEqualTo(1190);
        // newest first, stopped below the oldest stored file: the older events are only counted
        assertThat(fake.count("events.get_task_events")).isEqualTo(1);
    }

    @Test
    void theFileFetchedHoldsTheEventsOwnImageEvenWhenTheCacheHadTheUrlsOlderContent() {
        for (long it = 0; it < 3; it++) world.report(T, "rec", "pred", "cat", it, 3, 4);
        DebugSamples s = services.samples(ws);
        SampleFiles sf = services.sampleFiles();
        Path first = sf.fetch(s.history(T, "pred", "cat").atOrBefore(1).orElseThrow());
        assertThat(SampleWorld.iterationOf(first)).isEqualTo(1);
        for (long it = 3; it < 6; it++) world.report(T, "rec", "pred", "cat", it, 3, 4); // 4 overwrites the file of 1
        Sample four = s.history(T, "pred", "cat").atOrBefore(4).orElseThrow();
        assertThat(four.url()).isEqualTo(s.history(T, "pred", "cat").atOrBefore(5).orElseThrow().url().replace("_00000002", "_00000001"));
        assertThat(SampleWorld.iterationOf(sf.fetch(four))).isEqualTo(4);
        assertThat(SampleWorld.iterationOf(sf.fetch(four))).isEqualTo(4);
    }

    @Test
    void aMissingFileIsReportedAsMissing() throws Exception {
        String url = world.report(T, "gone", "pred", "cat", 0, 3, 4);
        java.nio.file.Files.walk(files.root()).filter(java.nio.file.Files::isRegularFile).forEach(p -> p.toFile().delete());
        Sample s = services.samples(ws).latest(T).get(0);
        assertThat(s.url()).isEqualTo(url);
        assertThatThrownBy(() -> services.sampleFiles().fetch(s)).isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(StorageException.Kind.NOT_FOUND));
    }

    @Test
    void anUnknownTaskIsNotFoundAndATaskWithoutSamplesIsEmpty() {
        fake.events().addOther(T, "loss", "train");
        DebugSamples s = services.samples(ws);
        assertThatThrownBy(() -> s.latest("00000000000000000000000000000000")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> s.latest("not-an-id")).isInstanceOf(NotFoundException.class);
        assertThat(s.latest(T)).isEmpty();
        assertThat(s.history(T, "loss", "train").isEmpty()).isTrue();
    }

    static List<Long> iterations(SampleHistory h) {
        List<Long> out = new ArrayList<>();
        h.samples().forEach(x -> out.add(x.iteration()));
        return out;
    }
}
