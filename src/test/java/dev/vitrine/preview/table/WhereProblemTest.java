package dev.vitrine.preview.table;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WhereProblemTest {

    private static final List<String> COLUMNS = List.of("score", "scores_val", "label", "Learning Rate", "epoch", "x");

    @Test
    void theNearestNamesComeFirstCaseIgnored() {
        assertThat(WhereProblem.nearest("scroe", COLUMNS)).containsExactly("score");
        assertThat(WhereProblem.nearest("Lable", COLUMNS)).containsExactly("label");
        assertThat(WhereProblem.nearest("learning_rate", COLUMNS)).containsExactly("Learning Rate");
        assertThat(WhereProblem.nearest("sco", COLUMNS)).startsWith("score", "scores_val");
    }

    @Test
    void nothingFarIsOffered() {
        assertThat(WhereProblem.nearest("temperature", COLUMNS)).isEmpty();
        assertThat(WhereProblem.nearest("q", List.of("label"))).isEmpty();
    }
}
