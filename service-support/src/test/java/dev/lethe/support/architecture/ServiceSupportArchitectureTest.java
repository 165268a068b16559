package dev.lethe.support.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.lethe.support", importOptions = ImportOption.DoNotIncludeTests.class)
class ServiceSupportArchitectureTest {

    /** What both services share knows neither: each service plugs its own parts in (routes, keys, filters). */
    @ArchTest
    static final ArchRule supportKnowsNoService = noClasses()
            .that().resideInAPackage("dev.lethe.support..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.lethe.command..", "dev.lethe.query..");
}
