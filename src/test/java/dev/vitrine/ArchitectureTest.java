package dev.vitrine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering of ARCHITECTURE.md: services stay toolkit-free and never reach up into ui or cli. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vitrine");
    }

    @Test
    void nothingBelowUiImportsJavaFx() {
        noClasses().that().resideOutsideOfPackages("dev.vitrine.ui..", "dev.vitrine.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..", "org.kordamp..")
                .check(classes);
    }

    @Test
    void servicesDoNotKnowUiOrCli() {
        noClasses().that().resideOutsideOfPackages("dev.vitrine.ui..", "dev.vitrine.app..", "dev.vitrine.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vitrine.ui..", "dev.vitrine.cli..", "dev.vitrine.app..")
                .check(classes);
    }

    @Test
    void cliDoesNotKnowUi() {
        noClasses().that().resideInAPackage("dev.vitrine.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vitrine.ui..", "javafx..")
                .check(classes);
    }

    @Test
    void uiDoesNotKnowCli() {
        noClasses().that().resideInAPackage("dev.vitrine.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.vitrine.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
