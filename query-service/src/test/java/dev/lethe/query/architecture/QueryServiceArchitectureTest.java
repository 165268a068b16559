package dev.lethe.query.architecture;

import static dev.lethe.architecture.LetheRules.publicOnlyWhenUsedFromAnotherPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lethe.architecture.LetheRules;
import java.util.List;
import java.util.Set;

@AnalyzeClasses(packages = "dev.lethe.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QueryServiceArchitectureTest {

    /**
     * ProjectionRebuildIT (customerview) calls {@code PendingRebuilds.run()} to stand for the start-up after a
     * migration: the scheduled run has already found nothing pending in that context and never looks again.
     */
    private static final Set<String> PUBLIC_FOR_A_TEST_IN_ANOTHER_PACKAGE = Set.of(
            "dev.lethe.query.operations.PendingRebuilds");

    @ArchTest
    static final ArchRule queryServiceUsesNeitherTheCommandServiceNorInfra =
            LetheRules.QUERY_SERVICE_USES_NEITHER_THE_COMMAND_SERVICE_NOR_INFRA;

    @ArchTest
    static final ArchRule publicOnlyWhenUsedFromAnotherPackage = publicOnlyWhenUsedFromAnotherPackage(
            List.of(LetheRules.QUERY_SERVICE),
            PUBLIC_FOR_A_TEST_IN_ANOTHER_PACKAGE);
}
