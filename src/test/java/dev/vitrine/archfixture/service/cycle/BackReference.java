package dev.vitrine.archfixture.service.cycle;

import dev.vitrine.archfixture.service.BrokenService;

/** Closes a package cycle with {@link BrokenService}, for {@code ArchitectureRulesCatchViolationsTest}. */
public final class BackReference {
    private BrokenService service;
}
