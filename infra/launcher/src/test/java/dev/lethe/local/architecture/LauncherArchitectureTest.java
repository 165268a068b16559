package dev.lethe.local.architecture;

import static dev.lethe.architecture.LetheRules.publicOnlyWhenUsedFromAnotherPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lethe.architecture.LetheRules;
import java.util.List;
import java.util.Set;

@AnalyzeClasses(packages = "dev.lethe.local", importOptions = ImportOption.DoNotIncludeTests.class)
class LauncherArchitectureTest {

    /** The benchmarks run the platform in-process through these. */
    private static final Set<String> PUBLISHED_TO_OTHER_MODULES = Set.of(
            "dev.lethe.local.LaunchOptions",
            "dev.lethe.local.LethePlatform");

    /** BackupRestoreIT (dev.lethe.local) runs backup and restore in-process beside the platform it starts. */
    private static final Set<String> PUBLIC_FOR_A_TEST_IN_ANOTHER_PACKAGE = Set.of(
            "dev.lethe.local.backup.BackupException",
            "dev.lethe.local.backup.Database",
            "dev.lethe.local.backup.Manifest");

    @ArchTest
    static final ArchRule infraUsesTheServicesOnlyThroughTheirEntryPoints =
            LetheRules.INFRA_USES_THE_SERVICES_ONLY_THROUGH_THEIR_ENTRY_POINTS;

    @ArchTest
    static final ArchRule publicOnlyWhenUsedFromAnotherPackage =
            publicOnlyWhenUsedFromAnotherPackage(List.of("dev.lethe.local.."),
                    PUBLISHED_TO_OTHER_MODULES, PUBLIC_FOR_A_TEST_IN_ANOTHER_PACKAGE);
}
