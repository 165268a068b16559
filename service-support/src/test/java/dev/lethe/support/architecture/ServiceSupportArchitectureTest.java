package dev.lethe.support.architecture;

import static dev.lethe.architecture.LetheRules.publicOnlyWhenUsedFromAnotherPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lethe.architecture.LetheRules;
import java.util.List;
import java.util.Set;

@AnalyzeClasses(packages = "dev.lethe.support", importOptions = ImportOption.DoNotIncludeTests.class)
class ServiceSupportArchitectureTest {

    /**
     * What the services use of this module; this test cannot see them, so the list says it (a class that stops
     * being used by a service should leave it).
     */
    private static final Set<String> PUBLISHED_TO_THE_SERVICES = Set.of(
            "dev.lethe.support.benchmark.BenchmarkSwitches",
            "dev.lethe.support.crypto.CryptoProperties",
            "dev.lethe.support.health.TimeBoxedHealthCheck",
            "dev.lethe.support.identity.IdentityProperties",
            "dev.lethe.support.lifecycle.StartupStep",
            "dev.lethe.support.security.SecurityErrors",
            "dev.lethe.support.security.SecurityRoutes");

    @ArchTest
    static final ArchRule serviceSupportUsesNoServiceAndNoInfra = LetheRules.SERVICE_SUPPORT_USES_NO_SERVICE_AND_NO_INFRA;

    @ArchTest
    static final ArchRule publicOnlyWhenUsedFromAnotherPackage = publicOnlyWhenUsedFromAnotherPackage(
            List.of(LetheRules.SERVICE_SUPPORT), PUBLISHED_TO_THE_SERVICES);
}
