package dev.lethe.localstack.architecture;

import static dev.lethe.architecture.LetheRules.publicOnlyWhenUsedFromAnotherPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lethe.architecture.LetheRules;
import java.util.List;
import java.util.Set;

@AnalyzeClasses(packages = "dev.lethe.localstack", importOptions = ImportOption.DoNotIncludeTests.class)
class LocalStackArchitectureTest {

    /** The local stack is a library: the services' tests, the launcher and the benchmarks start it through these. */
    private static final Set<String> PUBLISHED_TO_OTHER_MODULES = Set.of(
            "dev.lethe.localstack.ChildProcess",
            "dev.lethe.localstack.Databases",
            "dev.lethe.localstack.JavaCommand",
            "dev.lethe.localstack.LocalJwt",
            "dev.lethe.localstack.LocalKafka",
            "dev.lethe.localstack.LocalPostgres",
            "dev.lethe.localstack.Ports",
            "dev.lethe.localstack.Processes",
            "dev.lethe.localstack.ShutdownHook",
            "dev.lethe.localstack.TestInfrastructure",
            "dev.lethe.localstack.evidence.DatabaseDump",
            "dev.lethe.localstack.evidence.PlaintextScan");

    @ArchTest
    static final ArchRule infraUsesTheServicesOnlyThroughTheirEntryPoints =
            LetheRules.INFRA_USES_THE_SERVICES_ONLY_THROUGH_THEIR_ENTRY_POINTS;

    @ArchTest
    static final ArchRule publicOnlyWhenUsedFromAnotherPackage =
            publicOnlyWhenUsedFromAnotherPackage(List.of("dev.lethe.localstack.."), PUBLISHED_TO_OTHER_MODULES);
}
