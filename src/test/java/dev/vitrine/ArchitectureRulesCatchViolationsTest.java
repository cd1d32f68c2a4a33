package dev.vitrine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of {@link ArchitectureRules} fails on a deliberately broken class of the test sources
 * (packages {@code archfixture}), so a rule that silently matches nothing cannot pass for a kept one.
 */
class ArchitectureRulesCatchViolationsTest {

    static JavaClasses broken;

    @BeforeAll
    static void load() {
        // ui.connect whole: its real classes keep to the exception, its fixture does not
        broken = new ClassFileImporter().importPackages("dev.vitrine.archfixture", "dev.vitrine.ui.archfixture",
                "dev.vitrine.cli.archfixture", "dev.vitrine.ui.connect", "dev.vitrine.workspace.server.archfixture",
                "dev.vitrine.clearml.archfixture");
    }

    private static String violations(ArchRule rule) {
        EvaluationResult r = rule.evaluate(broken);
        assertThat(r.hasViolation()).as(rule.getDescription()).isTrue();
        return String.join("\n", r.getFailureReport().getDetails());
    }

    @Test
    void aServiceUsingJavaFxIsCaught() {
        assertThat(violations(ArchitectureRules.NOTHING_BELOW_UI_IMPORTS_JAVAFX)).contains("BrokenService").contains("javafx.scene.Node");
    }

    @Test
    void aServiceUsingTheUiIsCaught() {
        assertThat(violations(ArchitectureRules.SERVICES_DO_NOT_KNOW_UI_OR_CLI)).contains("BrokenService").contains("dev.vitrine.ui.common.Format");
    }

    @Test
    void aCliVerbUsingTheUiIsCaught() {
        assertThat(violations(ArchitectureRules.CLI_DOES_NOT_KNOW_UI)).contains("BrokenVerb");
    }

    @Test
    void aViewUsingTheCliIsCaught() {
        assertThat(violations(ArchitectureRules.UI_DOES_NOT_KNOW_CLI)).contains("BrokenView").contains("dev.vitrine.cli.Json");
    }

    @Test
    void aPackageCycleIsCaught() {
        assertThat(violations(ArchitectureRules.NO_PACKAGE_CYCLES)).contains("BackReference").contains("BrokenService");
    }

    @Test
    void aViewReachingPastThePortIsCaughtButTheConnectDialogsExceptionHolds() {
        String report = violations(ArchitectureRules.UI_DOES_NOT_KNOW_ADAPTERS);
        assertThat(report).contains("BrokenView").contains("ServerWorkspace").contains("ClearmlClient").contains("OfflineWorkspace");
        // the Connect dialog may test a connection with the client, and nothing more
        assertThat(report).contains("ArchFixtureConnect.notAllowed()").doesNotContain("ArchFixtureConnect.allowed(");
    }

    @Test
    void clearmlWireTypesOutsideClearmlAreCaughtInTheServerAdapterToo() {
        assertThat(violations(ArchitectureRules.CLEARML_WIRE_TYPES_STAY_IN_CLEARML))
                .contains("BrokenService").contains("BrokenAdapter").contains("clearml.internal.Dtos");
    }

    @Test
    void aClearmlSignatureShowingJacksonIsCaughtWhereverItHides() {
        assertThat(violations(ArchitectureRules.CLEARML_SHOWS_NO_JACKSON))
                .contains("LeakyClient.call(").contains("LeakyClient.nodes(").contains("LeakyClient.shared")
                .contains("LeakyClient$Reply.data(").contains("com.fasterxml.jackson.databind.JsonNode")
                .doesNotContain("LeakyClient.hidden(");
    }

    @Test
    void aPublicUntypedCallInClearmlIsCaught() {
        assertThat(violations(ArchitectureRules.CLEARML_HAS_NO_PUBLIC_UNTYPED_CALL))
                .contains("LeakyClient.call(").doesNotContain("LeakyClient.hidden(").doesNotContain("equals");
    }

    @Test
    void runLaterOutsideAsyncIsCaughtAsACallAndAsAMethodReference() {
        assertThat(violations(ArchitectureRules.ONLY_ASYNC_CALLS_RUN_LATER))
                .contains("BrokenService.later(").contains("BrokenService.laterByReference(");
    }

    @Test
    void aStaticMutableFieldIsCaught() {
        assertThat(violations(ArchitectureRules.NO_STATIC_MUTABLE_STATE)).contains("BrokenService.counter");
    }
}
