package dev.lethe.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules find what they are written against in small fixtures, and name each offender. */
class LetheRulesTest {

    private static final String VISIBILITY = "dev.lethe.architecture.fixture.visibility";

    @Test
    void aPublicClassOnlyItsOwnPackageUsesIsNamedWithTheFix() {
        EvaluationResult result = evaluate(
                LetheRules.publicOnlyWhenUsedFromAnotherPackage(List.of(VISIBILITY + ".."),
                        Set.of(VISIBILITY + ".a.Exempted")),
                VISIBILITY);

        // not UsedFromB, nor Outer (only its nested class is used outside), nor the main, nor the class Spring
        // loads by name, nor the exempted one, nor the package-private one
        assertThat(result.getFailureReport().getDetails()).containsExactly(
                VISIBILITY + ".a.UsedOnlyHere is public but no class outside " + VISIBILITY
                        + ".a uses it: make it package-private (UsedOnlyHere.java)");
    }

    @Test
    void anExemptPackageCoversAllItsClasses() {
        EvaluationResult result = evaluate(
                LetheRules.publicOnlyWhenUsedFromAnotherPackage(
                        List.of(VISIBILITY + ".."), Set.of(VISIBILITY + ".a..")),
                VISIBILITY);

        assertThat(result.hasViolation()).isFalse();
    }

    @Test
    void theContractMayNotDependOnALibraryBeyondJacksonAndAxonAnnotations() {
        EvaluationResult result = evaluate(
                LetheRules.CONTRACT_DEPENDS_ONLY_ON_THE_JDK_JACKSON_AND_AXON_ANNOTATIONS, "dev.lethe.contract.fixture");

        assertEveryViolationNames(result,
                "dev.lethe.contract.fixture.EventWithARuntime", "com.tngtech.archunit.core.domain.JavaClasses");
    }

    @Test
    void theCommandServiceMayNotUseTheQueryService() {
        EvaluationResult result = evaluate(
                LetheRules.COMMAND_SERVICE_USES_NEITHER_THE_QUERY_SERVICE_NOR_INFRA,
                "dev.lethe.command.fixture", "dev.lethe.query.fixture");

        assertEveryViolationNames(result,
                "dev.lethe.command.fixture.ReadsTheQuerySide", "dev.lethe.query.fixture.QueryInternal");
    }

    @Test
    void theQueryServiceRuleChecksTheQueryServiceOnly() {
        EvaluationResult result = evaluate(
                LetheRules.QUERY_SERVICE_USES_NEITHER_THE_COMMAND_SERVICE_NOR_INFRA,
                "dev.lethe.command.fixture", "dev.lethe.query.fixture");

        assertThat(result.hasViolation()).isFalse();
    }

    @Test
    void infraMayNotReachIntoAServiceBeyondItsEntryPoints() {
        EvaluationResult result = evaluate(
                LetheRules.INFRA_USES_THE_SERVICES_ONLY_THROUGH_THEIR_ENTRY_POINTS,
                "dev.lethe.local.fixture", "dev.lethe.command.fixture");

        assertEveryViolationNames(result,
                "dev.lethe.local.fixture.ReachesIntoTheCommandService", "dev.lethe.command.fixture.CommandInternal");
    }

    /** A dependency rule's failure names the class that depends and what it must not depend on. */
    private static void assertEveryViolationNames(EvaluationResult result, String origin, String target) {
        assertThat(result.getFailureReport().getDetails())
                .isNotEmpty()
                .allMatch(line -> line.contains(origin) && line.contains(target));
    }

    private static EvaluationResult evaluate(ArchRule rule, String... packages) {
        JavaClasses classes = new ClassFileImporter().importPackages(packages);
        return rule.evaluate(classes);
    }
}
