package dev.vitrine;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.Set;

import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of docs/architecture.md, each with its named exceptions and their reasons. Kept apart
 * from {@link ArchitectureTest} so {@code ArchitectureRulesCatchViolationsTest} can show each one
 * failing on deliberately broken classes.
 */
final class ArchitectureRules {

    private ArchitectureRules() {}

    static final ArchRule NOTHING_BELOW_UI_IMPORTS_JAVAFX = noClasses()
            .that().resideOutsideOfPackages("dev.vitrine.ui..", "dev.vitrine.app..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..", "org.kordamp..")
            .because("services stay toolkit-free: the CLI and the tests use them without a display");

    static final ArchRule SERVICES_DO_NOT_KNOW_UI_OR_CLI = noClasses()
            .that().resideOutsideOfPackages("dev.vitrine.ui..", "dev.vitrine.app..", "dev.vitrine.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vitrine.ui..", "dev.vitrine.cli..", "dev.vitrine.app..");

    static final ArchRule CLI_DOES_NOT_KNOW_UI = noClasses()
            .that().resideInAPackage("dev.vitrine.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vitrine.ui..", "javafx..");

    static final ArchRule UI_DOES_NOT_KNOW_CLI = noClasses()
            .that().resideInAPackage("dev.vitrine.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.vitrine.cli..")
            .allowEmptyShould(true);

    /** Every package below dev.vitrine is a slice; none may reach itself again through others. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.vitrine.(**)").should().beFreeOfCycles();

    /** The adapters behind the {@code Workspace} port, and the ClearML client they use. */
    static final Set<String> ADAPTER_PACKAGES = Set.of("dev.vitrine.workspace.server", "dev.vitrine.workspace.offline",
            "dev.vitrine.workspace.demo", "dev.vitrine.clearml", "dev.vitrine.clearml.internal");

    /**
     * Named exception: the Connect dialog tests a server's connection before any workspace exists,
     * so it builds a client, shows the server's version and names a failed connection's cause.
     */
    static final Set<String> CONNECT_DIALOG_MAY_USE = Set.of("dev.vitrine.clearml.ClearmlClient",
            "dev.vitrine.clearml.ServerInfo", "dev.vitrine.clearml.ClearmlException");

    /**
     * The window knows the {@code Workspace} port only: adapters are chosen and opened by the
     * composition root ({@code app}), so a new kind of workspace needs no change in {@code ui}.
     */
    static final ArchRule UI_DOES_NOT_KNOW_ADAPTERS = classes()
            .that().resideInAPackage("dev.vitrine.ui..")
            .should(onlyHaveDependenciesWhere(DescribedPredicate.describe(
                    "the target is no adapter (workspace.server/offline/demo, clearml), except the ClearML connection test types in ui.connect",
                    ArchitectureRules::allowedFromUi)));

    private static boolean allowedFromUi(Dependency d) {
        String target = d.getTargetClass().getBaseComponentType().getPackageName();
        if (!ADAPTER_PACKAGES.contains(target)) return true;
        return d.getOriginClass().getPackageName().equals("dev.vitrine.ui.connect")
                && CONNECT_DIALOG_MAY_USE.contains(d.getTargetClass().getBaseComponentType().getName());
    }

    /**
     * The ClearML wire types ({@code clearml.internal}: reply DTOs mapped by Jackson) stay inside the
     * client; its typed calls answer with the public records of {@code clearml}.
     */
    static final ArchRule CLEARML_WIRE_TYPES_STAY_IN_CLEARML = noClasses()
            .that().resideOutsideOfPackages("dev.vitrine.clearml..")
            .should().dependOnClassesThat().resideInAPackage("dev.vitrine.clearml.internal..")
            .because("callers see the typed calls' records (TaskInfo, ModelInfo, ...), so a wire change stays in clearml");

