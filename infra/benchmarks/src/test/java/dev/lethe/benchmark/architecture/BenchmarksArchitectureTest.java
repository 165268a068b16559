package dev.lethe.benchmark.architecture;

import static dev.lethe.architecture.LetheRules.publicOnlyWhenUsedFromAnotherPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lethe.architecture.LetheRules;
import java.util.List;

@AnalyzeClasses(packages = "dev.lethe.benchmark", importOptions = ImportOption.DoNotIncludeTests.class)
class BenchmarksArchitectureTest {

    @ArchTest
    static final ArchRule infraUsesTheServicesOnlyThroughTheirEntryPoints =
            LetheRules.INFRA_USES_THE_SERVICES_ONLY_THROUGH_THEIR_ENTRY_POINTS;

    @ArchTest
    static final ArchRule publicOnlyWhenUsedFromAnotherPackage =
            publicOnlyWhenUsedFromAnotherPackage(List.of("dev.lethe.benchmark.."));
}
