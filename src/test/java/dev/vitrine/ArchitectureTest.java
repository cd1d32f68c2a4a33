package dev.vitrine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of docs/architecture.md, checked on the main classes (the rules live in {@link ArchitectureRules}). */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vitrine");
    }

    @Test
    void nothingBelowUiImportsJavaFx() {
        ArchitectureRules.NOTHING_BELOW_UI_IMPORTS_JAVAFX.check(classes);
    }

    @Test
    void servicesDoNotKnowUiOrCli() {
        ArchitectureRules.SERVICES_DO_NOT_KNOW_UI_OR_CLI.check(classes);
    }

    @Test
    void cliDoesNotKnowUi() {
        ArchitectureRules.CLI_DOES_NOT_KNOW_UI.check(classes);
    }

    @Test
    void uiDoesNotKnowCli() {
        ArchitectureRules.UI_DOES_NOT_KNOW_CLI.check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
    }

    @Test
    void uiReachesAdaptersOnlyThroughThePort() {
        ArchitectureRules.UI_DOES_NOT_KNOW_ADAPTERS.check(classes);
    }

    @Test
    void clearmlWireTypesStayInClearml() {
        ArchitectureRules.CLEARML_WIRE_TYPES_STAY_IN_CLEARML.check(classes);
    }

    @Test
    void clearmlShowsNoJackson() {
        ArchitectureRules.CLEARML_SHOWS_NO_JACKSON.check(classes);
    }

    @Test
    void clearmlHasNoPublicUntypedCall() {
        ArchitectureRules.CLEARML_HAS_NO_PUBLIC_UNTYPED_CALL.check(classes);
    }

    @Test
    void onlyAsyncCallsRunLater() {
        ArchitectureRules.ONLY_ASYNC_CALLS_RUN_LATER.check(classes);
    }

    @Test
    void noStaticMutableStateOutsideApp() {
        ArchitectureRules.NO_STATIC_MUTABLE_STATE.check(classes);
    }
}
