package dev.lethe.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The layout of record as ArchUnit rules, written once for every module's architecture test. Each rule names the
 * packages it constrains, so a module applies only the rules whose classes it holds (a rule that checks no class
 * fails, rather than passing without looking).
 */
public final class LetheRules {

    public static final String CONTRACT = "dev.lethe.contract..";
    public static final String SHREDDING = "dev.lethe.shredding..";
    public static final String COMMAND_SERVICE = "dev.lethe.command..";
    public static final String QUERY_SERVICE = "dev.lethe.query..";
    public static final String SERVICE_SUPPORT = "dev.lethe.support..";
    public static final List<String> INFRA = List.of(
            "dev.lethe.local..", "dev.lethe.localstack..", "dev.lethe.benchmark..", "dev.lethe.chaos..",
            "dev.lethe.auditverifier..");

    /** Besides the JDK and Jackson, the wire contract may use Axon's annotations, nothing of Axon's runtime. */
    public static final Set<String> AXON_ANNOTATIONS_THE_CONTRACT_USES = Set.of(
            "org.axonframework.modelling.command.TargetAggregateIdentifier",
            "org.axonframework.serialization.Revision");

    /**
     * The services' classes infra may use. Infra runs the services as processes (their runnable jars) and talks to
     * them over HTTP, Kafka and files (the restore hands the erasure ledger over as a file, ADR 0004), so it uses
     * none. A service class added here is a published entry point: name it by class ({@code dev.lethe.command.x.Y})
     * or by a package of its own ({@code dev.lethe.command.x..}).
     */
    public static final Set<String> SERVICE_ENTRY_POINTS_INFRA_MAY_USE = Set.of();

    public static final ArchRule CONTRACT_DEPENDS_ONLY_ON_THE_JDK_JACKSON_AND_AXON_ANNOTATIONS = classes()
            .that().resideInAPackage(CONTRACT)
            .should().onlyDependOnClassesThat(
                    resideInAnyPackage("java..", CONTRACT,
                            "com.fasterxml.jackson.annotation..", "com.fasterxml.jackson.databind..")
                            .or(nameIn(AXON_ANNOTATIONS_THE_CONTRACT_USES)))
            .because("the contract is what senders and readers compile against: it must not drag in a runtime");

    public static final ArchRule SHARED_EVENTS_USES_NO_SERVICE_AND_NO_INFRA = noClasses()
            .that().resideInAnyPackage(CONTRACT, SHREDDING)
            .should().dependOnClassesThat().resideInAnyPackage(
                    concat(List.of(COMMAND_SERVICE, QUERY_SERVICE, SERVICE_SUPPORT), INFRA))
            .because("the contract and the shredding library are used by the services, never the other way round");

    public static final ArchRule SERVICE_SUPPORT_USES_NO_SERVICE_AND_NO_INFRA = noClasses()
            .that().resideInAPackage(SERVICE_SUPPORT)
            .should().dependOnClassesThat().resideInAnyPackage(concat(List.of(COMMAND_SERVICE, QUERY_SERVICE), INFRA))
            .because("what both services configure the same way knows neither: each service plugs its own parts in"
                    + " (routes, keys, filters)");

    public static final ArchRule COMMAND_SERVICE_USES_NEITHER_THE_QUERY_SERVICE_NOR_INFRA = noClasses()
            .that().resideInAPackage(COMMAND_SERVICE)
            .should().dependOnClassesThat().resideInAnyPackage(concat(List.of(QUERY_SERVICE), INFRA))
            .because("the services share only the contract and the wire; infra runs them, not the other way round");

    public static final ArchRule QUERY_SERVICE_USES_NEITHER_THE_COMMAND_SERVICE_NOR_INFRA = noClasses()
            .that().resideInAPackage(QUERY_SERVICE)
            .should().dependOnClassesThat().resideInAnyPackage(concat(List.of(COMMAND_SERVICE), INFRA))
            .because("the services share only the contract and the wire; infra runs them, not the other way round");

    public static final ArchRule INFRA_USES_THE_SERVICES_ONLY_THROUGH_THEIR_ENTRY_POINTS = noClasses()
            .that().resideInAnyPackage(INFRA.toArray(String[]::new))
            .should().dependOnClassesThat(resideInAnyPackage(COMMAND_SERVICE, QUERY_SERVICE)
                    .and(not(namedOrIn(SERVICE_ENTRY_POINTS_INFRA_MAY_USE))))
            .because("infra may start a service or call an entry point it publishes, never reach into its internals"
                    + " (SERVICE_ENTRY_POINTS_INFRA_MAY_USE lists what it may use)");

    /**
     * A public top-level class of {@code modulePackages} must be used from another package of the analysed classes,
     * or be an entry point ({@link EntryPoints}). Each {@code exempt} list names classes ({@code dev.lethe.x.Y}) or
     * packages ({@code dev.lethe.x..}) that stay public for a reason the analysed classes cannot show: say it where
     * the list is declared.
     */
    @SafeVarargs
    public static ArchRule publicOnlyWhenUsedFromAnotherPackage(
            Collection<String> modulePackages, Collection<String>... exempt) {
        Set<String> exempted = Stream.of(exempt).flatMap(Collection::stream).collect(Collectors.toSet());
        return classes()
                .that().resideInAnyPackage(modulePackages.toArray(String[]::new))
                .and().areTopLevelClasses().and().arePublic()
                .and(not(EntryPoints.ENTRY_POINT))
                .and(not(namedOrIn(exempted)))
                .should(UsedFromAnotherPackage.BE_USED_FROM_ANOTHER_PACKAGE)
                .because("a class no other package uses is an implementation detail of its package")
                // a module whose classes are all package-private is the goal, not a rule that checked nothing
                .allowEmptyShould(true);
    }

    private LetheRules() {
    }

    private static DescribedPredicate<JavaClass> nameIn(Set<String> names) {
        return DescribedPredicate.describe("named in " + names, javaClass -> names.contains(javaClass.getName()));
    }

    private static DescribedPredicate<JavaClass> namedOrIn(Set<String> classesOrPackages) {
        Set<String> names = classesOrPackages.stream().filter(name -> !name.endsWith("..")).collect(Collectors.toSet());
        String[] packages = classesOrPackages.stream().filter(name -> name.endsWith("..")).toArray(String[]::new);
        return nameIn(names).or(resideInAnyPackage(packages)).as("named in or residing in " + classesOrPackages);
    }

    private static String[] concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toArray(String[]::new);
    }
}
