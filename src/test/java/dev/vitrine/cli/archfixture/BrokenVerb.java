package dev.vitrine.cli.archfixture;

/** A CLI verb that uses a window's class, for {@code ArchitectureRulesCatchViolationsTest}. Never run. */
public final class BrokenVerb {
    String size(long n) {
        return dev.vitrine.ui.common.Format.bytes(n);
    }
}
