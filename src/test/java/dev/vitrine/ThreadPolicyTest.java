package dev.vitrine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.vitrine.concurrent.ExecutorFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One thread policy (issue 11, docs/decisions/threading.md): only {@link ExecutorFactory} makes
 * threads or executors; everything else gets an executor through its constructor.
 */
class ThreadPolicyTest {

    static JavaClasses main;

    static final ArchRule ONLY_THE_FACTORY_MAKES_THREADS = noClasses()
            .that().doNotBelongToAnyOf(ExecutorFactory.class)
            .should().callConstructor(Thread.class, Runnable.class)
            .orShould().callConstructor(Thread.class, Runnable.class, String.class)
            .orShould().callConstructor(Thread.class, String.class)
            .orShould().callConstructor(Thread.class)
            .orShould().dependOnClassesThat().belongToAnyOf(Executors.class, ThreadPoolExecutor.class,
                    java.util.concurrent.ScheduledThreadPoolExecutor.class, java.util.concurrent.ThreadFactory.class)
            .because("threads come from dev.vitrine.concurrent.ExecutorFactory, owned by app.Services and passed in by constructor");

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.vitrine");
    }

    @Test
    void onlyTheExecutorFactoryMakesThreads() {
        ONLY_THE_FACTORY_MAKES_THREADS.check(main);
    }

    @Test
    void theRuleCatchesAClassThatStartsItsOwnThread() {
        JavaClasses bad = new ClassFileImporter().importClasses(StartsAThread.class, MakesAPool.class);
        assertThatThrownBy(() -> ONLY_THE_FACTORY_MAKES_THREADS.check(bad))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(StartsAThread.class.getSimpleName())
                .hasMessageContaining(MakesAPool.class.getSimpleName());
    }

    /** A violation for the rule to catch. */
    static final class StartsAThread {
        StartsAThread() {
            new Thread(() -> { }, "own").start();
        }
    }

    /** Another one. */
    static final class MakesAPool {
        final java.util.concurrent.ExecutorService pool = Executors.newCachedThreadPool();
    }
}