    /**
     * What {@code clearml} shows its callers is free of Jackson: no public or protected member of a
     * public class outside {@code clearml.internal} has a {@code com.fasterxml.jackson} type in its
     * signature (parameters, result, type arguments, field type, throws). No named exception.
     */
    static final ArchRule CLEARML_SHOWS_NO_JACKSON = members()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.vitrine.clearml..")
            .and().areDeclaredInClassesThat().resideOutsideOfPackage("dev.vitrine.clearml.internal..")
            .and().areDeclaredInClassesThat().arePublic()
            .and(DescribedPredicate.describe("are public or protected", ArchitectureRules::visible))
            .should(new ArchCondition<JavaMember>("have no com.fasterxml.jackson type in their signature") {
                @Override
                public void check(JavaMember m, ConditionEvents events) {
                    for (JavaClass t : signatureTypes(m)) {
                        if (t.getPackageName().startsWith("com.fasterxml.jackson")) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + " shows " + t.getName()));
                        }
                    }
                }
            })
            .because("callers build no Jackson bodies and read no Jackson trees: request bodies are made inside clearml")
            .allowEmptyShould(true);

    /**
     * No public method of {@code clearml} takes an untyped request body ({@code Object}): the raw
     * {@code call(endpoint, body)} stays package-private behind the typed calls. {@code equals} aside.
     */
    static final ArchRule CLEARML_HAS_NO_PUBLIC_UNTYPED_CALL = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.vitrine.clearml..")
            .and().areDeclaredInClassesThat().resideOutsideOfPackage("dev.vitrine.clearml.internal..")
            .and(DescribedPredicate.describe("are public or protected", ArchitectureRules::visible))
            .and().doNotHaveName("equals")
            .should(new ArchCondition<JavaMethod>("take no parameter of type Object") {
                @Override
                public void check(JavaMethod m, ConditionEvents events) {
                    if (m.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(Object.class))) {
                        events.add(SimpleConditionEvent.violated(m, m.getFullName() + " takes an untyped body"));
                    }
                }
            })
            .because("only the typed calls (TasksApi, ModelsApi, ProjectsApi, EventsApi) reach the server")
            .allowEmptyShould(true);

    private static boolean visible(JavaMember m) {
        return m.getModifiers().contains(JavaModifier.PUBLIC) || m.getModifiers().contains(JavaModifier.PROTECTED);
    }

    private static Set<JavaClass> signatureTypes(JavaMember m) {
        Set<JavaClass> out = new java.util.HashSet<>();
        if (m instanceof JavaField f) out.addAll(f.getType().getAllInvolvedRawTypes());
        if (m instanceof JavaCodeUnit c) {
            out.addAll(c.getReturnType().getAllInvolvedRawTypes());
            c.getParameterTypes().forEach(p -> out.addAll(p.getAllInvolvedRawTypes()));
            c.getThrowsClause().getTypes().forEach(t -> out.addAll(t.getAllInvolvedRawTypes()));
        }
        return out;
    }

    /**
     * Results reach the FX thread in one place, which drops stale results and releases what they
     * hold. A method reference ({@code Platform::runLater}) counts as a call.
     */
    static final ArchRule ONLY_ASYNC_CALLS_RUN_LATER = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.vitrine.ui.common.Async")
            .should().accessTargetWhere(DescribedPredicate.describe("Platform.runLater", ArchitectureRules::isRunLater))
            .because("ViewModels hand results to the FX thread through ui.common.Async only");

    private static boolean isRunLater(JavaAccess<?> access) {
        return access.getTarget().getOwner().getName().equals("javafx.application.Platform")
                && access.getTarget().getName().equals("runLater");
    }

    /** Static mutable state belongs to the composition root; everything else gets what it shares by constructor. */
    static final ArchRule NO_STATIC_MUTABLE_STATE = fields()
            .that().areDeclaredInClassesThat().resideOutsideOfPackage("dev.vitrine.app..")
            .and().areStatic()
            .should().beFinal()
            .because("what is shared is made once by app.Services and passed in by constructor");
}
