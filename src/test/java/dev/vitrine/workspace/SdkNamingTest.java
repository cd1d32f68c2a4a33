package dev.vitrine.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitrine.testutil.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's naming rules, checked against what the real SDK wrote into the corpus sessions and ARTIFACTS.md's examples. */
class SdkNamingTest {

    @Test
    void everyCorpusArtifactLivesWhereTheRulesPutIt() {
        Corpus.require();
        int checked = 0;
        for (JsonNode s : Corpus.manifest().path("sessions")) {
            for (JsonNode a : s.path("artifacts")) {
                if (!a.hasNonNull("zip_member")) continue;
                String member = a.path("zip_member").asText();
                String key = a.path("task_json_entry").path("key").asText();
                String stored = member.substring(member.lastIndexOf('/') + 1);
                // the stored name is already R()-escaped by the SDK; R() of an escaped name is the identity for these
                String expected = "data/" + SdkNaming.artifactKey(s.path("project_name").asText(), null,
                        s.path("task_name").asText(), s.path("task_id").asText(), key, stored);
                assertThat(expected).as(key).isEqualTo(member);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void rEscapesLikeTheSdk() {
        assertThat(SdkNaming.r("odd name: résumé/final #1?")).isEqualTo("odd name0x3a résumé.slash.final 0x2310x3f");
        assertThat(SdkNaming.r("a/b:c")).isEqualTo("a.slash.b0x3ac");
        assertThat(SdkNaming.r("/lead/and/trail/")).isEqualTo("lead.slash.and.slash.trail");
        assertThat(SdkNaming.r("100%!")).isEqualTo("1000x250x21");
    }

    @Test
    void qQuotesLikePythonUrllib() {
        // values printed by Python: quote(x, safe="'[]{}()$^,.; -_+-=/")
        assertThat(SdkNaming.q("odd name: résumé/final #1?")).isEqualTo("odd name%3A r%C3%A9sum%C3%A9/final %231%3F");
        assertThat(SdkNaming.q("Vision/Detection")).isEqualTo("Vision/Detection");
    }

    @Test
    void uriIsEncodedOnceForHttpOnly() {
        String key = SdkNaming.artifactKey("Vision/Detection", "p", "resnet50 baseline", "e2f1c0a9b8d74e6f8a1b2c3d4e5f6a7b", "val table", "val table.csv.gz");
        assertThat(SdkNaming.uri("http://files.example.com:8081", key)).isEqualTo(
                "http://files.example.com:8081/Vision/Detection/resnet50%20baseline.e2f1c0a9b8d74e6f8a1b2c3d4e5f6a7b/artifacts/val%20table/val%20table.csv.gz");
        assertThat(SdkNaming.uri("s3://ml-artifacts/clearml/", key)).isEqualTo(
                "s3://ml-artifacts/clearml/Vision/Detection/resnet50 baseline.e2f1c0a9b8d74e6f8a1b2c3d4e5f6a7b/artifacts/val table/val table.csv.gz");
        assertThat(SdkNaming.uri("/home/u/out", "a/b.txt")).isEqualTo("/home/u/out/a/b.txt");
    }

    @Test
    void longNamesAreCutAsTheSdkCutsThem() {
        String id = "e2f1c0a9b8d74e6f8a1b2c3d4e5f6a7b";
        String prefix = SdkNaming.prefix("P", null, "n".repeat(200), id);
        assertThat(prefix).isEqualTo("P/" + "n".repeat(95) + "." + id);
        String seg = "x".repeat(300) + ".bin";
        assertThat(SdkNaming.shortenSegments("a/" + seg)).matches("a/[0-9a-f]{32}\\.bin");
    }

    @Test
    void fileNamesAndSizesFollowTheSdk() {
        assertThat(SdkNaming.singleFileName("run_notes.txt")).isEqualTo("run_notes.txt");
        assertThat(SdkNaming.singleFileName("weights.tar.gz")).isEqualTo("weights.tar.gz");
        assertThat(SdkNaming.singleFileName("Makefile")).isEqualTo("Makefile.");
        assertThat(SdkNaming.withExtension("results.csv", ".csv.gz")).isEqualTo("results.csv.csv.gz");
        assertThat(SdkNaming.withExtension("df", ".csv.gz")).isEqualTo("df.csv.gz");
        assertThat(SdkNaming.humanSize(1)).isEqualTo("1 byte");
        assertThat(SdkNaming.humanSize(38)).isEqualTo("38 bytes");
        assertThat(SdkNaming.humanSize(12_345)).isEqualTo("12.35 KB");
        assertThat(SdkNaming.humanSize(1_000_000)).isEqualTo("1 MB");
    }
}
